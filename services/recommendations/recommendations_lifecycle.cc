// Submission, withdrawal, and the transitions the review service drives.
#include <google/protobuf/struct.pb.h>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/idempotency.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/recommendations/lifecycle.h"
#include "services/recommendations/recommendation_rules.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

using R = v1::Recommendation;

// Writes the new state and its audit event.
R MoveTo(pqxx::transaction_base& txn, const CallContext& call, const RecommendationRow& row,
         State to, absl::string_view reason, absl::string_view event_id = "") {
  R after = OnlyRow(QueryRecommendations(txn, sql::kSetState, row.resource.name(),
                                         R::State_Name(to), to == R::STATE_SUBMITTED))
                .resource;
  google::protobuf::Struct change;
  (*change.mutable_fields())["state"].set_string_value(R::State_Name(to));
  if (!reason.empty()) (*change.mutable_fields())["reason"].set_string_value(std::string(reason));
  if (!event_id.empty()) {
    (*change.mutable_fields())["event_id"].set_string_value(std::string(event_id));
  }
  sql::kSchema.Record(txn, call, absl::StrCat("recommendations.recommendation.", StateName(to)),
                      row.resource.name(), ToJson(row.resource), ToJson(change));
  return after;
}

// OK(true) when the event was applied before to this recommendation.
absl::StatusOr<bool> SeenBefore(pqxx::transaction_base& txn, const std::string& event_id,
                                const std::string& recommendation) {
  const pqxx::result r = txn.exec_prepared(sql::kFindAppliedEvent, event_id);
  if (r.empty()) return false;
  if (r[0][0].as<std::string>() != recommendation) {
    return InvalidField("event_id", "was already applied to another recommendation");
  }
  return true;
}

}  // namespace

absl::StatusOr<R> Recommendations::SubmitRecommendation(
    const CallContext& call, DbSession& db, const v1::SubmitRecommendationRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  const std::string summit_name = internal::SummitOf(req.name());
  absl::StatusOr<directory::v1::Summit> summit =
      deps_.directory->Summit(summit_name, call.deadline);
  if (!summit.ok()) return summit.status();
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<R>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "SubmitRecommendation", req),
        [&]() -> absl::StatusOr<R> {
          ASSIGN_OR_RETURN(RecommendationRow row,
                           internal::LoadForAuthor(txn, req.name(), call.principal, "submitting"));
          RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.resource.etag()));
          RETURN_IF_ERROR(CheckTransition(row.resource.state(), R::STATE_SUBMITTED));
          if (summit->has_submission_deadline() &&
              now > FromProtoTime(summit->submission_deadline())) {
            return absl::FailedPreconditionError(absl::StrCat(
                "the submission deadline of ", summit_name, " passed at ",
                absl::FormatTime("%Y-%m-%d %H:%M UTC", FromProtoTime(summit->submission_deadline()),
                                 absl::UTCTimeZone())));
          }
          const pqxx::result v =
              txn.exec_prepared(sql::kGetVersion, req.name(), row.resource.current_version());
          RETURN_IF_ERROR(CheckReadyToSubmit(ReadVersion(v[0])));
          return MoveTo(txn, call, row, R::STATE_SUBMITTED, "");
        });
  });
}

absl::StatusOr<R> Recommendations::WithdrawRecommendation(
    const CallContext& call, DbSession& db, const v1::WithdrawRecommendationRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), {.max_chars = kMaxShortTextChars}));
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(RecommendationRow row,
                     internal::LoadForAuthor(txn, req.name(), call.principal, "withdrawing"));
    RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.resource.etag()));
    RETURN_IF_ERROR(CheckTransition(row.resource.state(), R::STATE_WITHDRAWN));
    return MoveTo(txn, call, row, R::STATE_WITHDRAWN, req.reason());
  });
}

absl::StatusOr<R> Recommendations::ApplyReviewEvent(
    const CallContext& call, DbSession& db,
    const internal::v1::ApplyReviewEventRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  if (req.event_id().empty()) return InvalidField("event_id", "is required");
  RETURN_IF_ERROR(ValidateRequestId("event_id", req.event_id()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), {.max_chars = kMaxShortTextChars}));
  static const State kReviewTargets[] = {R::STATE_IN_REVIEW, R::STATE_CHANGES_REQUESTED,
                                         R::STATE_APPROVED,  R::STATE_REJECTED,
                                         R::STATE_ADOPTED,   R::STATE_SUBMITTED};
  if (!absl::c_linear_search(kReviewTargets, req.target_state())) {
    return InvalidField("target_state",
                        "must be in_review, changes_requested, approved, rejected, adopted or "
                        "submitted (a cancelled cycle)");
  }
  if (!call.principal.IsService()) {
    return absl::PermissionDeniedError("review transitions come from the review process only");
  }
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(RecommendationRow row,
                     internal::LoadVisible(txn, req.name(), call.principal, true));
    ASSIGN_OR_RETURN(const bool seen, SeenBefore(txn, req.event_id(), req.name()));
    if (seen) return row.resource;  // a redelivery: already applied, change nothing
    RETURN_IF_ERROR(CheckReviewTransition(row.resource.state(), req.target_state()));
    txn.exec_prepared(sql::kRecordAppliedEvent, req.event_id(), req.name(), "state");
    return MoveTo(txn, call, row, req.target_state(), req.reason(), req.event_id());
  });
}

absl::StatusOr<internal::v1::SetReviewersResponse> Recommendations::SetReviewers(
    const CallContext& call, DbSession& db, const internal::v1::SetReviewersRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  if (req.event_id().empty()) return InvalidField("event_id", "is required");
  RETURN_IF_ERROR(ValidateRequestId("event_id", req.event_id()));
  for (int i = 0; i < req.reviewers_size(); ++i) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat("reviewers[", i, "]"), req.reviewers(i), {"people"})
            .status());
  }
  if (!call.principal.IsService()) {
    return absl::PermissionDeniedError("reviewer assignments come from the review process only");
  }
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<internal::v1::SetReviewersResponse> {
        ASSIGN_OR_RETURN(RecommendationRow row,
                         internal::LoadVisible(txn, req.name(), call.principal, true));
        ASSIGN_OR_RETURN(const bool seen, SeenBefore(txn, req.event_id(), req.name()));
        std::vector<std::string> reviewers = row.reviewers;
        if (!seen) {
          reviewers.assign(req.reviewers().begin(), req.reviewers().end());
          txn.exec_prepared(sql::kSetReviewers, req.name(), ToJsonArray(reviewers),
                            req.double_blind());
          txn.exec_prepared(sql::kRecordAppliedEvent, req.event_id(), req.name(), "reviewers");
          sql::kSchema.Record(txn, call, "recommendations.reviewers.set", req.name(),
                              ToJsonArray(row.reviewers), ToJsonArray(reviewers));
        }
        internal::v1::SetReviewersResponse resp;
        for (const std::string& r : reviewers) resp.add_reviewers(r);
        return resp;
      });
}

}  // namespace summit::recommendations
