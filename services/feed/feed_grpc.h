#pragma once
// summit.feed.v1.FeedService. A watch is a long-lived stream that mostly
// waits, so this service uses gRPC's synchronous API (a thread per open
// watch, capped) rather than the database pool the other services run on:
// it has no tables and reads its sources over gRPC. Like ProtoService, its
// methods take the request as bytes and parse it here, so that invalid
// UTF-8 or an unknown enum value is INVALID_ARGUMENT naming the field.

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>

#include <atomic>

#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/feed/feed_sources.h"
#include "summit/feed/v1/feed_service.pb.h"

namespace summit::feed {

struct FeedOptions {
  // How often an idle watch asks the sources again.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Open watches at most; more get RESOURCE_EXHAUSTED.
  int max_watches = 256;
};

class FeedGrpcService final : public grpc::Service {
 public:
  FeedGrpcService(const Authenticator* authenticator, const FeedSources* sources,
                  FeedOptions options);

 private:
  grpc::Status ListEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                          grpc::ByteBuffer* out);
  grpc::Status WatchEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                           grpc::ServerWriter<grpc::ByteBuffer>* writer);
  grpc::Status List(grpc::ServerContext* ctx, const v1::ListEventsRequest& request,
                    v1::ListEventsResponse* response);
  grpc::Status Watch(grpc::ServerContext* ctx, const v1::WatchEventsRequest& request,
                     grpc::ServerWriter<grpc::ByteBuffer>* writer);
  // Waits one poll interval; false once the call is cancelled.
  bool Pause(grpc::ServerContext* ctx) const;

  const Authenticator* authenticator_;
  const FeedSources* sources_;
  const FeedOptions options_;
  std::atomic<int> open_watches_{0};
  // gRPC keeps the method paths as char pointers: stable storage.
  const std::string list_path_;
  const std::string watch_path_;
};

}  // namespace summit::feed
