#pragma once
// Tells the activity feed, inside this process, that a transaction holding
// audit events has just committed: open watches then look at once instead
// of at their next poll. Commits on other replicas are still found by the
// poll (FeedHeads' interval).
//
// AppendEvent notes the event on the thread running the transaction;
// RunTransaction clears the note when it starts a transaction and bumps the
// signal when one with a note commits.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace summit {

class CommitSignal final {
 public:
  // The one of this process.
  static CommitSignal& Process();

  // Counts commits with events so far.
  uint64_t generation() const;
  // Waits up to `timeout` for a generation above `seen`; returns the latest.
  uint64_t WaitBeyond(uint64_t seen, absl::Duration timeout) const;

  // The current thread's transaction is starting / wrote an event about
  // `resource` / committed.
  static void TransactionStarted();
  static void EventWritten(const std::string& resource);
  void TransactionCommitted();

  // Told the resources of each committed transaction's events, on the
  // committing thread, before its call answers (caches drop those entries).
  using Listener = std::function<void(const std::vector<std::string>& resources)>;
  int Subscribe(Listener listener);
  void Unsubscribe(int id);

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Mutex listeners_mu_;
  std::map<int, Listener> listeners_ ABSL_GUARDED_BY(listeners_mu_);
  int next_listener_ ABSL_GUARDED_BY(listeners_mu_) = 0;
};

}  // namespace summit
