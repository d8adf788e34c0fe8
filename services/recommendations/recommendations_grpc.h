#pragma once
// gRPC wiring of the recommendations service: each handler hands its
// request to the use case of the same name through the RpcRunner.

#include "services/common/rpc.h"
#include "services/recommendations/recommendations.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"

namespace summit::recommendations {

class RecommendationsGrpcService final : public v1::RecommendationService::CallbackService {
 public:
  RecommendationsGrpcService(const Recommendations* recommendations, RpcRunner* runner)
      : recommendations_(recommendations), runner_(runner) {}

  grpc::ServerUnaryReactor* CreateRecommendation(grpc::CallbackServerContext* ctx, const v1::CreateRecommendationRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* GetRecommendation(grpc::CallbackServerContext* ctx, const v1::GetRecommendationRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* ListRecommendations(grpc::CallbackServerContext* ctx, const v1::ListRecommendationsRequest* req,
      v1::ListRecommendationsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateRecommendation(grpc::CallbackServerContext* ctx, const v1::UpdateRecommendationRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* CreateVersion(grpc::CallbackServerContext* ctx, const v1::CreateVersionRequest* req,
      v1::RecommendationVersion* resp) override;
  grpc::ServerUnaryReactor* GetVersion(grpc::CallbackServerContext* ctx, const v1::GetVersionRequest* req,
      v1::RecommendationVersion* resp) override;
  grpc::ServerUnaryReactor* ListVersions(grpc::CallbackServerContext* ctx, const v1::ListVersionsRequest* req,
      v1::ListVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* DiffVersions(grpc::CallbackServerContext* ctx, const v1::DiffVersionsRequest* req,
      v1::DiffVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* SetTranslation(grpc::CallbackServerContext* ctx, const v1::SetTranslationRequest* req,
      v1::Translation* resp) override;
  grpc::ServerUnaryReactor* ListTranslations(grpc::CallbackServerContext* ctx, const v1::ListTranslationsRequest* req,
      v1::ListTranslationsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitRecommendation(grpc::CallbackServerContext* ctx, const v1::SubmitRecommendationRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* WithdrawRecommendation(grpc::CallbackServerContext* ctx, const v1::WithdrawRecommendationRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* ApplyReviewEvent(grpc::CallbackServerContext* ctx, const v1::ApplyReviewEventRequest* req,
      v1::Recommendation* resp) override;
  grpc::ServerUnaryReactor* SetReviewers(grpc::CallbackServerContext* ctx, const v1::SetReviewersRequest* req,
      v1::SetReviewersResponse* resp) override;

 private:
  const Recommendations* recommendations_;
  RpcRunner* runner_;
};

}  // namespace summit::recommendations
