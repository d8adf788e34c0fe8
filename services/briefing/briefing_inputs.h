#pragma once
// Everything a package is compiled from, read through the other services'
// APIs with this server's service credentials: the summit and its tracks
// (directory), the approved recommendations with their versions and
// translations (recommendations), their review rounds (reviews), and who
// wrote them (directory). Also the one write: adopting a recommendation.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/service_client.h"
#include "summit/briefing/v1/resources.pb.h"
#include "summit/directory/v1/resources.pb.h"
#include "summit/recommendations/v1/resources.pb.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::briefing {

struct EntryInputs {
  recommendations::v1::Recommendation recommendation;
  // All versions, oldest first; the last is the one included.
  std::vector<recommendations::v1::RecommendationVersion> versions;
  // Translations that are not stale.
  std::vector<recommendations::v1::Translation> translations;
  // Files on the included (last) version.
  std::vector<recommendations::v1::Attachment> annexes;
  std::vector<reviews::v1::ReviewCycle> review_cycles;
  std::vector<v1::Author> authors;
};

struct PackageInputs {
  directory::v1::Summit summit;
  std::vector<directory::v1::Track> tracks;
  // Approved (or already adopted) recommendations, in no particular order.
  std::vector<EntryInputs> entries;
};

class BriefingInputs {
 public:
  using ChannelFor = std::function<std::shared_ptr<grpc::Channel>(const std::string&)>;
  BriefingInputs(const ChannelFor& channel_for, const std::function<std::string()>& authorization);

  absl::StatusOr<PackageInputs> Gather(const std::string& summit, absl::Time deadline) const;

  // Moves an approved recommendation to adopted; the same event_id twice
  // changes nothing the second time.
  absl::Status Adopt(const std::string& recommendation, const std::string& event_id,
                     const std::string& reason, absl::Time deadline) const;

 private:
  ServiceClient directory_;
  ServiceClient recommendations_;
  ServiceClient reviews_;
};

}  // namespace summit::briefing
