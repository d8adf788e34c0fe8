#pragma once
// The notifications service's background work, on every replica:
//  - the consumer reads the activity feed after its durable cursor and
//    applies a batch of events in one transaction that also moves the
//    cursor (the cursor row is locked: replicas take turns, nothing is
//    lost or repeated);
//  - reminders and digests by the injected clock;
//  - the sender claims queued mail with a lease and sends it over SMTP,
//    retrying with backoff and recording permanent failures.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/feed/feed_sources.h"
#include "services/notifications/producer.h"
#include "services/notifications/smtp_sender.h"

namespace summit::notifications {

struct NotifierOptions {
  MailSettings mail;
  SmtpOptions smtp;
  // Reading the feed and the outbox: again after this when there was work,
  // doubling while idle up to max_idle_interval (the bound on how late an
  // event is noticed; a local write wakes the sender at once).
  absl::Duration poll_interval = absl::Milliseconds(250);
  absl::Duration max_idle_interval = absl::Seconds(2);
  // Events older than this when first read only update projections and work.
  absl::Duration catch_up_horizon = absl::Hours(24);
  int batch_size = 200;
  int max_mail_attempts = 12;
  // Tests: every Nth batch fails after applying half its events, before its
  // commit (SUMMIT_TEST_NOTIFIER_ABORT_EVERY).
  int abort_every = 0;
};

class Notifier {
 public:
  using NewSession = std::function<std::unique_ptr<DbSession>()>;
  Notifier(NotifierOptions options, const Clock* clock, std::unique_ptr<feed::FeedSources> sources,
           std::function<std::string()> service_authorization, NewSession new_session);
  ~Notifier();

  void Start();
  void Stop();
  // Wakes the sender (new mail queued by a call).
  void Wake();

  // One round of each, for tests and shutdown. Return what they did.
  absl::StatusOr<int> ConsumeOnce();
  absl::StatusOr<int> RemindOnce();
  absl::StatusOr<int> SendOnce();

 private:
  void ConsumerLoop();
  void SenderLoop();
  // Waits up to `d` or until `flag` is raised; false when stopping.
  bool WaitFor(absl::Duration d, bool* flag) ABSL_LOCKS_EXCLUDED(mu_);

  const NotifierOptions options_;
  const Clock* clock_;
  std::unique_ptr<feed::FeedSources> sources_;
  std::function<std::string()> service_authorization_;
  NewSession new_session_;
  // Each loop has its own session; the test hooks share one under a lock.
  std::unique_ptr<DbSession> consumer_db_;
  std::unique_ptr<DbSession> sender_db_;
  absl::Mutex consumer_mu_;
  absl::Mutex sender_mu_;
  std::atomic<int> batches_{0};

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool consumer_woken_ ABSL_GUARDED_BY(mu_) = false;
  bool sender_woken_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace summit::notifications
