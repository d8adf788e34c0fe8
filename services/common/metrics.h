#pragma once
// The process's Prometheus metrics (prometheus-cpp), one registry for every
// hosted service; summitd serves it on --metrics-listen. What each metric
// means, and the alerts built on them, are in docs/operations.md.

#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace summit::metrics {

// The registry the exposer serves.
std::shared_ptr<prometheus::Registry> Registry();

// One finished gRPC call: summit_grpc_server_handled_total{method,code} and
// summit_grpc_server_handling_seconds{method}. The series are looked up once
// per method and code, not per call (prometheus-cpp's Family::Add builds and
// hashes a label map under the family's lock each time).
void RecordCall(std::string_view method, std::string_view code, absl::Duration latency);

// One database pool's series (labelled by the service it serves), looked up
// once when the pool starts: a pool updates them on every call.
class PoolMetrics {
 public:
  explicit PoolMetrics(std::string_view pool);

  void SetWorkers(int workers) const;
  void SetQueueDepth(size_t depth) const;
  void SetBusyWorkers(int busy) const;
  void ObserveWait(absl::Duration wait) const;
  void CountShed() const;
  // An inline read (DbPool::TryRunInline): answered on the gRPC thread, or
  // given up and run again on a worker.
  void CountInline(bool answered) const;

 private:
  prometheus::Gauge* workers_;
  prometheus::Gauge* queue_depth_;
  prometheus::Gauge* busy_;
  prometheus::Histogram* wait_;
  prometheus::Counter* shed_;
  prometheus::Counter* inline_answered_;
  prometheus::Counter* inline_ran_again_;
};

// Whether a service's database answers (1) or not (0).
void SetDatabaseUp(std::string_view service, bool up);
// Items waiting in a queue (an outbox) and the age of the oldest.
void SetBacklog(std::string_view queue, double items, double oldest_age_seconds);
// How long the oldest writing transaction in summitd's database has been open: the
// activity feed holds events back behind it.
void SetFeedHoldback(double seconds);
// Activity feed watches open now.
void AddOpenWatches(int delta);
// A watch's turn asked a source for events, or skipped it (nothing there
// since the watch's position: FeedNews::Quiet).
void CountWatchSourceRead(std::string_view source, bool skipped);
// Seconds since the revoked-token list was last fetched.
void SetRevocationAge(double seconds);

}  // namespace summit::metrics
