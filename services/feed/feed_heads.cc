#include "services/feed/feed_heads.h"

#include <google/protobuf/util/message_differencer.h>

#include "absl/time/clock.h"
#include "services/common/logging.h"

namespace summit::feed {

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
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto needed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || watchers_ > 0;
      };
      mu_.Await(absl::Condition(&needed));
      if (stopping_) return;
    }
    absl::StatusOr<internal::v1::FeedCursor> present =
        sources_->Present(authorization_(), absl::Now() + absl::Seconds(5));
    {
      absl::MutexLock lock(&mu_);
      if (present.ok()) {
        if (!google::protobuf::util::MessageDifferencer::Equals(*present, present_)) {
          present_ = *std::move(present);
          ++generation_;
        }
      } else {
        // The watches retry on their own; wake them so a source's outage
        // and recovery show up.
        ++generation_;
      }
      const auto stop = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stop), interval_)) return;
    }
    if (!present.ok() && !warned)
      log::Warn("feed: cannot read the present: {}", present.status().message());
    warned = !present.ok();
  }
}

}  // namespace summit::feed
