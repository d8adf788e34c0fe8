#include "services/server/revocation_refresher.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "services/common/logging.h"

namespace summit {

RevocationRefresher::RevocationRefresher(RevocationList* list, Fetch fetch, absl::Duration interval)
    : list_(list), fetch_(std::move(fetch)), interval_(interval) {
  thread_ = std::thread([this] { Loop(); });
}

RevocationRefresher::~RevocationRefresher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

absl::Status RevocationRefresher::RefreshNow() {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<std::string>> ids = fetch_();
  if (!ids.ok()) return ids.status();
  list_->Replace(*ids, start);
  return absl::OkStatus();
}

void RevocationRefresher::Loop() {
  bool failing = false;  // the last refresh failed (warned once per streak)
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto stop = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      // Try again soon while the list is missing or failing to refresh:
      // people are refused once it is too old.
      const bool soon = failing || list_->snapshot_time() == absl::InfinitePast();
      const absl::Duration wait = soon ? std::min(interval_, absl::Seconds(1)) : interval_;
      if (mu_.AwaitWithTimeout(absl::Condition(&stop), wait)) return;
    }
    absl::Status s = RefreshNow();
    if (!s.ok() && !failing) {
      log::Warn("cannot refresh revoked tokens ({}); people's calls fail once the list is too old",
                s.message());
    }
    failing = !s.ok();
  }
}

}  // namespace summit
