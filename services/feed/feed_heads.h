#pragma once
// One poller for all open watches: it asks the sources for the present (the
// position past every committed event) once per interval while any watch is
// open, and wakes the watches when that moved. An idle watch then costs no
// source reads at all, and N watches no longer mean N times the reads that
// compete with unary calls for the services' database pools.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/feed/feed_sources.h"

namespace summit::feed {

// Changes of the sources' present, counted: what wakes waiting watches.
class FeedNews {
 public:
  // Positions of one source between which it holds no event at all: a
  // watch at or past `since` may move on to `present` without asking it.
  struct QuietRange {
    internal::v1::SourcePosition since;
    internal::v1::SourcePosition present;
  };
  using QuietRanges = std::map<std::string, QuietRange>;

  virtual ~FeedNews() = default;
  // Counts changes of the present seen so far.
  virtual uint64_t generation() const = 0;
  // Waits up to `timeout` for a generation above `seen`; returns the latest.
  virtual uint64_t WaitForChange(uint64_t seen, absl::Duration timeout) const = 0;
  // The quiet ranges known at a generation, and that generation (the two
  // taken together: a watch parks on that generation after using them).
  virtual QuietRanges Quiet(uint64_t* generation) const {
    *generation = this->generation();
    return {};
  }
};

class FeedHeads final : public FeedNews {
 public:
  // `authorization`: this server's own credential (it sees every source).
  FeedHeads(const FeedSources* sources, std::function<std::string()> authorization,
            absl::Duration interval);
  ~FeedHeads();
  // Stops the poller (and wakes every waiting watch); idempotent. Called
  // before the server stops, so no source call is in flight while gRPC
  // shuts down.
  void Stop();
  FeedHeads(const FeedHeads&) = delete;
  FeedHeads& operator=(const FeedHeads&) = delete;

  uint64_t generation() const override;
  uint64_t WaitForChange(uint64_t seen, absl::Duration timeout) const override;
  QuietRanges Quiet(uint64_t* generation) const override;

  // The poller runs only while some watch is open.
  void AddWatcher();
  void RemoveWatcher();

 private:
  void Loop();
  // The quiet ranges once the present is `now`: a source that moved keeps
  // its range's start only if it holds no event since the last present.
  QuietRanges QuietRangesAt(const internal::v1::FeedCursor& now);

  const FeedSources* sources_;
  const std::function<std::string()> authorization_;
  const absl::Duration interval_;
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  internal::v1::FeedCursor present_ ABSL_GUARDED_BY(mu_);
  QuietRanges quiet_ ABSL_GUARDED_BY(mu_);
  int watchers_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace summit::feed
