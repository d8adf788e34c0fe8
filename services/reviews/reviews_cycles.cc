// Opening, reading, cancelling and deciding review cycles.
#include <map>
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_internal.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

namespace dv1 = directory::v1;
using Rec = recommendations::v1::Recommendation;
using Cycle = v1::ReviewCycle;

// The recommendation state a decision leads to.
const char* TargetState(v1::Decision::Outcome outcome) {
  switch (outcome) {
    case v1::Decision::OUTCOME_APPROVE:
      return "STATE_APPROVED";
    case v1::Decision::OUTCOME_REQUEST_CHANGES:
      return "STATE_CHANGES_REQUESTED";
    default:
      return "STATE_REJECTED";
  }
}

// A cycle that requires cross-country balance is decided only once a review
// from outside the authors' countries is in: assigning one is not enough.
// A reviewer missing from `reviewers` (assigned after they were asked)
// does not count.
absl::Status CheckCrossCountryReviewed(const Cycle& cycle, const std::vector<AssignmentRow>& rows,
                                       const std::map<std::string, PersonFacts>& reviewers,
                                       const std::vector<PersonFacts>& authors) {
  if (!cycle.policy().require_cross_country()) return absl::OkStatus();
  for (const AssignmentRow& a : rows) {
    if (a.assignment.state() != v1::Assignment::STATE_SUBMITTED) continue;
    auto it = reviewers.find(a.assignment.reviewer());
    if (it != reviewers.end() && IsCrossCountry(it->second, authors)) return absl::OkStatus();
  }
  std::set<std::string> countries;
  for (const PersonFacts& a : authors) countries.insert(a.country);
  return absl::FailedPreconditionError(
      absl::StrCat("the cycle requires cross-country balance: a decision needs a submitted review "
                   "from outside ",
                   absl::StrJoin(countries, ", "), ", and none of its reviews in so far is"));
}

}  // namespace

absl::StatusOr<Cycle> Reviews::OpenReviewCycle(const CallContext& call, DbSession& db,
                                               const v1::OpenReviewCycleRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("parent", req.parent(), {"summits", "recommendations"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  v1::ReviewPolicy policy = req.policy();
  if (policy.required_reviews() < 1 || policy.required_reviews() > 10) {
    return InvalidField("policy.required_reviews", "must be between 1 and 10");
  }
  if (!v1::BlindMode_IsValid(policy.blind_mode())) {
    return InvalidField("policy.blind_mode", "is not a known mode");
  }
  if (policy.blind_mode() == v1::BLIND_MODE_UNSPECIFIED)
    policy.set_blind_mode(v1::BLIND_MODE_SINGLE_BLIND);
  if (!call.principal.IsService() && !call.principal.Has(dv1::ROLE_COORDINATOR)) {
    return absl::PermissionDeniedError("opening a review cycle is for coordinators");
  }
  ASSIGN_OR_RETURN(const Rec rec, deps_.recommendations->Get(req.parent(), call.deadline));
  if (absl::c_linear_search(rec.authors(), call.principal.subject)) {
    return absl::PermissionDeniedError(
        "opening a review cycle is for coordinators who are not authors of the recommendation");
  }
  if (!call.principal.IsService()) {
    ASSIGN_OR_RETURN(const std::vector<PersonFacts> authors, FactsOf(call, rec.authors()));
    RETURN_IF_ERROR(RequireTrackCoordinator(call, rec.track(), "opening a review cycle"));
    RETURN_IF_ERROR(RequireNoConflict(call, authors, "opening a review cycle"));
  }
  // Submitted, or in review after a cancelled cycle.
  if (rec.state() != Rec::STATE_SUBMITTED && rec.state() != Rec::STATE_IN_REVIEW) {
    return absl::FailedPreconditionError(
        absl::StrCat("only submitted recommendations can be reviewed; ", rec.number(), " is ",
                     absl::AsciiStrToLower(Rec::State_Name(rec.state()).substr(6))));
  }
  const std::string due_us =
      req.has_due_time() ? absl::StrCat(absl::ToUnixMicros(FromProtoTime(req.due_time()))) : "";
  std::string response_due_us;
  if (policy.author_response()) {
    if (!req.has_author_response_due_time()) {
      return InvalidField("author_response_due_time",
                          "is required when the policy asks for an author response");
    }
    const absl::Time response_due = FromProtoTime(req.author_response_due_time());
    if (response_due <= deps_.clock->Now()) {
      return InvalidField("author_response_due_time", "must be in the future");
    }
    response_due_us = absl::StrCat(absl::ToUnixMicros(response_due));
  } else if (req.has_author_response_due_time()) {
    return InvalidField("author_response_due_time",
                        "is only for a policy that asks for an author response");
  }
  absl::StatusOr<Cycle> opened = RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<Cycle>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "OpenReviewCycle", req),
        [&]() -> absl::StatusOr<Cycle> {
          for (const pqxx::row& r : txn.exec_prepared(sql::kListCycles, req.parent())) {
            const CycleRow existing = ReadCycle(r);
            if (existing.cycle.state() == Cycle::STATE_OPEN) {
              return absl::FailedPreconditionError(absl::StrCat(
                  rec.number(), " already has an open review cycle: ", existing.cycle.name()));
            }
          }
          const int round = txn.exec_prepared(sql::kCountCycles, req.parent())[0][0].as<int>() + 1;
          const std::string name = absl::StrCat(req.parent(), "/reviewCycles/round-", round);
          const std::string summit = req.parent().substr(0, req.parent().find("/recommendations/"));
          const pqxx::result r = txn.exec_prepared(
              sql::kInsertCycle, name, req.parent(), summit, round, rec.current_version(),
              policy.required_reviews(), v1::BlindMode_Name(policy.blind_mode()),
              policy.require_cross_country(), due_us.empty() ? nullptr : due_us.c_str(),
              call.principal.subject,
              ToJsonArray(std::vector<std::string>(rec.authors().begin(), rec.authors().end())),
              rec.track(), rec.number(), policy.author_response(),
              response_due_us.empty() ? nullptr : response_due_us.c_str());
          const Cycle cycle = ReadCycle(r[0]).cycle;
          if (rec.state() == Rec::STATE_SUBMITTED) {
            internal::EnqueueState(txn, req.parent(), "STATE_IN_REVIEW", "review cycle opened");
          }
          sql::kSchema.Record(txn, call, "reviews.cycle.opened", name, "", ToJson(cycle),
                              req.request_id());
          return cycle;
        });
  });
  if (opened.ok()) Notify();
  return opened;
}

