#pragma once
// How many PostgreSQL connections one summitd opens, and how a budget for
// them is split. A process holds:
//   - one pool per hosted service with tables, `workers` connections each;
//   - background sessions: the database monitor (1), the reviews outbox
//     sender (1, when reviews is hosted), the notifier's feed consumer and
//     mail sender (2, when notifications is hosted);
//   - for a moment at start, one to check (or apply) the schema.
// With a budget B, every pool gets floor((B - background) / pools) workers,
// at least 1: the steady total never exceeds B unless B is below
// background + pools (then the start is refused). The deployment's budget is
// max_connections - superuser_reserved_connections, divided by the most pods
// that can run at once (HPA maximum + rollout surge); see docs/operations.md.

#include <vector>

#include "absl/status/statusor.h"
#include "services/common/hosted_service.h"

namespace summit {

struct ConnectionPlan {
  int workers_per_pool = 0;
  int pools = 0;
  int background = 0;
  int total() const { return workers_per_pool * pools + background; }
};

// The plan for `hosted` with a fixed number of workers per pool.
ConnectionPlan PlanWithWorkers(const std::vector<ServiceModule>& hosted, int workers);
// The plan for `hosted` within `budget` connections; INVALID_ARGUMENT when
// even one worker per pool does not fit.
absl::StatusOr<ConnectionPlan> PlanWithinBudget(const std::vector<ServiceModule>& hosted,
                                                int budget);

}  // namespace summit
