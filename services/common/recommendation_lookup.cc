#include "services/common/recommendation_lookup.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/list_all.h"
#include "services/common/pagination.h"
#include "services/common/status_macros.h"
#include "summit/recommendations/internal/v1/recommendation_internal_service.grpc.pb.h"

namespace summit {
namespace {

namespace rv1 = recommendations::v1;

}  // namespace

absl::StatusOr<rv1::Recommendation> RecommendationLookup::Get(const std::string& name,
                                                              absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, client_.Channel());
  rv1::GetRecommendationRequest req;
  req.set_name(name);
  rv1::Recommendation out;
  RETURN_IF_ERROR(client_.Result(rv1::RecommendationService::NewStub(channel)->GetRecommendation(
                                     client_.Context(deadline).get(), req, &out),
                                 name));
  return out;
}

absl::StatusOr<rv1::Recommendation> RecommendationLookup::GetRecent(const std::string& name,
                                                                    absl::Time deadline) const {
  return recent_.Lookup<rv1::Recommendation>(name, [&] { return Get(name, deadline); });
}

absl::Status RecommendationLookup::SetMeetingReaders(const std::string& meeting, int64_t version,
                                                     const std::vector<std::string>& readers,
                                                     const std::vector<std::string>& agenda,
                                                     absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, client_.Channel());
  recommendations::internal::v1::SetMeetingReadersRequest req;
  req.set_meeting(meeting);
  req.set_version(version);
  for (const std::string& r : readers) req.add_readers(r);
  for (const std::string& r : agenda) req.add_recommendations(r);
  recommendations::internal::v1::SetMeetingReadersResponse out;
  return client_.Result(
      recommendations::internal::v1::RecommendationInternalService::NewStub(channel)
          ->SetMeetingReaders(client_.Context(deadline).get(), req, &out),
      meeting);
}

absl::StatusOr<std::vector<rv1::Recommendation>> RecommendationLookup::ListSummit(
    const std::string& summit, absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, client_.Channel());
  auto stub = rv1::RecommendationService::NewStub(channel);
  std::vector<rv1::Recommendation> all;
  rv1::ListRecommendationsRequest req;
  req.set_parent(summit);
  req.set_page_size(kMaxPageSize);
  RETURN_IF_ERROR((ListAll<rv1::ListRecommendationsRequest, rv1::ListRecommendationsResponse>(
      req,
      [&](const rv1::ListRecommendationsRequest& r, rv1::ListRecommendationsResponse* resp) {
        return client_.Result(stub->ListRecommendations(client_.Context(deadline).get(), r, resp),
                              summit);
      },
      [&](const rv1::ListRecommendationsResponse& page) {
        all.insert(all.end(), page.recommendations().begin(), page.recommendations().end());
      })));
  return all;
}

}  // namespace summit