absl::StatusOr<Cycle> Reviews::GetReviewCycle(const CallContext& call, DbSession& db,
                                              const v1::GetReviewCycleRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("name", req.name()));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.name()));
  return ctx.cycle.cycle;
}

absl::StatusOr<v1::ListReviewCyclesResponse> Reviews::ListReviewCycles(
    const CallContext& call, DbSession& db, const v1::ListReviewCyclesRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("parent", req.parent(), {"summits", "recommendations"}).status());
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("cycles|", req.parent())));
  std::vector<CycleRow> rows;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    rows.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListCycles, req.parent()))
      rows.push_back(ReadCycle(r));
    return absl::OkStatus();
  }));
  v1::ListReviewCyclesResponse resp;
  for (const CycleRow& row : rows) {
    // Each cycle answers to the same rule as Get: who the caller is to it.
    if (Load(call, db, row.cycle.name()).ok()) *resp.add_review_cycles() = row.cycle;
  }
  if (resp.review_cycles().empty()) {
    // No cycle to show: an empty list only to those who may see the
    // recommendation, the same NOT_FOUND as for a missing one to the rest.
    absl::StatusOr<Rec> found = deps_.recommendations->Get(req.parent(), call.deadline);
    if (found.status().code() == absl::StatusCode::kNotFound) return ResourceNotFound(req.parent());
    if (!found.ok()) return found.status();
    const Rec& rec = *found;
    const bool public_work =
        rec.state() == Rec::STATE_APPROVED || rec.state() == Rec::STATE_ADOPTED;
    if (!public_work && !call.principal.IsService() && !call.principal.Has(dv1::ROLE_COORDINATOR) &&
        !absl::c_linear_search(rec.authors(), call.principal.subject)) {
      return ResourceNotFound(req.parent());
    }
  }
  resp.set_next_page_token(
      PageInMemory(page, resp.mutable_review_cycles(), [](const Cycle& c) { return c.name(); }));
  return resp;
}

