#include "services/server/database_budget.h"

#include "absl/strings/str_cat.h"

namespace summit {
namespace {

int Pools(const std::vector<ServiceModule>& hosted) {
  int pools = 0;
  for (const ServiceModule& m : hosted) pools += m.statements != nullptr ? 1 : 0;
  return pools;
}

int Background(const std::vector<ServiceModule>& hosted) {
  int background = 1;  // the database monitor
  for (const ServiceModule& m : hosted) background += m.background_sessions;
  return background;
}

}  // namespace

ConnectionPlan PlanWithWorkers(const std::vector<ServiceModule>& hosted, int workers) {
  return ConnectionPlan{
      .workers_per_pool = workers, .pools = Pools(hosted), .background = Background(hosted)};
}

absl::StatusOr<ConnectionPlan> PlanWithinBudget(const std::vector<ServiceModule>& hosted,
                                                int budget) {
  ConnectionPlan plan = PlanWithWorkers(hosted, 0);
  const int for_pools = budget - plan.background;
  if (plan.pools == 0) return plan;
  if (for_pools < plan.pools) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--db-connections: ", budget, " is too few for ", plan.pools,
        " pools of at least one "
        "worker and ",
        plan.background, " background sessions; give at least ", plan.pools + plan.background));
  }
  plan.workers_per_pool = for_pools / plan.pools;
  return plan;
}

}  // namespace summit
