#include "services/common/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace summit::metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// Seconds; a call is mostly a few milliseconds, a watch may stay open for
// half an hour.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120};
  return *kBuckets;
}

struct Families {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& calls =
      BuildCounter()
          .Name("summit_grpc_server_handled_total")
          .Help("gRPC calls finished, by method and status code")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      BuildHistogram()
          .Name("summit_grpc_server_handling_seconds")
          .Help("Time from a call's metadata to its status, by method")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& pool_workers =
      BuildGauge()
          .Name("summit_db_pool_workers")
          .Help("Database workers (one connection each), by service")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& pool_busy =
      BuildGauge()
          .Name("summit_db_pool_busy_workers")
          .Help("Database workers running a call now, by service")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& pool_queue =
      BuildGauge()
          .Name("summit_db_pool_queue_depth")
          .Help("Calls waiting for a database worker, by service")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& pool_wait =
      BuildHistogram()
          .Name("summit_db_pool_wait_seconds")
          .Help("Time a call waited for a database worker, by service")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& pool_shed =
      BuildCounter()
          .Name("summit_db_pool_shed_total")
          .Help("Calls refused or shed with RESOURCE_EXHAUSTED by a full pool, by service")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& pool_inline =
      BuildCounter()
          .Name("summit_db_inline_reads_total")
          .Help(
              "Reads tried on the gRPC thread, by service and outcome: answered there, "
              "or run again on a database worker")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& database_up =
      BuildGauge()
          .Name("summit_database_up")
          .Help("1 while a service's database answers, else 0")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& backlog_items =
      BuildGauge()
          .Name("summit_backlog_items")
          .Help("Items waiting in a queue (outbox), by queue")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& backlog_age =
      BuildGauge()
          .Name("summit_backlog_oldest_age_seconds")
          .Help("Age of the oldest item waiting in a queue, by queue (0 when empty)")
          .Register(*registry);
  prometheus::Gauge& feed_holdback = BuildGauge()
                                         .Name("summit_feed_holdback_seconds")
                                         .Help(
                                             "Age of the oldest transaction running in the "
                                             "cluster; the feed holds newer events behind it")
                                         .Register(*registry)
                                         .Add({});
  prometheus::Gauge& open_watches = BuildGauge()
                                        .Name("summit_feed_open_watches")
                                        .Help("Activity feed watches open now")
                                        .Register(*registry)
                                        .Add({});
  prometheus::Family<prometheus::Counter>& watch_source_reads =
      BuildCounter()
          .Name("summit_feed_watch_source_reads_total")
          .Help(
              "Sources a watch's turn asked for events (outcome=read) or left out, having "
              "nothing since the watch's position (outcome=skipped), by source")
          .Register(*registry);
  prometheus::Gauge& revocation_age = BuildGauge()
                                          .Name("summit_revocation_list_age_seconds")
                                          .Help("Seconds since the revoked-token list was fetched")
                                          .Register(*registry)
                                          .Add({});
};

Families& F() {
  static Families* const kFamilies = new Families();
  return *kFamilies;
}

prometheus::Labels Label(const char* name, std::string_view value) {
  return {{name, std::string(value)}};
}

}  // namespace

std::shared_ptr<prometheus::Registry> Registry() { return F().registry; }

