#pragma once
// summit.feed.v1.FeedService. It has no tables: it reads its sources over
// gRPC. ListEvents runs on gRPC's synchronous API (a short call that blocks
// on those reads); WatchEvents, a long-lived stream that mostly waits, on
// the callback API (watch_stream.h): a waiting watch holds no thread, and
// its reads run on a few pump threads shared by all watches. Like
// ProtoService, both take the request as bytes and parse it here, so that
// invalid UTF-8 or an unknown enum value is INVALID_ARGUMENT naming the field.

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/feed/feed_heads.h"
#include "services/feed/feed_sources.h"
#include "services/feed/watch_scheduler.h"
#include "summit/feed/v1/feed_service.pb.h"

namespace summit::feed {

struct FeedOptions {
  // How often the sources' present is read while watches are open (a
  // local commit wakes it at once), and how long a source that is down
  // delays a watch's next read.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Open watches at most, and per person or service; more get
  // RESOURCE_EXHAUSTED. A waiting watch costs a few kilobytes, no thread.
  int max_watches = 4096;
  int max_watches_per_principal = 8;
  // Threads that run watches' reads from the sources.
  int pump_threads = 4;
  // An idle watch checks its caller's token again this often (in memory),
  // so that a revoked or expired token ends it.
  absl::Duration max_idle = absl::Seconds(30);
};

class FeedGrpcService final : public grpc::Service {
 public:
  // `service_authorization`: this server's credential, for the one poller
  // that watches the sources' present for every watch (feed_heads.h).
  FeedGrpcService(const Authenticator* authenticator, const FeedSources* sources,
                  std::function<std::string()> service_authorization, FeedOptions options);

  // Ends every waiting watch (UNAVAILABLE) and stops the poller that wakes
  // them (before the server stops).
  void Stop() {
    scheduler_.Stop();
    heads_.Stop();
  }

 private:
  grpc::Status ListEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                          grpc::ByteBuffer* out);
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchEvents(grpc::CallbackServerContext* ctx,
                                                          const grpc::ByteBuffer* in);
  grpc::Status List(grpc::ServerContext* ctx, const v1::ListEventsRequest& request,
                    v1::ListEventsResponse* response);
  // The watch's stream, or the refusal of a bad request or a full server.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Watch(grpc::CallbackServerContext* ctx,
                                                    const std::string& subject,
                                                    const v1::WatchEventsRequest& request);
  // Counts a watch in, within the caps; CloseWatch counts it out.
  absl::Status OpenWatch(const std::string& subject);
  void CloseWatch(const std::string& subject);

  const Authenticator* authenticator_;
  const FeedSources* sources_;
  const FeedOptions options_;
  FeedHeads heads_;
  WatchScheduler scheduler_;
  mutable absl::Mutex watches_mu_;
  int open_watches_ ABSL_GUARDED_BY(watches_mu_) = 0;
  absl::flat_hash_map<std::string, int> watches_by_subject_ ABSL_GUARDED_BY(watches_mu_);
  // gRPC keeps the method paths as char pointers: stable storage.
  const std::string list_path_;
  const std::string watch_path_;
};

}  // namespace summit::feed
