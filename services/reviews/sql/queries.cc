#include "services/reviews/sql/queries.h"

namespace summit::reviews::sql {

// Qualified: the board joins assignments (alias a) with cycles.

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema, {
                   kCountCycles,
                   kInsertCycle,
                   kGetCycle,
                   kGetCycleForUpdate,
                   kRememberRecommendation,
                   kListCycles,
                   kDecideCycle,
                   kCancelCycle,
                   kCyclesOfSummit,
                   kInsertAssignment,
                   kGetAssignmentForUpdate,
                   kListAssignments,
                   kGetCycleWithAssignments,
                   kSetAssignmentState,
                   kSetAssignmentDates,
                   kRemoveAssignment,
                   kSetReplacedBy,
                   kOpenLoads,
                   kAssignmentsOfSummit,
                   kSubmitReview,
                   kListReviews,
                   kGetReview,
                   kGetReviewForUpdate,
                   kUpdateReview,
                   kListReviewRevisions,
                   kInsertComment,
                   kGetComment,
                   kGetCommentForUpdate,
                   kListComments,
                   kUpdateCommentBody,
                   kDeleteComment,
                   kListCommentRevisions,
                   kGetAuthorResponse,
                   kPutAuthorResponse,
                   kCountReviews,
                   kReviewsForExport,
                   kReviewsOfSummit,
                   kEnqueue,
                   // Claims (as $1, for $3 seconds) up to $2 pending rows in id order that
                   // no live lease holds, skipping a recommendation while an earlier row of
                   // it is leased to another deliverer, so each recommendation keeps its order.
                   // Claims are serialised by kLockOutboxClaims.
                   kLockOutboxClaims,
                   kClaimPending,
                   kMarkDelivered,
                   kMarkFailed,
                   kMarkRefused,
                   kListRefused,
                   kReleaseClaims,
               });
  return *kStatements;
}

}  // namespace summit::reviews::sql