namespace {

// A method's series: its latency and a counter per status code, filled in
// as codes occur. Entries are never removed (neither are prometheus-cpp's
// series), so the pointers stay valid.
struct MethodSeries {
  prometheus::Histogram* latency = nullptr;
  absl::flat_hash_map<std::string, prometheus::Counter*> calls_by_code;
};

class CallSeries {
 public:
  // The counter and histogram for (method, code), created on first use.
  std::pair<prometheus::Counter*, prometheus::Histogram*> Find(std::string_view method,
                                                               std::string_view code) {
    // Debian's Abseil has its own string_view, which its hash maps look up by.
    const absl::string_view method_key(method.data(), method.size());
    const absl::string_view code_key(code.data(), code.size());
    {
      absl::ReaderMutexLock lock(&mu_);
      if (auto m = methods_.find(method_key); m != methods_.end()) {
        if (auto c = m->second.calls_by_code.find(code_key); c != m->second.calls_by_code.end()) {
          return {c->second, m->second.latency};
        }
      }
    }
    absl::MutexLock lock(&mu_);
    MethodSeries& series = methods_[method_key];
    if (series.latency == nullptr) {
      series.latency = &F().latency.Add(Label("method", method), LatencyBuckets());
    }
    prometheus::Counter*& calls = series.calls_by_code[code_key];
    if (calls == nullptr) {
      calls = &F().calls.Add({{"method", std::string(method)}, {"code", std::string(code)}});
    }
    return {calls, series.latency};
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, MethodSeries> methods_ ABSL_GUARDED_BY(mu_);
};

CallSeries& Calls() {
  static CallSeries* const kCalls = new CallSeries();
  return *kCalls;
}

// A feed source's two series (read, skipped), looked up once per source:
// every watch's turn counts one per source.
class WatchSourceSeries {
 public:
  std::pair<prometheus::Counter*, prometheus::Counter*> Find(std::string_view source) {
    const absl::string_view key(source.data(), source.size());
    {
      absl::ReaderMutexLock lock(&mu_);
      if (auto s = sources_.find(key); s != sources_.end()) return s->second;
    }
    absl::MutexLock lock(&mu_);
    auto& series = sources_[key];
    if (series.first == nullptr) {
      series = {
          &F().watch_source_reads.Add({{"source", std::string(source)}, {"outcome", "read"}}),
          &F().watch_source_reads.Add({{"source", std::string(source)}, {"outcome", "skipped"}})};
    }
    return series;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::pair<prometheus::Counter*, prometheus::Counter*>> sources_
      ABSL_GUARDED_BY(mu_);
};

WatchSourceSeries& WatchSources() {
  static WatchSourceSeries* const kSeries = new WatchSourceSeries();
  return *kSeries;
}

}  // namespace

void RecordCall(std::string_view method, std::string_view code, absl::Duration latency) {
  const auto [calls, latency_histogram] = Calls().Find(method, code);
  calls->Increment();
  latency_histogram->Observe(absl::ToDoubleSeconds(latency));
}

PoolMetrics::PoolMetrics(std::string_view pool)
    : workers_(&F().pool_workers.Add(Label("service", pool))),
      queue_depth_(&F().pool_queue.Add(Label("service", pool))),
      busy_(&F().pool_busy.Add(Label("service", pool))),
      wait_(&F().pool_wait.Add(Label("service", pool), LatencyBuckets())),
      shed_(&F().pool_shed.Add(Label("service", pool))),
      inline_answered_(
          &F().pool_inline.Add({{"service", std::string(pool)}, {"outcome", "answered"}})),
      inline_ran_again_(
          &F().pool_inline.Add({{"service", std::string(pool)}, {"outcome", "ran_again"}})) {}

void PoolMetrics::SetWorkers(int workers) const { workers_->Set(workers); }
void PoolMetrics::SetQueueDepth(size_t depth) const {
  queue_depth_->Set(static_cast<double>(depth));
}
void PoolMetrics::SetBusyWorkers(int busy) const { busy_->Set(busy); }
void PoolMetrics::ObserveWait(absl::Duration wait) const {
  wait_->Observe(absl::ToDoubleSeconds(wait));
}
void PoolMetrics::CountShed() const { shed_->Increment(); }
void PoolMetrics::CountInline(bool answered) const {
  (answered ? inline_answered_ : inline_ran_again_)->Increment();
}

void SetDatabaseUp(std::string_view service, bool up) {
  F().database_up.Add(Label("service", service)).Set(up ? 1 : 0);
}
void SetBacklog(std::string_view queue, double items, double oldest_age_seconds) {
  F().backlog_items.Add(Label("queue", queue)).Set(items);
  F().backlog_age.Add(Label("queue", queue)).Set(oldest_age_seconds);
}
void SetFeedHoldback(double seconds) { F().feed_holdback.Set(seconds); }
void AddOpenWatches(int delta) { F().open_watches.Increment(delta); }
void CountWatchSourceRead(std::string_view source, bool skipped) {
  const auto [read, skipped_series] = WatchSources().Find(source);
  (skipped ? skipped_series : read)->Increment();
}
void SetRevocationAge(double seconds) { F().revocation_age.Set(seconds); }

}  // namespace summit::metrics
