// The database pool's queue is bounded by time as well as length. These jobs
// never touch the database, so no server is needed.
#include "services/common/db_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "services/common/inline_attempt.h"
#include "services/common/transaction.h"

namespace summit {
namespace {

// Occupies the pool's one worker until `release` is notified.
void BlockTheOnlyWorker(DbPool& pool, absl::Notification* release) {
  // Shared: the job may still be inside Notify() when the wait returns.
  auto started = std::make_shared<absl::Notification>();
  ASSERT_TRUE(pool.Submit(
                      [started, release](DbSession&) {
                        started->Notify();
                        release->WaitForNotification();
                      },
                      nullptr)
                  .ok());
  started->WaitForNotification();
}

TEST(DbPool, ShedsWhatWaitedTooLongAndRefusesWhileTheQueueStands) {
  constexpr absl::Duration kMaxWait = absl::Milliseconds(20);
  auto pool = DbPool::Create(
      {.conninfo = "host=/nonexistent", .workers = 1, .max_queue = 100, .max_queue_wait = kMaxWait},
      {});
  absl::Notification release;
  BlockTheOnlyWorker(*pool, &release);

  std::atomic<bool> queued_ran{false};
  absl::Notification queued_shed;
  absl::Status shed_status;
  ASSERT_TRUE(pool->Submit([&](DbSession&) { queued_ran = true; },
                           [&](const absl::Status& s) {
                             shed_status = s;
                             queued_shed.Notify();
                           })
                  .ok());
  // Let the queued job wait well past the bound (time passing, with a margin).
  absl::SleepFor(kMaxWait * 4);
  const absl::Status refused = pool->Submit([](DbSession&) {}, nullptr);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("wait too long"), absl::string_view::npos) << refused;

  release.Notify();
  queued_shed.WaitForNotification();
  EXPECT_EQ(shed_status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(shed_status.message().find("ms for the database"), absl::string_view::npos)
      << shed_status;
  EXPECT_FALSE(queued_ran);

  // With the queue drained, work is taken and runs again.
  absl::Notification ran;
  ASSERT_TRUE(pool->Submit([&](DbSession&) { ran.Notify(); }, nullptr).ok());
  ran.WaitForNotification();
}

TEST(DbPool, RefusesPastItsLengthBoundToo) {
  auto pool = DbPool::Create({.conninfo = "host=/nonexistent",
                              .workers = 1,
                              .max_queue = 2,
                              .max_queue_wait = absl::Hours(1)},
                             {});
  absl::Notification release;
  BlockTheOnlyWorker(*pool, &release);
  EXPECT_TRUE(pool->Submit([](DbSession&) {}, nullptr).ok());
  EXPECT_TRUE(pool->Submit([](DbSession&) {}, nullptr).ok());
  EXPECT_EQ(pool->Submit([](DbSession&) {}, nullptr).code(), absl::StatusCode::kResourceExhausted);
  release.Notify();
}

TEST(DbPool, LendsOnlyAnOpenIdleConnectionInlineAndNeverAheadOfQueuedWork) {
  auto pool = DbPool::Create({.name = "test",
                              .conninfo = "host=/nonexistent",
                              .workers = 2,
                              .max_queue = 10,
                              .max_queue_wait = absl::Hours(1)},
                             {});
  // Both connections idle but never opened: opening one would block the
  // gRPC thread for up to connect_timeout.
  bool ran = false;
  EXPECT_FALSE(pool->TryRunInline([&](DbSession&) { ran = true; }));
  EXPECT_FALSE(ran);
}

TEST(InlineAttempt, TransactionsAndWritesGiveItUpBeforeReachingTheDatabase) {
  DbSession session("host=/nonexistent", nullptr);
  const CallContext call{.deadline = absl::Now() + absl::Minutes(1)};
  bool ran = false;
  const InlineAttempt attempt;
  absl::Status s = RunTransaction(session, call, [&](pqxx::transaction_base&) {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(attempt.given_up());
  EXPECT_EQ(attempt.why(), "a transaction");  // the first reason is kept
  s = RunAutocommit(session, call, [&](pqxx::transaction_base&) {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(ran);
  EXPECT_FALSE(session.IsOpen());  // no connection was even tried
}

TEST(ConnectionDefaults, AddTheIdleTransactionLimitInBothConninfoForms) {
  EXPECT_EQ(
      WithConnectionDefaults("host=/tmp/pg dbname=summit"),
      "host=/tmp/pg dbname=summit connect_timeout=5 keepalives=1 keepalives_idle=30 "
      "keepalives_interval=10 keepalives_count=3 tcp_user_timeout=30000 "
      "application_name=summitd options='-c idle_in_transaction_session_timeout=60000 -c jit=off "
      "-c max_parallel_workers_per_gather=0'");
  const std::string uri = WithConnectionDefaults("postgresql://db.example/summit");
  EXPECT_TRUE(absl::EndsWith(
      uri,
      "&application_name=summitd&options=-c%20idle_in_transaction_session_timeout%3D60000%20-c%"
      "20jit%3Doff%20-c%20max_parallel_workers_per_gather%3D0"))
      << uri;
  EXPECT_TRUE(absl::StartsWith(uri, "postgresql://db.example/summit?connect_timeout=5&")) << uri;
}

TEST(ConnectionDefaults, TheCallersOwnSettingWins) {
  const std::string mine = WithConnectionDefaults("dbname=s options='-c work_mem=8MB'");
  EXPECT_TRUE(absl::EndsWith(mine, "application_name=summitd")) << mine;
  EXPECT_FALSE(absl::StrContains(mine, "idle_in_transaction")) << mine;
}

// The statement timeout is sent only when its step changes: steps never
// exceed the time left (nor a minute) and never reach zero before it passes.
TEST(StatementTimeoutStep, RoundsTheTimeLeftDownToALadderStep) {
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Hours(1)), 60000);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Seconds(60)), 60000);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Milliseconds(59999)), 30000);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Seconds(5)), 4000);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Milliseconds(999)), 500);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Milliseconds(1)), 1);
  EXPECT_EQ(DbSession::StatementTimeoutStep(absl::Microseconds(900)), 0);
  EXPECT_EQ(DbSession::StatementTimeoutStep(-absl::Seconds(1)), 0);
  for (int ms = 1; ms <= 70000; ms += 7) {
    const int64_t step = DbSession::StatementTimeoutStep(absl::Milliseconds(ms));
    ASSERT_GT(step, 0) << ms;
    ASSERT_LE(step, std::min(ms, 60000)) << ms;
    ASSERT_GE(step * 2 + 10, std::min(ms, 60000)) << ms;  // never far below
  }
}

}  // namespace
}  // namespace summit
