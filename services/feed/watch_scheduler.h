#pragma once
// Where open watches wait. A watch that is caught up parks here, costing a
// map entry and no thread; when the sources' present moves (FeedHeads) or
// its own time comes (the idle recheck, a retry), it is handed to one of a
// few pump threads, which run its next turn: a read from the sources, which
// blocks on gRPC and so must not run on gRPC's callback threads. A thousand
// open watches are then a thousand parked entries, not a thousand threads.

#include <cstdint>
#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/feed/feed_heads.h"

namespace summit::feed {

// One watch, as the scheduler sees it.
class ScheduledWatch {
 public:
  virtual ~ScheduledWatch() = default;
  // Its next turn, on a pump thread.
  virtual void RunTurn() = 0;
  // The scheduler stopped with this watch parked or queued: it must end.
  virtual void Abandon() = 0;
};

class WatchScheduler {
 public:
  WatchScheduler(const FeedNews* news, int pump_threads);
  ~WatchScheduler();
  WatchScheduler(const WatchScheduler&) = delete;
  WatchScheduler& operator=(const WatchScheduler&) = delete;

  // Abandons every parked and queued watch and joins the threads; a turn
  // already running finishes first. Idempotent.
  void Stop();

  // Runs the watch's turn soon. False once stopped (the turn will not run).
  bool RunSoon(ScheduledWatch* watch);
  // Parks the watch until the present's generation is above `seen`, or
  // until `at`, whichever comes first. False once stopped.
  bool RunAfterNews(ScheduledWatch* watch, uint64_t seen, absl::Time at);
  // Takes a parked watch out (its call was cancelled): true if it was
  // parked, so that its turn will not run; false if it is queued, running or
  // not here.
  bool Unpark(ScheduledWatch* watch);

  // Watches parked now (for tests and metrics).
  size_t parked() const;

 private:
  struct Parked {
    uint64_t seen;
    absl::Time at;
  };
  void Pump();
  void Wake();
  // Moves the parked watches that are due to the run queue.
  void ReleaseDue(uint64_t generation, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const FeedNews* news_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<ScheduledWatch*, Parked> parked_ ABSL_GUARDED_BY(mu_);
  std::deque<ScheduledWatch*> queue_ ABSL_GUARDED_BY(mu_);
  // The earliest `at` among the parked (InfiniteFuture when none): the
  // waker's next look at the clock.
  absl::Time next_due_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  std::vector<std::thread> pumps_;
  std::thread waker_;
};

}  // namespace summit::feed
