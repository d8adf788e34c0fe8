#pragma once
// Keeps a RevocationList fresh by polling the directory's API at a fixed
// interval, so every replica refuses a revoked token within that interval
// without a database round trip per call.

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/revocation_list.h"

namespace summit {

class RevocationRefresher final {
 public:
  using Fetch = std::function<absl::StatusOr<std::vector<std::string>>()>;

  RevocationRefresher(RevocationList* list, Fetch fetch, absl::Duration interval);
  ~RevocationRefresher();

  // One refresh now; the list stays as it was when the fetch fails.
  absl::Status RefreshNow();

 private:
  void Loop();

  RevocationList* list_;
  Fetch fetch_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace summit
