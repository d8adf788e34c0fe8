#pragma once
// The process's Prometheus metrics (prometheus-cpp), one registry for every
// hosted service; summitd serves it on --metrics-listen. What each metric
// means, and the alerts built on them, are in docs/operations.md.

#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace summit::metrics {

// The registry the exposer serves.
std::shared_ptr<prometheus::Registry> Registry();

// One finished gRPC call: summit_grpc_server_handled_total{method,code} and
// summit_grpc_server_handling_seconds{method}.
void RecordCall(std::string_view method, std::string_view code, absl::Duration latency);

// Database pools, by the service they serve.
void SetPoolWorkers(std::string_view pool, int workers);
void SetPoolQueueDepth(std::string_view pool, size_t depth);
void SetPoolBusyWorkers(std::string_view pool, int busy);
void ObservePoolWait(std::string_view pool, absl::Duration wait);
void CountPoolShed(std::string_view pool);

// Whether a service's database answers (1) or not (0).
void SetDatabaseUp(std::string_view service, bool up);
// Items waiting in a queue (an outbox) and the age of the oldest.
void SetBacklog(std::string_view queue, double items, double oldest_age_seconds);
// How long the oldest writing transaction in summitd's database has been open: the
// activity feed holds events back behind it.
void SetFeedHoldback(double seconds);
// Activity feed watches open now.
void AddOpenWatches(int delta);
// Seconds since the revoked-token list was last fetched.
void SetRevocationAge(double seconds);

}  // namespace summit::metrics
