#include "services/feed/watch_scheduler.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace summit::feed {
namespace {
// The waker looks at the clock and at `stopping_` at least this often.
constexpr absl::Duration kLongestWakerWait = absl::Milliseconds(100);
}  // namespace

WatchScheduler::WatchScheduler(const FeedNews* news, int pump_threads) : news_(news) {
  for (int i = 0; i < std::max(1, pump_threads); ++i) pumps_.emplace_back([this] { Pump(); });
  waker_ = std::thread([this] { Wake(); });
}

WatchScheduler::~WatchScheduler() { Stop(); }

void WatchScheduler::Stop() {
  std::vector<ScheduledWatch*> abandoned;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (const auto& [watch, parked] : parked_) abandoned.push_back(watch);
    abandoned.insert(abandoned.end(), queue_.begin(), queue_.end());
    parked_.clear();
    queue_.clear();
  }
  // Outside the lock: a watch's Abandon finishes its call.
  for (ScheduledWatch* watch : abandoned) watch->Abandon();
  for (std::thread& pump : pumps_) {
    if (pump.joinable()) pump.join();
  }
  if (waker_.joinable()) waker_.join();
}

bool WatchScheduler::RunSoon(ScheduledWatch* watch) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  queue_.push_back(watch);
  return true;
}

bool WatchScheduler::RunAfterNews(ScheduledWatch* watch, uint64_t seen, absl::Time at) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  // News that came while the watch was reading: no parking.
  if (news_->generation() > seen || at <= absl::Now()) {
    queue_.push_back(watch);
    return true;
  }
  parked_[watch] = Parked{.seen = seen, .at = at};
  next_due_ = std::min(next_due_, at);
  return true;
}

bool WatchScheduler::Unpark(ScheduledWatch* watch) {
  absl::MutexLock lock(&mu_);
  return parked_.erase(watch) > 0;
}

size_t WatchScheduler::parked() const {
  absl::MutexLock lock(&mu_);
  return parked_.size();
}

void WatchScheduler::Pump() {
  while (true) {
    ScheduledWatch* watch = nullptr;
    {
      absl::MutexLock lock(&mu_);
      const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (stopping_) return;
      watch = queue_.front();
      queue_.pop_front();
    }
    watch->RunTurn();
  }
}

void WatchScheduler::Wake() {
  // Zero, not the present generation: this thread may start after a watch
  // parked and news came, and the first WaitForChange returns at once with
  // whatever is newer than zero.
  uint64_t generation = 0;
  uint64_t released_at = 0;
  while (true) {
    absl::Duration wait;
    {
      absl::MutexLock lock(&mu_);
      const auto needed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !parked_.empty();
      };
      mu_.Await(absl::Condition(&needed));
      if (stopping_) return;
      const absl::Time now = absl::Now();
      // The parked are looked through only when something can be due.
      if (generation != released_at || now >= next_due_) {
        ReleaseDue(generation, now);
        released_at = generation;
      }
      wait = std::clamp(next_due_ - now, absl::ZeroDuration(), kLongestWakerWait);
    }
    generation = news_->WaitForChange(generation, wait);
  }
}

void WatchScheduler::ReleaseDue(uint64_t generation, absl::Time now) {
  next_due_ = absl::InfiniteFuture();
  for (auto it = parked_.begin(); it != parked_.end();) {
    if (generation > it->second.seen || now >= it->second.at) {
      queue_.push_back(it->first);
      parked_.erase(it++);
    } else {
      next_due_ = std::min(next_due_, it->second.at);
      ++it;
    }
  }
}

}  // namespace summit::feed
