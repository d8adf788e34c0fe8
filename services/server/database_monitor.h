#pragma once
// Watches the database on behalf of the hosted services, on one connection
// of its own (outside the pools, so a busy pool is not mistaken for a dead
// database): every interval it checks that PostgreSQL answers, and measures
// the services' backlogs and how long the activity feed is held back. The
// answer drives each service's health status (NOT_SERVING while its
// database does not answer) and the metrics.

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"
#include "services/common/hosted_service.h"

namespace summit {

class DatabaseMonitor final {
 public:
  struct Options {
    std::string conninfo;
    // The hosted services that use the database, with their backlogs.
    std::vector<ServiceModule> services;
    absl::Duration interval = absl::Seconds(5);
    // Told after every round whether the database answered.
    std::function<void(bool up)> on_result;
    // Called every round (the revocation list's age, kept fresh for metrics).
    std::function<void()> on_round;
  };

  // Checks once before returning, then every interval.
  explicit DatabaseMonitor(Options options);
  ~DatabaseMonitor();

  // One round now; true when the database answered.
  bool CheckNow();

 private:
  void Loop();

  Options options_;
  absl::Mutex check_mu_;
  DbSession session_ ABSL_GUARDED_BY(check_mu_);
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace summit
