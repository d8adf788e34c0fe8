#include "services/notifications/notifier.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"
#include "services/common/transaction.h"
#include "services/feed/feed_cursor.h"
#include "services/feed/feed_merge.h"
#include "services/notifications/event_rules.h"
#include "services/notifications/reminders.h"
#include "services/notifications/sql/queries.h"

namespace summit::notifications {
namespace {

constexpr absl::Duration kMailLease = absl::Seconds(60);
constexpr int kMailBatch = 20;
constexpr absl::Duration kRemindEvery = absl::Seconds(5);

// 15 s, 30 s, 1 min, … up to 30 min between attempts.
int BackoffSeconds(int attempts) {
  return static_cast<int>(std::min(1800.0, 15.0 * std::pow(2.0, std::max(0, attempts - 1))));
}

}  // namespace

Notifier::Notifier(NotifierOptions options, const Clock* clock,
                   std::unique_ptr<feed::FeedSources> sources,
                   std::function<std::string()> service_authorization, NewSession new_session)
    : options_(std::move(options)),
      clock_(clock),
      sources_(std::move(sources)),
      service_authorization_(std::move(service_authorization)),
      new_session_(std::move(new_session)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  threads_.emplace_back([this] { ConsumerLoop(); });
  threads_.emplace_back([this] { SenderLoop(); });
}

void Notifier::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void Notifier::Wake() {
  absl::MutexLock lock(&mu_);
  sender_woken_ = true;
}

bool Notifier::WaitFor(absl::Duration d, bool* flag) {
  absl::MutexLock lock(&mu_);
  auto ready = [this, flag]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || *flag; };
  mu_.AwaitWithTimeout(absl::Condition(&ready), d);
  *flag = false;
  return !stopping_;
}

