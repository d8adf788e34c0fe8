#include "services/reviews/reviews_internal.h"

#include "services/common/audit.h"
#include "services/common/proto_json.h"
#include "services/common/validation.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews::internal {

void EnqueueReviewers(pqxx::work& txn, const std::string& recommendation,
                      const std::vector<std::string>& reviewers, v1::BlindMode blind_mode) {
  txn.exec_prepared(sql::kEnqueue, recommendation, "reviewers", nullptr, ToJsonArray(reviewers), "",
                    blind_mode == v1::BLIND_MODE_DOUBLE_BLIND);
}

void EnqueueState(pqxx::work& txn, const std::string& recommendation, absl::string_view state,
                  absl::string_view reason) {
  txn.exec_prepared(sql::kEnqueue, recommendation, "state", std::string(state), nullptr,
                    std::string(reason), false);
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
