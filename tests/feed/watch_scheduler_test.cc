// The scheduler that parks waiting watches: news and time wake them, a
// cancel takes them out, a stop abandons them. The news is a fake counter
// here (a pure scheduling rule); feed_watch_test runs the real thing.
#include "services/feed/watch_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace summit::feed {
namespace {

class CountedNews final : public FeedNews {
 public:
  uint64_t generation() const override {
    absl::MutexLock lock(&mu_);
    return generation_;
  }
  uint64_t WaitForChange(uint64_t seen, absl::Duration timeout) const override {
    absl::MutexLock lock(&mu_);
    const auto changed = [this, seen]()
                             ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ > seen; };
    mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
    return generation_;
  }
  void Publish() {
    absl::MutexLock lock(&mu_);
    ++generation_;
  }

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

class CountingWatch final : public ScheduledWatch {
 public:
  void RunTurn() override {
    turns.fetch_add(1);
    if (!ran.HasBeenNotified()) ran.Notify();
  }
  void Abandon() override { abandoned.fetch_add(1); }
  std::atomic<int> turns{0};
  std::atomic<int> abandoned{0};
  absl::Notification ran;
};

// Watches are declared before their scheduler in each test: the scheduler's
// destructor abandons what is still parked, so they must outlive it.

// Waits (bounded) until `done`; the scheduler's threads get there on their own.
template <typename Pred>
bool Eventually(Pred done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!done() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
  return done();
}

TEST(WatchSchedulerTest, AParkedWatchRunsOnNewsAndNotBefore) {
  CountedNews news;
  CountingWatch watch;
  WatchScheduler scheduler(&news, 2);
  ASSERT_TRUE(scheduler.RunAfterNews(&watch, news.generation(), absl::InfiniteFuture()));
  EXPECT_EQ(scheduler.parked(), 1u);
  EXPECT_EQ(watch.turns.load(), 0);
  news.Publish();
  ASSERT_TRUE(watch.ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(watch.turns.load(), 1);
  EXPECT_EQ(scheduler.parked(), 0u);
}

TEST(WatchSchedulerTest, NewsThatCameDuringTheReadIsNotMissed) {
  CountedNews news;
  CountingWatch watch;
  WatchScheduler scheduler(&news, 1);
  const uint64_t seen = news.generation();
  news.Publish();  // between the watch's read and its parking
  ASSERT_TRUE(scheduler.RunAfterNews(&watch, seen, absl::InfiniteFuture()));
  ASSERT_TRUE(watch.ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
}

TEST(WatchSchedulerTest, AParkedWatchRunsWhenItsTimeComesWithoutNews) {
  CountedNews news;
  CountingWatch soon, later;
  WatchScheduler scheduler(&news, 1);
  ASSERT_TRUE(scheduler.RunAfterNews(&soon, news.generation(), absl::Now()));
  ASSERT_TRUE(scheduler.RunAfterNews(&later, news.generation(), absl::Now() + absl::Hours(1)));
  ASSERT_TRUE(soon.ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(later.turns.load(), 0);
  EXPECT_EQ(scheduler.parked(), 1u);
}

TEST(WatchSchedulerTest, AnUnparkedWatchNeverRuns) {
  CountedNews news;
  CountingWatch cancelled, other;
  WatchScheduler scheduler(&news, 1);
  ASSERT_TRUE(scheduler.RunAfterNews(&cancelled, news.generation(), absl::InfiniteFuture()));
  ASSERT_TRUE(scheduler.RunAfterNews(&other, news.generation(), absl::InfiniteFuture()));
  EXPECT_TRUE(scheduler.Unpark(&cancelled));
  EXPECT_FALSE(scheduler.Unpark(&cancelled));  // only once
  news.Publish();
  ASSERT_TRUE(other.ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  scheduler.Stop();  // every turn that was going to run has run
  EXPECT_EQ(cancelled.turns.load(), 0);
  EXPECT_EQ(cancelled.abandoned.load(), 0);
}

TEST(WatchSchedulerTest, OneNewsWakesEveryParkedWatchOnce) {
  CountedNews news;
  std::vector<std::unique_ptr<CountingWatch>> watches;
  WatchScheduler scheduler(&news, 4);
  for (int i = 0; i < 1000; ++i) {
    watches.push_back(std::make_unique<CountingWatch>());
    ASSERT_TRUE(
        scheduler.RunAfterNews(watches.back().get(), news.generation(), absl::InfiniteFuture()));
  }
  news.Publish();
  EXPECT_TRUE(Eventually([&] {
    for (const auto& w : watches) {
      if (w->turns.load() == 0) return false;
    }
    return true;
  }));
  scheduler.Stop();
  for (const auto& w : watches) EXPECT_EQ(w->turns.load(), 1);
}

TEST(WatchSchedulerTest, StopAbandonsTheParkedAndRefusesNewWork) {
  CountedNews news;
  CountingWatch parked, late;
  WatchScheduler scheduler(&news, 1);
  ASSERT_TRUE(scheduler.RunAfterNews(&parked, news.generation(), absl::InfiniteFuture()));
  scheduler.Stop();
  EXPECT_EQ(parked.abandoned.load(), 1);
  EXPECT_EQ(parked.turns.load(), 0);
  EXPECT_FALSE(scheduler.RunSoon(&late));
  EXPECT_FALSE(scheduler.RunAfterNews(&late, 0, absl::InfiniteFuture()));
  EXPECT_EQ(late.turns.load(), 0);
}

}  // namespace
}  // namespace summit::feed
