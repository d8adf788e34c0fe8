#include "services/recommendations/recommendations_grpc.h"

namespace summit::recommendations {

#define SUMMIT_RECOMMENDATIONS_RPC(Method, Request, Response)                              \
  grpc::ServerUnaryReactor* RecommendationsGrpcService::Method(                            \
      grpc::CallbackServerContext* ctx, const v1::Request* req, v1::Response* resp) {      \
    return runner_->Run(ctx, resp, [this, req](const CallContext& call, DbSession& db) {   \
      return recommendations_->Method(call, db, *req);                                     \
    });                                                                                    \
  }

SUMMIT_RECOMMENDATIONS_RPC(CreateRecommendation, CreateRecommendationRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(GetRecommendation, GetRecommendationRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(ListRecommendations, ListRecommendationsRequest, ListRecommendationsResponse)
SUMMIT_RECOMMENDATIONS_RPC(UpdateRecommendation, UpdateRecommendationRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(CreateVersion, CreateVersionRequest, RecommendationVersion)
SUMMIT_RECOMMENDATIONS_RPC(GetVersion, GetVersionRequest, RecommendationVersion)
SUMMIT_RECOMMENDATIONS_RPC(ListVersions, ListVersionsRequest, ListVersionsResponse)
SUMMIT_RECOMMENDATIONS_RPC(DiffVersions, DiffVersionsRequest, DiffVersionsResponse)
SUMMIT_RECOMMENDATIONS_RPC(SetTranslation, SetTranslationRequest, Translation)
SUMMIT_RECOMMENDATIONS_RPC(ListTranslations, ListTranslationsRequest, ListTranslationsResponse)
SUMMIT_RECOMMENDATIONS_RPC(SubmitRecommendation, SubmitRecommendationRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(WithdrawRecommendation, WithdrawRecommendationRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(ApplyReviewEvent, ApplyReviewEventRequest, Recommendation)
SUMMIT_RECOMMENDATIONS_RPC(SetReviewers, SetReviewersRequest, SetReviewersResponse)

#undef SUMMIT_RECOMMENDATIONS_RPC

}  // namespace summit::recommendations
