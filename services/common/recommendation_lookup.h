#pragma once
// The recommendation under review, read through the recommendations
// service's API with this server's service credentials.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/resource_cache.h"
#include "services/common/service_client.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"

namespace summit {

class RecommendationLookup final {
 public:
  RecommendationLookup(std::function<std::shared_ptr<grpc::Channel>()> channel,
                       std::function<std::string()> authorization, ResourceCacheOptions recent = {})
      : client_("recommendations", std::move(channel), std::move(authorization)),
        recent_(ResourceCache::Forgets::kTheResourceAndParents, std::move(recent)) {}

  // The recommendation as it is now.
  absl::StatusOr<recommendations::v1::Recommendation> Get(const std::string& name,
                                                          absl::Time deadline) const;
  // The recommendation as seen at most `recent.max_age` ago: a change
  // committed in this process (an event about it or one of its versions)
  // is seen at once, one on another replica within max_age. For who may do
  // what to a recommendation's reviews and discussion, as the directory's
  // cached people; not for decisions on its state or version (Get).
  absl::StatusOr<recommendations::v1::Recommendation> GetRecent(const std::string& name,
                                                                absl::Time deadline) const;
  // Tells the recommendations service who reads through `meeting` and what
  // is on its agenda (RecommendationInternalService.SetMeetingReaders).
  absl::Status SetMeetingReaders(const std::string& meeting, int64_t version,
                                 const std::vector<std::string>& readers,
                                 const std::vector<std::string>& agenda, absl::Time deadline) const;
  // Every recommendation of the summit the service may see (all but drafts).
  absl::StatusOr<std::vector<recommendations::v1::Recommendation>> ListSummit(
      const std::string& summit, absl::Time deadline) const;

 private:
  ServiceClient client_;
  ResourceCache recent_;
};

}  // namespace summit
