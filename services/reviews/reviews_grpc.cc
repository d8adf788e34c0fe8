#include "services/reviews/reviews_grpc.h"

namespace summit::reviews {

#define SUMMIT_REVIEWS_RPC(Method, Request, Response)                                     \
  grpc::ServerUnaryReactor* ReviewsGrpcService::Method(                                   \
      grpc::CallbackServerContext* ctx, const v1::Request* req, v1::Response* resp) {     \
    return runner_->Run(ctx, resp, [this, req](const CallContext& call, DbSession& db) {  \
      return reviews_->Method(call, db, *req);                                            \
    });                                                                                   \
  }

SUMMIT_REVIEWS_RPC(OpenReviewCycle, OpenReviewCycleRequest, ReviewCycle)
SUMMIT_REVIEWS_RPC(GetReviewCycle, GetReviewCycleRequest, ReviewCycle)
SUMMIT_REVIEWS_RPC(ListReviewCycles, ListReviewCyclesRequest, ListReviewCyclesResponse)
SUMMIT_REVIEWS_RPC(CancelReviewCycle, CancelReviewCycleRequest, ReviewCycle)
SUMMIT_REVIEWS_RPC(CreateAssignment, CreateAssignmentRequest, Assignment)
SUMMIT_REVIEWS_RPC(ListAssignments, ListAssignmentsRequest, ListAssignmentsResponse)
SUMMIT_REVIEWS_RPC(SuggestReviewers, SuggestReviewersRequest, SuggestReviewersResponse)
SUMMIT_REVIEWS_RPC(AcceptSuggestions, AcceptSuggestionsRequest, AcceptSuggestionsResponse)
SUMMIT_REVIEWS_RPC(RespondToAssignment, RespondToAssignmentRequest, Assignment)
SUMMIT_REVIEWS_RPC(SubmitReview, SubmitReviewRequest, Review)
SUMMIT_REVIEWS_RPC(ListReviews, ListReviewsRequest, ListReviewsResponse)
SUMMIT_REVIEWS_RPC(DecideReviewCycle, DecideReviewCycleRequest, ReviewCycle)
SUMMIT_REVIEWS_RPC(GetStatusBoard, GetStatusBoardRequest, StatusBoard)

#undef SUMMIT_REVIEWS_RPC

}  // namespace summit::reviews
