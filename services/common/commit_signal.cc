#include "services/common/commit_signal.h"

namespace summit {
namespace {
thread_local bool wrote_event = false;
thread_local std::vector<std::string> changed_resources;
}  // namespace

CommitSignal& CommitSignal::Process() {
  static CommitSignal* const signal = new CommitSignal();
  return *signal;
}

uint64_t CommitSignal::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

uint64_t CommitSignal::WaitBeyond(uint64_t seen, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const auto beyond = [this, seen]()
                          ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ > seen; };
  mu_.AwaitWithTimeout(absl::Condition(&beyond), timeout);
  return generation_;
}

void CommitSignal::TransactionStarted() {
  wrote_event = false;
  changed_resources.clear();
}

void CommitSignal::EventWritten(const std::string& resource) {
  wrote_event = true;
  changed_resources.push_back(resource);
}

void CommitSignal::TransactionCommitted() {
  if (!wrote_event) return;
  wrote_event = false;
  const std::vector<std::string> resources = std::move(changed_resources);
  changed_resources.clear();
  {
    absl::MutexLock lock(&listeners_mu_);
    for (const auto& [id, listener] : listeners_) listener(resources);
  }
  absl::MutexLock lock(&mu_);
  ++generation_;
}

int CommitSignal::Subscribe(Listener listener) {
  absl::MutexLock lock(&listeners_mu_);
  listeners_.emplace(next_listener_, std::move(listener));
  return next_listener_++;
}

void CommitSignal::Unsubscribe(int id) {
  absl::MutexLock lock(&listeners_mu_);
  listeners_.erase(id);
}

}  // namespace summit
