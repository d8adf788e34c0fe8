#include "services/feed/watch_stream.h"

#include <algorithm>
#include <limits>

#include "absl/time/clock.h"
#include "services/common/metrics.h"
#include "services/common/proto_service.h"
#include "services/common/status.h"
#include "services/feed/feed_cursor.h"
#include "services/feed/feed_merge.h"

namespace summit::feed {
namespace {

// Events read per source per turn.
constexpr int kWatchBatch = 100;
// One turn's read waits for the sources at most this long: the pump
// threads are shared by every watch.
constexpr absl::Duration kLongestRead = absl::Seconds(30);

bool IsTransient(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded ||
         s.code() == absl::StatusCode::kResourceExhausted;
}

// How a watch ends when the scheduler has stopped.
grpc::Status ShuttingDown() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
}

}  // namespace

WatchStream::WatchStream(const WatchEnv& env, std::string authorization, v1::EventFilter filter,
                         internal::v1::FeedCursor start, bool from_present, absl::Time deadline,
                         std::function<void()> on_done)
    : env_(env),
      authorization_(std::move(authorization)),
      filter_(std::move(filter)),
      deadline_(deadline),
      on_done_(std::move(on_done)),
      cursor_(std::move(start)),
      needs_present_(from_present) {
  // gRPC holds operations started before it binds the reactor, so the first
  // turn may begin on a pump thread before this constructor has returned.
  if (!env_.scheduler->RunSoon(this)) {
    FinishOnce(ShuttingDown());
  }
}

void WatchStream::RunTurn() {
  bool cancelled = false;
  {
    absl::MutexLock lock(&mu_);
    cancelled = cancelled_;
  }
  if (cancelled) return FinishOnce(grpc::Status::CANCELLED);
  const absl::Time read_deadline = std::min(deadline_, absl::Now() + kLongestRead);
  if (needs_present_) {
    absl::StatusOr<internal::v1::FeedCursor> present =
        env_.sources->Present(authorization_, read_deadline);
    if (!present.ok()) return FinishOnce(ToGrpcStatus(present.status()));
    cursor_ = *std::move(present);
    needs_present_ = false;
  }
  if (started_ && caught_up_ && !retry_ && env_.news->generation() <= seen_) {
    // Woken by the idle recheck, not by news: nothing new to read, only
    // whether the caller's token still holds (a revoked one ends the watch).
    const std::multimap<grpc::string_ref, grpc::string_ref> metadata{
        {"authorization", authorization_}};
    absl::StatusOr<Principal> still = env_.authenticator->Authenticate(metadata);
    if (!still.ok() && !IsTransient(still.status())) {
      return FinishOnce(ToGrpcStatus(still.status()));
    }
    return WriteOrSchedule();
  }
  if (!started_) {
    // Headers go out once the start is fixed, so a client knows the watch
    // is open and sees everything committed after this.
    started_ = true;
    StartSendInitialMetadata();
  }
  // Taken before the read: a commit after it moves the present past this.
  const FeedNews::QuietRanges quiet = env_.news->Quiet(&seen_);
  const std::vector<std::string> skip = SkipQuietSources(quiet);
  absl::StatusOr<std::vector<SourcePage>> pages =
      env_.sources->Read(authorization_, cursor_, filter_, kWatchBatch, read_deadline, skip);
  if (!pages.ok()) {
    // A source that is down delays the watch; one that refuses ends it
    // (e.g. the caller's token was revoked).
    if (!IsTransient(pages.status())) return FinishOnce(ToGrpcStatus(pages.status()));
    retry_ = true;
    return WriteOrSchedule();
  }
  retry_ = false;
  MergedPage merged = MergePages(cursor_, *pages, static_cast<size_t>(kWatchBatch) * pages->size());
  for (const v1::Event& e : merged.events) pending_.push_back(e.SerializeAsString());
  cursor_ = merged.end;
  caught_up_ = merged.caught_up;
  WriteOrSchedule();
}

std::vector<std::string> WatchStream::SkipQuietSources(const FeedNews::QuietRanges& quiet) {
  std::vector<std::string> skip;
  for (const auto& [source, range] : quiet) {
    const auto at = cursor_.positions().find(source);
    const bool quiet_here = at != cursor_.positions().end() && !(at->second < range.since);
    metrics::CountWatchSourceRead(source, /*skipped=*/quiet_here);
    if (!quiet_here) continue;
    skip.push_back(source);
    if (at->second < range.present) (*cursor_.mutable_positions())[source] = range.present;
  }
  return skip;
}

void WatchStream::WriteOrSchedule() {
  if (!pending_.empty()) {
    SetBytes(pending_.front(), &write_buffer_);
    pending_.pop_front();
    // OnWriteDone may run on another thread before this returns.
    StartWrite(&write_buffer_);
    return;
  }
  bool cancelled = false;
  bool scheduled = false;
  {
    // Under mu_, so that a cancel either comes first (and is seen here) or
    // finds the watch parked (and takes it out) or queued (and the turn
    // sees it).
    absl::MutexLock lock(&mu_);
    cancelled = cancelled_;
    if (!cancelled) {
      const absl::Time now = absl::Now();
      if (retry_) {
        scheduled = env_.scheduler->RunAfterNews(this, std::numeric_limits<uint64_t>::max(),
                                                 now + env_.retry_interval);
      } else if (caught_up_) {
        scheduled = env_.scheduler->RunAfterNews(this, seen_, now + env_.max_idle);
      } else {
        scheduled = env_.scheduler->RunSoon(this);
      }
    }
  }
  if (cancelled) {
    FinishOnce(grpc::Status::CANCELLED);
  } else if (!scheduled) {
    FinishOnce(ShuttingDown());
  }
}

void WatchStream::OnWriteDone(bool ok) {
  if (!ok) return FinishOnce(grpc::Status::CANCELLED);  // the client went away
  WriteOrSchedule();
}

void WatchStream::OnCancel() {
  bool was_parked = false;
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    cancelled_ = true;
    was_parked = env_.scheduler->Unpark(this);
  }
  // Queued, reading or writing: that turn or write sees `cancelled_`.
  if (was_parked) FinishOnce(grpc::Status::CANCELLED);
}

void WatchStream::Abandon() { FinishOnce(ShuttingDown()); }

void WatchStream::FinishOnce(const grpc::Status& status) {
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
  }
  Finish(status);
}

void WatchStream::OnDone() {
  on_done_();
  delete this;
}

}  // namespace summit::feed
