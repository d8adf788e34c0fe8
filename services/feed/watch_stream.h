#pragma once
// One open WatchEvents call on gRPC's callback API. It is always in exactly
// one of four places: in the scheduler (parked, or queued for a turn), in a
// turn on a pump thread (reading the sources), writing the events it read
// (one gRPC write at a time), or finished. Nothing holds a thread while it
// waits, so an idle watch costs memory only.

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/feed/feed_heads.h"
#include "services/feed/feed_sources.h"
#include "services/feed/watch_scheduler.h"
#include "summit/feed/v1/feed_service.pb.h"

namespace summit::feed {

// What every watch shares.
struct WatchEnv {
  const FeedSources* sources;
  const FeedNews* news;
  WatchScheduler* scheduler;
  // How long a source that is down delays the next read.
  absl::Duration retry_interval;
  // An idle watch checks its caller's token this often (in memory: the
  // revocation list, the expiry), so that a revoked token ends it.
  absl::Duration max_idle;
  const Authenticator* authenticator;
};

class WatchStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public ScheduledWatch {
 public:
  // `start`: where the watch begins; empty with `from_present` set, the
  // present as the first turn reads it. `on_done` runs once the call is
  // over (the caps count the watch out). The first turn is queued at once.
  WatchStream(const WatchEnv& env, std::string authorization, v1::EventFilter filter,
              internal::v1::FeedCursor start, bool from_present, absl::Time deadline,
              std::function<void()> on_done);

  // ScheduledWatch
  void RunTurn() override;
  void Abandon() override;

  // grpc::ServerWriteReactor
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // The sources with no event between this watch's position and the
  // present (FeedNews::Quiet): its position there moves to the present, and
  // the turn does not ask them.
  std::vector<std::string> SkipQuietSources(const FeedNews::QuietRanges& quiet);
  // Writes the next pending event, or, with none left, schedules the next
  // turn: parked until news when caught up, queued at once when not.
  void WriteOrSchedule();
  // Finishes the call unless it already was; must not be called holding mu_
  // (gRPC may run OnDone, which deletes this, before Finish returns).
  void FinishOnce(const grpc::Status& status);

  const WatchEnv env_;
  const std::string authorization_;
  const v1::EventFilter filter_;
  const absl::Time deadline_;
  const std::function<void()> on_done_;
  // Touched by one turn or one write at a time, never both: no lock.
  internal::v1::FeedCursor cursor_;
  bool needs_present_;
  bool started_ = false;
  bool caught_up_ = false;
  // The last read failed for a while (a source is down): read again after
  // retry_interval, news or not, until a read succeeds.
  bool retry_ = false;
  uint64_t seen_ = 0;
  std::deque<std::string> pending_;
  grpc::ByteBuffer write_buffer_;

  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace summit::feed
