// Managing a review round: a coordinator moves a reviewer's dates, or
// unassigns a reviewer (with a reason) and names a replacement.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/update_mask.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_internal.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

using A = v1::Assignment;

std::string StateWord(A::State state) {
  return absl::AsciiStrToLower(A::State_Name(state).substr(6));
}

// Dates and removals apply to reviewers still at work.
absl::Status RequireOpenWork(const std::string& name, const AssignmentRow& row) {
  const A::State state = row.assignment.state();
  if (state == A::STATE_SUBMITTED) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, ": the review is already in and stays part of the round"));
  }
  if (state != A::STATE_INVITED && state != A::STATE_ACCEPTED) {
    return absl::FailedPreconditionError(absl::StrCat(name, " is ", StateWord(state)));
  }
  return absl::OkStatus();
}

absl::Status RequireOpenCycle(pqxx::transaction_base& txn, const std::string& cycle_name) {
  const CycleRow cycle = ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, cycle_name)[0]);
  if (cycle.cycle.state() != v1::ReviewCycle::STATE_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat(cycle_name, " is no longer open"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<A> Reviews::UpdateAssignment(const CallContext& call, DbSession& db,
                                            const v1::UpdateAssignmentRequest& req) const {
  const A& patch = req.assignment();
  RETURN_IF_ERROR(internal::ValidateAssignmentName("assignment.name", patch.name()));
  ASSIGN_OR_RETURN(
      const std::vector<std::string> paths,
      ResolveUpdateMask(patch, req.update_mask(), {"response_due_time", "review_due_time"}));
  if (paths.empty()) {
    return InvalidField("update_mask", "name response_due_time or review_due_time");
  }
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, internal::CycleOf(patch.name())));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "moving a reviewer's dates"));
  const absl::Time now = deps_.clock->Now();
  absl::StatusOr<A> updated =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<A> {
        RETURN_IF_ERROR(RequireOpenCycle(txn, internal::CycleOf(patch.name())));
        const pqxx::result found = txn.exec_prepared(sql::kGetAssignmentForUpdate, patch.name());
        if (found.empty()) return ResourceNotFound(patch.name());
        const AssignmentRow row = ReadAssignment(found[0], now);
        RETURN_IF_ERROR(CheckEtag(patch.name(), req.etag(), row.assignment.etag()));
        RETURN_IF_ERROR(RequireOpenWork(patch.name(), row));
        A after = row.assignment;
        ApplyUpdateMask(patch, paths, &after);
        const absl::Time response_due = FromProtoTime(after.response_due_time());
        const absl::Time review_due = FromProtoTime(after.review_due_time());
        // An answer still awaited needs a date ahead; a review always does.
        if (row.assignment.state() == A::STATE_INVITED && response_due <= now) {
          return InvalidField("assignment.response_due_time", "must be in the future");
        }
        if (review_due <= now)
          return InvalidField("assignment.review_due_time", "must be in the future");
        if (review_due < response_due) {
          return InvalidField("assignment.review_due_time", "must not be before response_due_time");
        }
        const A saved = ReadAssignment(txn.exec_prepared(sql::kSetAssignmentDates, patch.name(),
                                                         absl::ToUnixMicros(response_due),
                                                         absl::ToUnixMicros(review_due))[0],
                                       now)
                            .assignment;
        sql::kSchema.Record(txn, call, "reviews.assignment.redated", patch.name(),
                            ToJson(row.assignment), ToJson(saved));
        return saved;
      });
  if (!updated.ok()) return updated.status();
  return Present(ctx, call, *std::move(updated));
}

absl::StatusOr<v1::RemoveAssignmentResponse> Reviews::RemoveAssignment(
    const CallContext& call, DbSession& db, const v1::RemoveAssignmentRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateAssignmentName("name", req.name()));
  RETURN_IF_ERROR(
      ValidateText("reason", req.reason(), {.required = true, .max_chars = kMaxShortTextChars}));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.replacement().empty()) {
    RETURN_IF_ERROR(ParseResourceName("replacement", req.replacement(), {"people"}).status());
  }
  const absl::Time now = deps_.clock->Now();
  ASSIGN_OR_RETURN(
      const internal::DueTimes due,
      internal::Dues(req.has_response_due_time() ? &req.response_due_time() : nullptr,
                     req.has_review_due_time() ? &req.review_due_time() : nullptr, now));
  const std::string cycle_name = internal::CycleOf(req.name());
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, cycle_name));
  RETURN_IF_ERROR(RequireDecider(call, ctx, "unassigning reviewers"));
  std::optional<PersonFacts> replacement;
  if (!req.replacement().empty()) {
    absl::StatusOr<PersonFacts> facts = Facts(call, req.replacement());
    if (!facts.ok()) return AsFieldError(facts.status(), "replacement");
    replacement = *std::move(facts);
  }
  using Response = v1::RemoveAssignmentResponse;
  absl::StatusOr<Response> done = RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<Response>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "RemoveAssignment", req),
        [&]() -> absl::StatusOr<Response> {
          RETURN_IF_ERROR(RequireOpenCycle(txn, cycle_name));
          const pqxx::result found = txn.exec_prepared(sql::kGetAssignmentForUpdate, req.name());
          if (found.empty()) return ResourceNotFound(req.name());
          const AssignmentRow row = ReadAssignment(found[0], now);
          RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.assignment.etag()));
          RETURN_IF_ERROR(RequireOpenWork(req.name(), row));
          A removed =
              ReadAssignment(txn.exec_prepared(sql::kRemoveAssignment, req.name(), req.reason())[0],
                             now)
                  .assignment;
          sql::kSchema.Record(txn, call, "reviews.assignment.removed", req.name(),
                              ToJson(row.assignment), ToJson(removed), req.request_id());
          std::vector<PersonFacts> assigned =
              internal::ActiveReviewers(ReadAssignments(txn, cycle_name, now));
          Response resp;
          if (replacement) {
            ASSIGN_OR_RETURN(
                *resp.mutable_replacement(),
                Assign(txn, call, ctx, *replacement, due.response, due.review, &assigned));
            removed = ReadAssignment(txn.exec_prepared(sql::kSetReplacedBy, req.name(),
                                                       resp.replacement().name())[0],
                                     now)
                          .assignment;
          }
          internal::EnqueueReviewers(txn, ctx.cycle.recommendation, internal::Names(assigned),
                                     ctx.cycle.cycle.policy().blind_mode());
          *resp.mutable_removed() = std::move(removed);
          return resp;
        });
  });
  if (!done.ok()) return done.status();
  Notify();
  v1::RemoveAssignmentResponse shown;
  *shown.mutable_removed() = Present(ctx, call, done->removed());
  if (done->has_replacement())
    *shown.mutable_replacement() = Present(ctx, call, done->replacement());
  return shown;
}

}  // namespace summit::reviews
