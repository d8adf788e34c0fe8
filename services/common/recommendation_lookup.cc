#include "services/common/recommendation_lookup.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace summit {
namespace {

namespace rv1 = recommendations::v1;

absl::Status FromGrpc(const grpc::Status& s, const std::string& name) {
  if (s.ok()) return absl::OkStatus();
  if (s.error_code() == grpc::StatusCode::NOT_FOUND)
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  return absl::UnavailableError(
      absl::StrCat("the recommendations service is unavailable: ", s.error_message()));
}

}  // namespace

absl::StatusOr<rv1::Recommendation> RecommendationLookup::Get(const std::string& name,
                                                              absl::Time deadline) const {
  std::shared_ptr<grpc::Channel> channel = channel_();
  if (!channel) return absl::UnavailableError("no recommendations service is configured");
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", authorization_());
  ctx.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + absl::Seconds(10))));
  rv1::GetRecommendationRequest req;
  req.set_name(name);
  rv1::Recommendation out;
  if (absl::Status s = FromGrpc(
          rv1::RecommendationService::NewStub(channel)->GetRecommendation(&ctx, req, &out), name);
      !s.ok()) {
    return s;
  }
  return out;
}

absl::StatusOr<std::vector<rv1::Recommendation>> RecommendationLookup::ListSummit(
    const std::string& summit, absl::Time deadline) const {
  std::shared_ptr<grpc::Channel> channel = channel_();
  if (!channel) return absl::UnavailableError("no recommendations service is configured");
  auto stub = rv1::RecommendationService::NewStub(channel);
  std::vector<rv1::Recommendation> all;
  rv1::ListRecommendationsRequest req;
  req.set_parent(summit);
  req.set_page_size(500);
  do {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", authorization_());
    ctx.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + absl::Seconds(10))));
    rv1::ListRecommendationsResponse resp;
    if (absl::Status s = FromGrpc(stub->ListRecommendations(&ctx, req, &resp), summit); !s.ok())
      return s;
    all.insert(all.end(), resp.recommendations().begin(), resp.recommendations().end());
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return all;
}

}  // namespace summit