absl::StatusOr<int> Notifier::ConsumeOnce() {
  absl::MutexLock lock(&consumer_mu_);
  if (!consumer_db_) consumer_db_ = new_session_();
  const absl::Time now = clock_->Now();
  const int batch = ++batches_;
  int applied = 0;
  absl::Status status = RunTransaction(
      *consumer_db_, absl::Now() + absl::Seconds(30),
      [&](pqxx::transaction_base& txn) -> absl::Status {
        applied = 0;
        const std::string stored = txn.exec_prepared1(sql::kLockConsumer)[0].as<std::string>();
        feed::internal::v1::FeedCursor cursor;
        if (!stored.empty()) {
          absl::StatusOr<feed::internal::v1::FeedCursor> decoded =
              feed::DecodeCursor("cursor", stored);
          if (!decoded.ok()) return decoded.status();
          cursor = *decoded;
        }
        absl::StatusOr<std::vector<feed::SourcePage>> pages =
            sources_->Read(service_authorization_(), cursor, {}, options_.batch_size,
                           absl::Now() + absl::Seconds(10));
        if (!pages.ok()) return pages.status();
        const feed::MergedPage merged = feed::MergePages(
            cursor, *pages, static_cast<size_t>(options_.batch_size) * pages->size());
        Producer producer(txn, now, options_.mail);
        for (const feed::v1::Event& event : merged.events) {
          if (options_.abort_every > 0 && batch % options_.abort_every == 0 &&
              applied * 2 >= static_cast<int>(merged.events.size()) && applied > 0) {
            throw std::runtime_error("test fault: notifier batch aborted before its commit");
          }
          if (!absl::StartsWith(event.type(), "notifications.")) {
            // Event times are the database's wall clock, not the business clock.
            const bool recent =
                FromProtoTime(event.event_time()) > absl::Now() - options_.catch_up_horizon;
            ApplyEvent(producer, event, recent);
          }
          ++applied;
        }
        txn.exec_prepared(sql::kAdvanceConsumer, feed::EncodeCursor(merged.end), applied);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return applied;
}

absl::StatusOr<int> Notifier::RemindOnce() {
  absl::MutexLock lock(&consumer_mu_);
  if (!consumer_db_) consumer_db_ = new_session_();
  int produced = 0;
  absl::Status status = RunTransaction(*consumer_db_, absl::Now() + absl::Seconds(30),
                                       [&](pqxx::transaction_base& txn) -> absl::Status {
                                         // One replica at a time, like the consumer.
                                         txn.exec_prepared1(sql::kLockConsumer);
                                         Producer producer(txn, clock_->Now(), options_.mail);
                                         produced =
                                             ProduceReminders(producer) + ProduceDigests(producer);
                                         return absl::OkStatus();
                                       });
  if (!status.ok()) return status;
  return produced;
}

absl::StatusOr<int> Notifier::SendOnce() {
  // Without an SMTP server mail stays queued, attempts untouched, until
  // summitd runs with one.
  if (options_.smtp.url.empty()) return 0;
  absl::MutexLock lock(&sender_mu_);
  if (!sender_db_) sender_db_ = new_session_();
  struct Claimed {
    int64_t id;
    std::string message_id, to, message;
    int attempts;
  };
  std::vector<Claimed> claimed;
  absl::Status status = RunTransaction(
      *sender_db_, absl::Now() + absl::Seconds(30),
      [&](pqxx::transaction_base& txn) -> absl::Status {
        claimed.clear();
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kClaimMail, kMailBatch, absl::ToInt64Seconds(kMailLease))) {
          claimed.push_back({r["id"].as<int64_t>(), r["message_id"].as<std::string>(),
                             r["to_address"].as<std::string>(), r["message"].as<std::string>(),
                             r["attempts"].as<int>()});
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  int sent = 0;
  for (const Claimed& mail : claimed) {
    const SendOutcome outcome =
        SendSmtp(options_.smtp, options_.mail.from_address, mail.to, mail.message);
    // Recorded at once, message by message: a crash repeats at most the one
    // message in flight (same Message-ID), never a batch.
    absl::Status recorded = RunTransaction(
        *sender_db_, absl::Now() + absl::Seconds(30),
        [&](pqxx::transaction_base& txn) -> absl::Status {
          if (outcome.sent) {
            txn.exec_prepared(sql::kMailSent, mail.id);
          } else if (outcome.permanent || mail.attempts >= options_.max_mail_attempts) {
            txn.exec_prepared(sql::kMailFailed, mail.id, outcome.error);
          } else {
            txn.exec_prepared(sql::kMailRetry, mail.id, outcome.error,
                              BackoffSeconds(mail.attempts));
          }
          return absl::OkStatus();
        });
    if (!recorded.ok()) return recorded;
    if (outcome.sent) {
      ++sent;
    } else {
      log::Warn("mail {} to {} not sent (attempt {}): {}", mail.message_id, mail.to, mail.attempts,
                outcome.error);
    }
  }
  return sent;
}

// The next wait: the shortest after work, doubling while idle up to the
// longest, so that an idle notifier costs a few queries a second, not dozens.
namespace {
absl::Duration NextWait(absl::Duration current, bool worked, const NotifierOptions& options) {
  if (worked) return options.poll_interval;
  return std::min(current * 2, options.max_idle_interval);
}
}  // namespace

void Notifier::ConsumerLoop() {
  absl::Time next_remind = absl::InfinitePast();
  absl::Duration wait = options_.poll_interval;
  do {
    bool worked = false;
    for (;;) {
      absl::StatusOr<int> applied = ConsumeOnce();
      if (!applied.ok()) {
        log::Warn("notifications: reading the feed failed: {}", applied.status().message());
        break;
      }
      if (*applied > 0) {
        worked = true;
        Wake();
      }
      if (*applied < options_.batch_size) break;
    }
    if (absl::Now() >= next_remind) {
      absl::StatusOr<int> reminded = RemindOnce();
      if (!reminded.ok()) {
        log::Warn("notifications: reminders failed: {}", reminded.status().message());
      } else if (*reminded > 0) {
        Wake();
      }
      next_remind = absl::Now() + kRemindEvery;
    }
    wait = NextWait(wait, worked, options_);
  } while (WaitFor(wait, &consumer_woken_));
}

void Notifier::SenderLoop() {
  absl::Duration wait = options_.poll_interval;
  do {
    bool worked = false;
    for (;;) {
      absl::StatusOr<int> sent = SendOnce();
      if (!sent.ok()) {
        log::Warn("notifications: sending mail failed: {}", sent.status().message());
        break;
      }
      if (*sent == 0) break;
      worked = true;
    }
    wait = NextWait(wait, worked, options_);
  } while (WaitFor(wait, &sender_woken_));
}

}  // namespace summit::notifications
