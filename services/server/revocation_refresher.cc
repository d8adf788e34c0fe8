#include "services/server/revocation_refresher.h"

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
  bool warned = false;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto stop = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stop), interval_)) return;
    }
    absl::Status s = RefreshNow();
    if (!s.ok() && !warned) {
      log::Warn("cannot refresh revoked tokens ({}); keeping the last list", s.message());
    }
    warned = !s.ok();
  }
}

}  // namespace summit
