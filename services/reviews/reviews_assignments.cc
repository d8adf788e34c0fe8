// Assigning reviewers (with the conflict rules), suggestions, and the
// reviewer's answer.
#include <map>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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
#include "services/reviews/suggestions.h"

namespace summit::reviews {
namespace {

namespace dv1 = directory::v1;
using A = v1::Assignment;

}  // namespace

absl::StatusOr<A> Reviews::Assign(pqxx::transaction_base& txn, const CallContext& call,
                                  const Context& ctx, const PersonFacts& reviewer,
                                  absl::Time response_due, absl::Time review_due,
                                  std::vector<PersonFacts>* assigned) const {
  RETURN_IF_ERROR(CheckAssignable(reviewer, ctx.authors, *assigned, ctx.cycle.cycle.policy()));
  const int position =
      static_cast<int>(txn.exec_prepared(sql::kListAssignments, ctx.cycle.cycle.name()).size());
  const std::string name = absl::StrCat(ctx.cycle.cycle.name(), "/assignments/a", position + 1);
  const pqxx::result r = txn.exec_prepared(
      sql::kInsertAssignment, name, ctx.cycle.cycle.name(), position, reviewer.name,
      reviewer.country, absl::ToUnixMicros(response_due), absl::ToUnixMicros(review_due));
  const A created = ReadAssignment(r[0], deps_.clock->Now()).assignment;
  assigned->push_back(reviewer);
  sql::kSchema.Record(txn, call, "reviews.assignment.created", name, "", ToJson(created));
  return created;
}

absl::StatusOr<A> Reviews::CreateAssignment(const CallContext& call, DbSession& db,
                                            const v1::CreateAssignmentRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("parent", req.parent()));
  RETURN_IF_ERROR(ParseResourceName("reviewer", req.reviewer(), {"people"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  ASSIGN_OR_RETURN(const internal::DueTimes due,
                   internal::Dues(req.has_response_due_time() ? &req.response_due_time() : nullptr,
                                  req.has_review_due_time() ? &req.review_due_time() : nullptr,
                                  deps_.clock->Now()));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.parent()));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "assigning reviewers"));
  absl::StatusOr<PersonFacts> reviewer = Facts(call, req.reviewer());
  if (!reviewer.ok()) return AsFieldError(reviewer.status(), "reviewer");
  absl::StatusOr<A> created = RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<A>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "CreateAssignment", req), [&]() -> absl::StatusOr<A> {
          const CycleRow cycle =
              ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, req.parent())[0]);
          if (cycle.cycle.state() != v1::ReviewCycle::STATE_OPEN) {
            return absl::FailedPreconditionError(absl::StrCat(req.parent(), " is no longer open"));
          }
          std::vector<PersonFacts> assigned =
              internal::ActiveReviewers(ReadAssignments(txn, req.parent(), deps_.clock->Now()));
          ASSIGN_OR_RETURN(A a,
                           Assign(txn, call, ctx, *reviewer, due.response, due.review, &assigned));
          internal::EnqueueReviewers(txn, cycle.recommendation, internal::Names(assigned),
                                     cycle.cycle.policy().blind_mode());
          return a;
        });
  });
  if (created.ok()) Notify();
  return created;
}

absl::StatusOr<v1::ListAssignmentsResponse> Reviews::ListAssignments(
    const CallContext& call, DbSession& db, const v1::ListAssignmentsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("parent", req.parent()));
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("assignments|", req.parent())));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.parent()));
  v1::ListAssignmentsResponse resp;
  for (const AssignmentRow& a : ctx.assignments) {
    // A reviewer sees their own assignment; authors and coordinators all.
    if (!ctx.is_author && !ctx.is_coordinator && a.assignment.reviewer() != call.principal.subject)
      continue;
    *resp.add_assignments() = Present(ctx, call, a.assignment);
  }
  resp.set_next_page_token(
      PageInMemory(page, resp.mutable_assignments(), [](const A& a) { return a.name(); }));
  return resp;
}

absl::StatusOr<v1::SuggestReviewersResponse> Reviews::SuggestReviewers(
    const CallContext& call, DbSession& db, const v1::SuggestReviewersRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("name", req.name()));
  if (req.count() < 0 || req.count() > 50) return InvalidField("count", "must be between 0 and 50");
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.name()));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "suggesting reviewers"));
  ASSIGN_OR_RETURN(const std::vector<dv1::Person> experts,
                   deps_.directory->PeopleWithRole(dv1::ROLE_EXPERT, call.deadline));
  std::map<std::string, int> loads;
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    loads.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kOpenLoads))
      loads[r[0].as<std::string>()] = r[1].as<int>();
    return absl::OkStatus();
  }));
  std::map<std::string, std::string> country_of;  // organisation -> country, asked once each
  std::vector<Candidate> candidates;
  for (const dv1::Person& p : experts) {
    // Deactivated people are never suggested; their history stays.
    if (p.state() == dv1::Person::STATE_DEACTIVATED) continue;
    if (!p.organization().empty() && !country_of.count(p.organization())) {
      absl::StatusOr<dv1::Organization> org =
          deps_.directory->Organization(p.organization(), call.deadline);
      country_of[p.organization()] = org.ok() ? org->country_code() : "";
    }
    candidates.push_back(
        {.person = {.name = p.name(),
                    .organization = p.organization(),
                    .country = country_of[p.organization()],
                    .is_expert = true},
         .expertise_tracks = {p.expertise_tracks().begin(), p.expertise_tracks().end()},
         .open_load = loads[p.name()]});
  }
  SuggestionContext sctx{.track = ctx.recommendation.track(),
                         .authors = ctx.authors,
                         .assigned = internal::ActiveReviewers(ctx.assignments),
                         .policy = ctx.cycle.cycle.policy()};
  v1::SuggestReviewersResponse resp;
  for (v1::Suggestion& s : RankReviewers(candidates, sctx, req.count() ? req.count() : 5)) {
    *resp.add_suggestions() = std::move(s);
  }
  return resp;
}

