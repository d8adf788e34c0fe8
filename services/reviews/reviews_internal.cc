#include "services/reviews/reviews_internal.h"

#include "services/common/audit.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews::internal {

void EnqueueReviewers(pqxx::transaction_base& txn, const std::string& recommendation,
                      const std::vector<std::string>& reviewers, v1::BlindMode blind_mode) {
  txn.exec_prepared(sql::kEnqueue, recommendation, "reviewers", nullptr, ToJsonArray(reviewers), "",
                    blind_mode == v1::BLIND_MODE_DOUBLE_BLIND);
}

void EnqueueState(pqxx::transaction_base& txn, const std::string& recommendation,
                  absl::string_view state, absl::string_view reason) {
  txn.exec_prepared(sql::kEnqueue, recommendation, "state", std::string(state), nullptr,
                    std::string(reason), false);
}

namespace {
constexpr absl::Duration kDefaultResponseTime = absl::Hours(24 * 7);
constexpr absl::Duration kDefaultReviewTime = absl::Hours(24 * 21);
}  // namespace

absl::StatusOr<DueTimes> Dues(const google::protobuf::Timestamp* response,
                              const google::protobuf::Timestamp* review, absl::Time now) {
  DueTimes d{now + kDefaultResponseTime, now + kDefaultReviewTime};
  if (response) d.response = FromProtoTime(*response);
  if (review) d.review = FromProtoTime(*review);
  if (d.response <= now) return InvalidField("response_due_time", "must be in the future");
  if (d.review < d.response)
    return InvalidField("review_due_time", "must not be before response_due_time");
  return d;
}

std::vector<PersonFacts> ActiveReviewers(const std::vector<AssignmentRow>& rows) {
  std::vector<PersonFacts> out;
  for (const AssignmentRow& a : rows) {
    if (!IsActiveAssignment(a.assignment.state())) continue;
    out.push_back({.name = a.assignment.reviewer(),
                   .organization = "",
                   .country = a.reviewer_country,
                   .is_expert = true});
  }
  return out;
}

std::vector<std::string> Names(const std::vector<PersonFacts>& people) {
  std::vector<std::string> names;
  for (const PersonFacts& p : people) names.push_back(p.name);
  return names;
}

std::string CycleOf(const std::string& assignment) {
  return assignment.substr(0, assignment.find("/assignments/"));
}

std::string RecommendationOf(const std::string& cycle) {
  return cycle.substr(0, cycle.find("/reviewCycles/"));
}

absl::Status ValidateCycleName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name, {"summits", "recommendations", "reviewCycles"}).status();
}

absl::Status ValidateAssignmentName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name,
                           {"summits", "recommendations", "reviewCycles", "assignments"})
      .status();
}

}  // namespace summit::reviews::internal
