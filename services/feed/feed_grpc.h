#pragma once
// summit.feed.v1.FeedService. A watch is a long-lived stream that mostly
// waits, so this service uses gRPC's synchronous API (a thread per open
// watch, capped) rather than the database pool the other services run on:
// it has no tables and reads its sources over gRPC.

#include <grpcpp/grpcpp.h>

#include <atomic>

#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/feed/feed_sources.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"

namespace summit::feed {

struct FeedOptions {
  // How often an idle watch asks the sources again.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Open watches at most; more get RESOURCE_EXHAUSTED.
  int max_watches = 256;
};

class FeedGrpcService final : public v1::FeedService::Service {
 public:
  FeedGrpcService(const Authenticator* authenticator, const FeedSources* sources,
                  FeedOptions options)
      : authenticator_(authenticator), sources_(sources), options_(options) {}

  grpc::Status ListEvents(grpc::ServerContext* ctx, const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status WatchEvents(grpc::ServerContext* ctx, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::Event>* writer) override;

 private:
  // The caller's token and the filter, before any source is asked.
  absl::Status CheckCall(const grpc::ServerContext& ctx, const v1::EventFilter& filter) const;
  // Waits one poll interval; false once the call is cancelled.
  bool Pause(grpc::ServerContext* ctx) const;

  const Authenticator* authenticator_;
  const FeedSources* sources_;
  const FeedOptions options_;
  std::atomic<int> open_watches_{0};
};

}  // namespace summit::feed
