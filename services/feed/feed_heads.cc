#include "services/feed/feed_heads.h"

#include <google/protobuf/util/message_differencer.h>

#include "absl/time/clock.h"
#include "services/common/commit_signal.h"
#include "services/common/logging.h"
#include "services/feed/feed_cursor.h"

namespace summit::feed {
namespace {
// The first re-read after a local commit whose events the present did not
// show yet, doubling up to the limit, then the poll interval again.
constexpr absl::Duration kQuickestRecheck = absl::Milliseconds(5);
constexpr absl::Duration kQuickestRecheckLimit = absl::Milliseconds(320);
}  // namespace

FeedHeads::FeedHeads(const FeedSources* sources, std::function<std::string()> authorization,
                     absl::Duration interval)
    : sources_(sources), authorization_(std::move(authorization)), interval_(interval) {
  thread_ = std::thread([this] { Loop(); });
}

FeedHeads::~FeedHeads() { Stop(); }

void FeedHeads::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t FeedHeads::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

uint64_t FeedHeads::WaitForChange(uint64_t seen, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const auto changed = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return generation_ > seen || stopping_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
  return generation_;
}

FeedNews::QuietRanges FeedHeads::Quiet(uint64_t* generation) const {
  absl::MutexLock lock(&mu_);
  *generation = generation_;
  return quiet_;
}

FeedNews::QuietRanges FeedHeads::QuietRangesAt(const internal::v1::FeedCursor& now) {
  QuietRanges before;
  {
    absl::MutexLock lock(&mu_);
    before = quiet_;
  }
  QuietRanges after;
  for (const auto& [source, present] : now.positions()) {
    QuietRange& range = after[source];
    range.present = present;
    range.since = present;  // nothing known before the present yet
    const auto known = before.find(source);
    if (known == before.end()) continue;
    const QuietRange& last = known->second;
    if (!(last.present < present)) {
      range.since = last.since;
      continue;
    }
    // Asked after this present was read: its answer covers everything up to
    // it. A failure only means the watches ask the source themselves.
    const absl::StatusOr<bool> quiet = sources_->QuietAfter(authorization_(), source, last.present,
                                                            absl::Now() + absl::Seconds(5));
    if (quiet.ok() && *quiet) range.since = last.since;
  }
  return after;
}

void FeedHeads::AddWatcher() {
  absl::MutexLock lock(&mu_);
  ++watchers_;
}

void FeedHeads::RemoveWatcher() {
  absl::MutexLock lock(&mu_);
  --watchers_;
}

void FeedHeads::Loop() {
  bool warned = false;
  // After a local commit the present is read again soon, in growing steps,
  // while it has not moved yet: an older writer still running holds the
  // new events back for a moment.
  absl::Duration quick = absl::ZeroDuration();
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto needed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || watchers_ > 0;
      };
      mu_.Await(absl::Condition(&needed));
      if (stopping_) return;
    }
    const uint64_t commits_seen = CommitSignal::Process().generation();
    absl::StatusOr<internal::v1::FeedCursor> present =
        sources_->Present(authorization_(), absl::Now() + absl::Seconds(5));
    bool moved = false;
    bool changed = false;
    if (present.ok()) {
      absl::MutexLock lock(&mu_);
      changed = !google::protobuf::util::MessageDifferencer::Equals(*present, present_);
    }
    // Only this thread writes present_ and quiet_: what it read stays true.
    QuietRanges quiet;
    if (changed) quiet = QuietRangesAt(*present);
    {
      absl::MutexLock lock(&mu_);
      if (present.ok()) {
        if (changed) {
          present_ = *std::move(present);
          quiet_ = std::move(quiet);
          ++generation_;
          moved = true;
        }
      } else {
        // The watches retry on their own; wake them so a source's outage
        // and recovery show up.
        ++generation_;
      }
    }
    if (!present.ok() && !warned)
      log::Warn("feed: cannot read the present: {}", present.status().message());
    warned = !present.ok();

    if (moved || quick == absl::ZeroDuration() || quick > kQuickestRecheckLimit) {
      quick = absl::ZeroDuration();
    }
    // Until the next poll, a local commit or the quick re-read, whichever
    // comes first, looking at `stopping_` at least every 100 ms.
    const absl::Time until = absl::Now() + (quick > absl::ZeroDuration() ? quick : interval_);
    bool committed = false;
    for (absl::Time now = absl::Now(); now < until && !committed; now = absl::Now()) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
      }
      committed = CommitSignal::Process().WaitBeyond(
                      commits_seen, std::min(until - now, absl::Milliseconds(100))) > commits_seen;
    }
    if (committed) {
      quick = kQuickestRecheck;
    } else if (quick > absl::ZeroDuration()) {
      quick *= 2;
    }
  }
}

}  // namespace summit::feed
