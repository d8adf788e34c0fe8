#pragma once
// Reads one page from each source service over gRPC, with this server's
// service credential and the end user's own token on behalf of whom it asks,
// so each source applies its visibility rules to them, not to this server.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/feed/feed_merge.h"
#include "summit/feed/internal/v1/event_source.pb.h"

namespace summit::feed {

class FeedSources {
 public:
  using ChannelFor = std::function<std::shared_ptr<grpc::Channel>(const std::string&)>;
  // `service_authorization`: this server's own credential for the internal
  // event sources; the end user's goes along for their visibility rules.
  // `sources`: the services whose audit events make up the feed, in order.
  FeedSources(std::vector<std::string> sources, ChannelFor channel_for,
              std::function<std::string()> service_authorization)
      : sources_(std::move(sources)),
        channel_for_(std::move(channel_for)),
        service_authorization_(std::move(service_authorization)) {}

  // One page from every reachable source after the cursor's positions. A
  // source that fails makes the whole read fail with its status, naming it.
  // `skip`: sources not to ask (their cursor is known to be current).
  absl::StatusOr<std::vector<SourcePage>> Read(const std::string& authorization,
                                               const internal::v1::FeedCursor& after,
                                               const v1::EventFilter& filter, int page_size,
                                               absl::Time deadline,
                                               const std::vector<std::string>& skip = {}) const;

  // The present: every source's position past all committed events.
  absl::StatusOr<internal::v1::FeedCursor> Present(const std::string& authorization,
                                                   absl::Time deadline) const;

  // Whether `source` holds no event at all after `after` (as far as its
  // present): asked with `authorization`, which must see every event.
  absl::StatusOr<bool> QuietAfter(const std::string& authorization, const std::string& source,
                                  const internal::v1::SourcePosition& after,
                                  absl::Time deadline) const;

 private:
  std::vector<std::string> sources_;
  ChannelFor channel_for_;
  std::function<std::string()> service_authorization_;
};

}  // namespace summit::feed
