#pragma once
// What the other services know of one recommendation's path — the meetings
// that had it on their agenda, its review rounds, the briefing packages that
// include it — read through their APIs with this server's service
// credentials, as trace steps (TraceRecommendation).

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/service_client.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

class TraceSources final {
 public:
  using ChannelFor = std::function<std::shared_ptr<grpc::Channel>(const std::string&)>;
  TraceSources(const ChannelFor& channel_for, const std::function<std::string()>& authorization);

  // Meetings with it on the agenda, their decisions (latest minutes) and
  // action items about it.
  absl::StatusOr<std::vector<v1::TraceStep>> Meetings(const std::string& recommendation,
                                                      absl::Time deadline) const;
  // Review rounds opened and decided; never who reviewed.
  absl::StatusOr<std::vector<v1::TraceStep>> ReviewRounds(const std::string& recommendation,
                                                          absl::Time deadline) const;
  // Briefing package versions that include it.
  absl::StatusOr<std::vector<v1::TraceStep>> BriefingPackages(const std::string& recommendation,
                                                              absl::Time deadline) const;

 private:
  ServiceClient meetings_;
  ServiceClient reviews_;
  ServiceClient briefing_;
};

}  // namespace summit::recommendations