absl::StatusOr<Cycle> Reviews::CancelReviewCycle(const CallContext& call, DbSession& db,
                                                 const v1::CancelReviewCycleRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("name", req.name()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), {.max_chars = kMaxShortTextChars}));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.name()));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "cancelling a review cycle"));
  absl::StatusOr<Cycle> cancelled =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<Cycle> {
        const CycleRow row = ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, req.name())[0]);
        RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.cycle.etag()));
        if (row.cycle.state() != Cycle::STATE_OPEN) {
          return absl::FailedPreconditionError(absl::StrCat(req.name(), " is no longer open"));
        }
        const Cycle after =
            ReadCycle(txn.exec_prepared(sql::kCancelCycle, req.name(), req.reason())[0]).cycle;
        // The work waits for a new cycle again: back to submitted.
        internal::EnqueueState(txn, row.recommendation, "STATE_SUBMITTED",
                               absl::StrCat("review cycle cancelled: ", req.reason()));
        sql::kSchema.Record(txn, call, "reviews.cycle.cancelled", req.name(), ToJson(row.cycle),
                            ToJson(after));
        return after;
      });
  if (cancelled.ok()) Notify();
  return cancelled;
}

absl::StatusOr<Cycle> Reviews::DecideReviewCycle(const CallContext& call, DbSession& db,
                                                 const v1::DecideReviewCycleRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("name", req.name()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (req.outcome() == v1::Decision::OUTCOME_UNSPECIFIED ||
      !v1::Decision::Outcome_IsValid(req.outcome())) {
    return InvalidField("outcome", "is required: approve, request_changes or reject");
  }
  RETURN_IF_ERROR(
      ValidateText("rationale", req.rationale(), {.required = true, .max_chars = 5000}));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.name()));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "deciding a review cycle"));
  // Where each reviewer is from, asked before any row is locked.
  std::map<std::string, PersonFacts> reviewers;
  if (ctx.cycle.cycle.policy().require_cross_country()) {
    for (const AssignmentRow& a : ctx.assignments) {
      if (!IsActiveAssignment(a.assignment.state())) continue;
      ASSIGN_OR_RETURN(reviewers[a.assignment.reviewer()], Facts(call, a.assignment.reviewer()));
    }
  }
  absl::StatusOr<Cycle> decided = RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<Cycle>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "DecideReviewCycle", req),
        [&]() -> absl::StatusOr<Cycle> {
          // The row lock makes concurrent deciders take turns; the second finds it decided.
          const CycleRow row = ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, req.name())[0]);
          if (row.cycle.state() == Cycle::STATE_DECIDED) {
            return absl::AbortedError(absl::StrCat(req.name(), " was already decided by ",
                                                   row.cycle.decision().decider()));
          }
          if (row.cycle.state() != Cycle::STATE_OPEN) {
            return absl::FailedPreconditionError(absl::StrCat(req.name(), " was cancelled"));
          }
          RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.cycle.etag()));
          const std::vector<AssignmentRow> rows =
              ReadAssignments(txn, req.name(), deps_.clock->Now());
          const int submitted = static_cast<int>(absl::c_count_if(rows, [](const AssignmentRow& a) {
            return a.assignment.state() == v1::Assignment::STATE_SUBMITTED;
          }));
          if (submitted < row.cycle.policy().required_reviews()) {
            return absl::FailedPreconditionError(
                absl::StrCat("the cycle needs ", row.cycle.policy().required_reviews(),
                             " submitted reviews before a decision; it has ", submitted));
          }
          RETURN_IF_ERROR(CheckCrossCountryReviewed(row.cycle, rows, reviewers, ctx.authors));
          // The authors' answer is read before deciding, until its date.
          if (row.cycle.policy().author_response() && !row.cycle.author_responded() &&
              deps_.clock->Now() < FromProtoTime(row.cycle.author_response_due_time())) {
            return absl::FailedPreconditionError(
                absl::StrCat("the cycle waits for the authors' response until ",
                             absl::FormatTime(absl::RFC3339_sec,
                                              FromProtoTime(row.cycle.author_response_due_time()),
                                              absl::UTCTimeZone())));
          }
          const Cycle after =
              ReadCycle(txn.exec_prepared(sql::kDecideCycle, req.name(),
                                          v1::Decision::Outcome_Name(req.outcome()),
                                          req.rationale(), call.principal.subject)[0])
                  .cycle;
          internal::EnqueueState(txn, row.recommendation, TargetState(req.outcome()),
                                 req.rationale());
          sql::kSchema.Record(txn, call, "reviews.cycle.decided", req.name(), ToJson(row.cycle),
                              ToJson(after), req.request_id());
          return after;
        });
  });
  if (decided.ok()) Notify();
  return decided;
}

}  // namespace summit::reviews
