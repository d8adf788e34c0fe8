#pragma once
// Every SQL statement of the reviews service, by name; parameters only.
// Reads return the columns listed with each statement in queries.cc.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

namespace summit::reviews::sql {

// (recommendation) -> number of cycles so far
inline constexpr const char* kCountCycles = "rev_cycle_count";
// (name, recommendation, summit, round, reviewed_version, required, blind, cross, due_us,
//  opened_by, authors json, track, number) -> cycle columns
// (recommendation, authors json, track, number): refreshes the snapshot
inline constexpr const char* kRememberRecommendation = "rev_cycle_remember";
inline constexpr const char* kInsertCycle = "rev_cycle_insert";
inline constexpr const char* kGetCycle = "rev_cycle_get";
inline constexpr const char* kGetCycleForUpdate = "rev_cycle_get_for_update";
// (recommendation) -> cycle columns
inline constexpr const char* kListCycles = "rev_cycle_list";
// (name, outcome, rationale, decider) -> cycle columns
inline constexpr const char* kDecideCycle = "rev_cycle_decide";
// (name, reason) -> cycle columns
inline constexpr const char* kCancelCycle = "rev_cycle_cancel";
// (summit) -> cycle columns of open or latest cycles
inline constexpr const char* kCyclesOfSummit = "rev_cycles_of_summit";

// (name, cycle, position, reviewer, reviewer_country, response_due_us, review_due_us)
inline constexpr const char* kInsertAssignment = "rev_assignment_insert";
inline constexpr const char* kGetAssignmentForUpdate = "rev_assignment_get_for_update";
// (cycle) -> assignment columns
inline constexpr const char* kListAssignments = "rev_assignment_list";
// (name, state, decline_reason) -> assignment columns
inline constexpr const char* kSetAssignmentState = "rev_assignment_set_state";
// () -> (reviewer, open count) for assignments invited or accepted
inline constexpr const char* kOpenLoads = "rev_open_loads";
// (summit) -> assignment columns + recommendation, for the board
inline constexpr const char* kAssignmentsOfSummit = "rev_assignments_of_summit";

// (name, cycle, assignment, reviewer, round, verdict, relevance, feasibility, impact,
//  comments_to_authors, confidential_comments) -> review columns
inline constexpr const char* kInsertReview = "rev_review_insert";
// (cycle) -> review columns
inline constexpr const char* kListReviews = "rev_review_list";
// (summit) -> (cycle, reviewer, verdict) of every review of the summit
inline constexpr const char* kReviewsOfSummit = "rev_reviews_of_summit";

// (recommendation, kind, target_state, reviewers json, reason)
inline constexpr const char* kEnqueue = "rev_outbox_enqueue";
// Taken first in the claiming transaction.
inline constexpr const char* kLockOutboxClaims = "rev_outbox_lock_claims";
// (claimer, limit, lease seconds) -> (id, recommendation, kind, target_state,
// reviewers, reason), in no particular order
inline constexpr const char* kClaimPending = "rev_outbox_claim";
// (claimer) -> releases what it still holds
inline constexpr const char* kReleaseClaims = "rev_outbox_release";
// (id)
inline constexpr const char* kMarkDelivered = "rev_outbox_delivered";
// (id, error)
inline constexpr const char* kMarkFailed = "rev_outbox_failed";

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "reviews",
                                       .insert_event = "rev_audit_insert",
                                       .request_log = {"rev_request_lookup", "rev_request_insert"}};
inline constexpr const char* kInsertEvent = kSchema.insert_event;
inline constexpr IdempotencyStatements kRequestLog = kSchema.request_log;

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::reviews::sql
