// Loading a cycle with who the caller is to it; facts about people.
#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_internal.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {

namespace dv1 = directory::v1;

absl::StatusOr<PersonFacts> Reviews::Facts(const CallContext& call,
                                           const std::string& person) const {
  ASSIGN_OR_RETURN(const dv1::Person p, deps_.directory->Person(person, call.deadline));
  PersonFacts facts{.name = p.name(),
                    .organization = p.organization(),
                    .country = "",
                    .is_expert = absl::c_linear_search(p.roles(), dv1::ROLE_EXPERT)};
  if (!p.organization().empty()) {
    ASSIGN_OR_RETURN(const dv1::Organization org,
                     deps_.directory->Organization(p.organization(), call.deadline));
    facts.country = org.country_code();
  }
  return facts;
}

absl::StatusOr<Reviews::Context> Reviews::Load(const CallContext& call, DbSession& db,
                                               const std::string& cycle_name) const {
  Context ctx;
  const absl::Time now = deps_.clock->Now();
  // The cycle and its assignments in one read, outside a transaction.
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    auto found =
        ReadCycleWithAssignments(txn.exec_prepared(sql::kGetCycleWithAssignments, cycle_name), now);
    if (!found) return ResourceNotFound(cycle_name);
    ctx.cycle = std::move(found->first);
    ctx.assignments = std::move(found->second);
    return absl::OkStatus();
  }));
  // Who the caller is to the recommendation, from a recent look at it.
  absl::StatusOr<recommendations::v1::Recommendation> rec =
      deps_.recommendations->GetRecent(ctx.cycle.recommendation, call.deadline);
  if (rec.ok()) {
    ctx.recommendation = *std::move(rec);
    const std::vector<std::string> authors(ctx.recommendation.authors().begin(),
                                           ctx.recommendation.authors().end());
    if (authors != ctx.cycle.authors || ctx.recommendation.track() != ctx.cycle.track ||
        ctx.recommendation.number() != ctx.cycle.number) {
      RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
        txn.exec_prepared(sql::kRememberRecommendation, ctx.cycle.recommendation,
                          ToJsonArray(authors), ctx.recommendation.track(),
                          ctx.recommendation.number());
        return absl::OkStatus();
      }));
    }
  } else if (rec.status().code() == absl::StatusCode::kUnavailable) {
    // The recommendations service is unreachable: go on with the
    // recommendation as last seen (its state is then unknown).
    ctx.recommendation.set_name(ctx.cycle.recommendation);
    for (const std::string& a : ctx.cycle.authors) ctx.recommendation.add_authors(a);
    ctx.recommendation.set_track(ctx.cycle.track);
    ctx.recommendation.set_number(ctx.cycle.number);
  } else {
    return rec.status();
  }
  ASSIGN_OR_RETURN(ctx.authors, FactsOf(call, ctx.recommendation.authors()));
  ctx.is_author = absl::c_linear_search(ctx.recommendation.authors(), call.principal.subject);
  ctx.is_coordinator =
      !ctx.is_author && (call.principal.IsService() || call.principal.Has(dv1::ROLE_COORDINATOR));
  for (size_t i = 0; i < ctx.assignments.size(); ++i) {
    const v1::Assignment& a = ctx.assignments[i].assignment;
    if (a.reviewer() == call.principal.subject && IsActiveAssignment(a.state())) {
      ctx.own = static_cast<int>(i);
    }
  }
  if (!ctx.is_author && !ctx.is_coordinator && ctx.own < 0) return ResourceNotFound(cycle_name);
  return ctx;
}

absl::Status Reviews::RequireDecider(const CallContext& call, const Context& ctx,
                                     absl::string_view action) const {
  if (ctx.is_author) {
    return absl::PermissionDeniedError(
        absl::StrCat(action, " is for coordinators who are not authors of the recommendation"));
  }
  if (!ctx.is_coordinator) {
    return absl::PermissionDeniedError(absl::StrCat(action, " is for coordinators"));
  }
  RETURN_IF_ERROR(RequireTrackCoordinator(call, ctx.recommendation.track(), action));
  return RequireNoConflict(call, ctx.authors, action);
}

absl::Status Reviews::RequireTrackCoordinator(const CallContext& call, const std::string& track,
                                              absl::string_view action) const {
  if (call.principal.IsService() || track.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const dv1::Track t, deps_.directory->Track(track, call.deadline));
  std::vector<std::string> runners(t.coordinators().begin(), t.coordinators().end());
  if (!t.lead_coordinator().empty()) runners.insert(runners.begin(), t.lead_coordinator());
  if (runners.empty() || absl::c_linear_search(runners, call.principal.subject)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      action, " in ", track, " is for its coordinators (", absl::StrJoin(runners, ", "), ")"));
}

absl::Status Reviews::RequireNoConflict(const CallContext& call,
                                        const std::vector<PersonFacts>& authors,
                                        absl::string_view action) const {
  if (call.principal.IsService()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const PersonFacts me, Facts(call, call.principal.subject));
  if (absl::Status conflict = CheckConflict(me, authors); !conflict.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        action, " is for coordinators without a conflict of interest: ", conflict.message()));
  }
  return absl::OkStatus();
}

v1::Assignment Reviews::Present(const Context& ctx, const CallContext& call,
                                v1::Assignment a) const {
  const bool own = a.reviewer() == call.principal.subject;
  if (!own &&
      !MayKnowReviewer(ctx.cycle.cycle.policy().blind_mode(), ctx.is_author, ctx.is_coordinator)) {
    a.clear_reviewer();
  }
  // A coordinator's reason for removing a reviewer may name them.
  if (!own && !ctx.is_coordinator) a.clear_removal_reason();
  return a;
}

void Reviews::Notify() const {
  if (deps_.outbox_written) deps_.outbox_written();
}

}  // namespace summit::reviews
