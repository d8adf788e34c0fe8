#pragma once
// gRPC wiring of the reviews service: each handler hands its request to the
// use case of the same name through the RpcRunner.

#include "services/common/rpc.h"
#include "services/reviews/reviews.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"

namespace summit::reviews {

class ReviewsGrpcService final : public v1::ReviewService::CallbackService {
 public:
  ReviewsGrpcService(const Reviews* reviews, RpcRunner* runner) : reviews_(reviews), runner_(runner) {}

  grpc::ServerUnaryReactor* OpenReviewCycle(grpc::CallbackServerContext* ctx, const v1::OpenReviewCycleRequest* req,
      v1::ReviewCycle* resp) override;
  grpc::ServerUnaryReactor* GetReviewCycle(grpc::CallbackServerContext* ctx, const v1::GetReviewCycleRequest* req,
      v1::ReviewCycle* resp) override;
  grpc::ServerUnaryReactor* ListReviewCycles(grpc::CallbackServerContext* ctx, const v1::ListReviewCyclesRequest* req,
      v1::ListReviewCyclesResponse* resp) override;
  grpc::ServerUnaryReactor* CancelReviewCycle(grpc::CallbackServerContext* ctx, const v1::CancelReviewCycleRequest* req,
      v1::ReviewCycle* resp) override;
  grpc::ServerUnaryReactor* CreateAssignment(grpc::CallbackServerContext* ctx, const v1::CreateAssignmentRequest* req,
      v1::Assignment* resp) override;
  grpc::ServerUnaryReactor* ListAssignments(grpc::CallbackServerContext* ctx, const v1::ListAssignmentsRequest* req,
      v1::ListAssignmentsResponse* resp) override;
  grpc::ServerUnaryReactor* SuggestReviewers(grpc::CallbackServerContext* ctx, const v1::SuggestReviewersRequest* req,
      v1::SuggestReviewersResponse* resp) override;
  grpc::ServerUnaryReactor* AcceptSuggestions(grpc::CallbackServerContext* ctx, const v1::AcceptSuggestionsRequest* req,
      v1::AcceptSuggestionsResponse* resp) override;
  grpc::ServerUnaryReactor* RespondToAssignment(grpc::CallbackServerContext* ctx, const v1::RespondToAssignmentRequest* req,
      v1::Assignment* resp) override;
  grpc::ServerUnaryReactor* SubmitReview(grpc::CallbackServerContext* ctx, const v1::SubmitReviewRequest* req,
      v1::Review* resp) override;
  grpc::ServerUnaryReactor* ListReviews(grpc::CallbackServerContext* ctx, const v1::ListReviewsRequest* req,
      v1::ListReviewsResponse* resp) override;
  grpc::ServerUnaryReactor* DecideReviewCycle(grpc::CallbackServerContext* ctx, const v1::DecideReviewCycleRequest* req,
      v1::ReviewCycle* resp) override;
  grpc::ServerUnaryReactor* GetStatusBoard(grpc::CallbackServerContext* ctx, const v1::GetStatusBoardRequest* req,
      v1::StatusBoard* resp) override;

 private:
  const Reviews* reviews_;
  RpcRunner* runner_;
};

}  // namespace summit::reviews
