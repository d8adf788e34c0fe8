#pragma once
// summit.feed.v1.FeedService. A watch is a long-lived stream that mostly
// waits, so this service uses gRPC's synchronous API (a thread per open
// watch, capped) rather than the database pool the other services run on:
// it has no tables and reads its sources over gRPC. Like ProtoService, its
// methods take the request as bytes and parse it here, so that invalid
// UTF-8 or an unknown enum value is INVALID_ARGUMENT naming the field.

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/feed/feed_heads.h"
#include "services/feed/feed_sources.h"
#include "summit/feed/v1/feed_service.pb.h"

namespace summit::feed {

struct FeedOptions {
  // How often an idle watch asks the sources again.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Open watches at most, and per person or service; more get
  // RESOURCE_EXHAUSTED (a watch holds a thread while it is open).
  int max_watches = 256;
  int max_watches_per_principal = 8;
  // An idle watch reads its sources again this often anyway, so that a
  // revoked token ends it.
  absl::Duration max_idle = absl::Seconds(30);
};

class FeedGrpcService final : public grpc::Service {
 public:
  // `service_authorization`: this server's credential, for the one poller
  // that watches the sources' present for every watch (feed_heads.h).
  FeedGrpcService(const Authenticator* authenticator, const FeedSources* sources,
                  std::function<std::string()> service_authorization, FeedOptions options);

  // Stops the poller that wakes the watches (before the server stops).
  void Stop() { heads_.Stop(); }

 private:
  grpc::Status ListEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                          grpc::ByteBuffer* out);
  grpc::Status WatchEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                           grpc::ServerWriter<grpc::ByteBuffer>* writer);
  grpc::Status List(grpc::ServerContext* ctx, const v1::ListEventsRequest& request,
                    v1::ListEventsResponse* response);
  grpc::Status Watch(grpc::ServerContext* ctx, const std::string& subject,
                     const v1::WatchEventsRequest& request,
                     grpc::ServerWriter<grpc::ByteBuffer>* writer);
  // Counts a watch in, within the caps; CloseWatch counts it out.
  absl::Status OpenWatch(const std::string& subject);
  void CloseWatch(const std::string& subject);
  // Waits until the sources' present moved past `seen` (true), the call
  // ended (false) or max_idle passed (true: read again anyway).
  bool WaitForNews(grpc::ServerContext* ctx, uint64_t seen) const;
  // Waits one poll interval; false once the call is cancelled.
  bool Pause(grpc::ServerContext* ctx) const;

  const Authenticator* authenticator_;
  const FeedSources* sources_;
  const FeedOptions options_;
  FeedHeads heads_;
  mutable absl::Mutex watches_mu_;
  int open_watches_ ABSL_GUARDED_BY(watches_mu_) = 0;
  absl::flat_hash_map<std::string, int> watches_by_subject_ ABSL_GUARDED_BY(watches_mu_);
  // gRPC keeps the method paths as char pointers: stable storage.
  const std::string list_path_;
  const std::string watch_path_;
};

}  // namespace summit::feed