absl::StatusOr<v1::AcceptSuggestionsResponse> Reviews::AcceptSuggestions(
    const CallContext& call, DbSession& db, const v1::AcceptSuggestionsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("name", req.name()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (req.people().empty()) return InvalidField("people", "name at least one person");
  for (int i = 0; i < req.people_size(); ++i) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat("people[", i, "]"), req.people(i), {"people"}).status());
  }
  ASSIGN_OR_RETURN(const internal::DueTimes due,
                   internal::Dues(req.has_response_due_time() ? &req.response_due_time() : nullptr,
                                  req.has_review_due_time() ? &req.review_due_time() : nullptr,
                                  deps_.clock->Now()));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.name()));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "assigning reviewers"));
  std::vector<PersonFacts> people;
  for (int i = 0; i < req.people_size(); ++i) {
    absl::StatusOr<PersonFacts> f = Facts(call, req.people(i));
    if (!f.ok()) return AsFieldError(f.status(), absl::StrCat("people[", i, "]"));
    people.push_back(*std::move(f));
  }
  absl::StatusOr<v1::AcceptSuggestionsResponse> done =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
        return CreateOnce<v1::AcceptSuggestionsResponse>(
            txn, sql::kSchema.RequestLog(),
            KeyForRequest(call.principal.subject, "AcceptSuggestions", req),
            [&]() -> absl::StatusOr<v1::AcceptSuggestionsResponse> {
              const CycleRow cycle =
                  ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, req.name())[0]);
              if (cycle.cycle.state() != v1::ReviewCycle::STATE_OPEN) {
                return absl::FailedPreconditionError(
                    absl::StrCat(req.name(), " is no longer open"));
              }
              std::vector<PersonFacts> assigned =
                  internal::ActiveReviewers(ReadAssignments(txn, req.name(), deps_.clock->Now()));
              v1::AcceptSuggestionsResponse resp;
              for (const PersonFacts& p : people) {  // all or none: any refusal rolls back
                ASSIGN_OR_RETURN(*resp.add_assignments(),
                                 Assign(txn, call, ctx, p, due.response, due.review, &assigned));
              }
              internal::EnqueueReviewers(txn, cycle.recommendation, internal::Names(assigned),
                                         cycle.cycle.policy().blind_mode());
              return resp;
            });
      });
  if (done.ok()) Notify();
  return done;
}

absl::StatusOr<A> Reviews::RespondToAssignment(const CallContext& call, DbSession& db,
                                               const v1::RespondToAssignmentRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateAssignmentName("name", req.name()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(),
                               {.required = !req.accept(), .max_chars = kMaxShortTextChars}));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, internal::CycleOf(req.name())));
  const auto mine = absl::c_find_if(
      ctx.assignments, [&](const AssignmentRow& a) { return a.assignment.name() == req.name(); });
  if (mine == ctx.assignments.end() || (mine->assignment.reviewer() != call.principal.subject &&
                                        !ctx.is_coordinator && !ctx.is_author)) {
    return ResourceNotFound(req.name());
  }
  if (mine->assignment.reviewer() != call.principal.subject) {
    return absl::PermissionDeniedError("only the invited reviewer answers an invitation");
  }
  absl::StatusOr<A> answered =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<A> {
        const AssignmentRow row = ReadAssignment(
            txn.exec_prepared(sql::kGetAssignmentForUpdate, req.name())[0], deps_.clock->Now());
        RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.assignment.etag()));
        if (row.assignment.state() != A::STATE_INVITED) {
          return absl::FailedPreconditionError(absl::StrCat(
              "the invitation was already answered (",
              absl::AsciiStrToLower(A::State_Name(row.assignment.state()).substr(6)), ")"));
        }
        const A after =
            ReadAssignment(txn.exec_prepared(
                               sql::kSetAssignmentState, req.name(),
                               A::State_Name(req.accept() ? A::STATE_ACCEPTED : A::STATE_DECLINED),
                               req.accept() ? "" : req.reason())[0],
                           deps_.clock->Now())
                .assignment;
        if (!req.accept()) {
          internal::EnqueueReviewers(txn, ctx.cycle.recommendation,
                                     internal::Names(internal::ActiveReviewers(
                                         ReadAssignments(txn, row.cycle, deps_.clock->Now()))),
                                     ctx.cycle.cycle.policy().blind_mode());
        }
        sql::kSchema.Record(
            txn, call, req.accept() ? "reviews.assignment.accepted" : "reviews.assignment.declined",
            req.name(), ToJson(row.assignment), ToJson(after));
        return after;
      });
  if (answered.ok() && !req.accept()) Notify();
  return answered;
}

}  // namespace summit::reviews
