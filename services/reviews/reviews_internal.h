#pragma once
// Helpers shared by the reviews use-case files.

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/call_context.h"
#include "services/common/db_pool.h"
#include "services/reviews/conflicts.h"
#include "services/reviews/review_rows.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::reviews::internal {

// Queues the recommendation's new reviewer set for the recommendations
// service, with the cycle's blind mode (double-blind hides the authors).
void EnqueueReviewers(pqxx::transaction_base& txn, const std::string& recommendation,
                      const std::vector<std::string>& reviewers, v1::BlindMode blind_mode);
// Queues a state change (enum name of recommendations.v1.Recommendation.State).
void EnqueueState(pqxx::transaction_base& txn, const std::string& recommendation,
                  absl::string_view state, absl::string_view reason);

// `.../reviewCycles/{c}/assignments/{a}` -> `.../reviewCycles/{c}`.
std::string CycleOf(const std::string& assignment);
// `.../reviewCycles/{c}` -> `summits/{s}/recommendations/{r}`.
std::string RecommendationOf(const std::string& cycle);

// An assignment's answer-by and review-by dates: the given ones or the
// defaults (a week to answer, three to review), checked against `now`.
struct DueTimes {
  absl::Time response;
  absl::Time review;
};
absl::StatusOr<DueTimes> Dues(const google::protobuf::Timestamp* response,
                              const google::protobuf::Timestamp* review, absl::Time now);

// The cycle's active (invited, accepted, submitted) reviewers, as the
// conflict rules see them.
std::vector<PersonFacts> ActiveReviewers(const std::vector<AssignmentRow>& rows);
std::vector<std::string> Names(const std::vector<PersonFacts>& people);

absl::Status ValidateCycleName(absl::string_view field, absl::string_view name);
absl::Status ValidateAssignmentName(absl::string_view field, absl::string_view name);

}  // namespace summit::reviews::internal
