#pragma once
// Every service this binary can host, and the --services selection.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/hosted_service.h"

namespace summit {

std::vector<ServiceModule> AllServiceModules();

// "all" or a comma-separated list of names; unknown names are refused.
absl::StatusOr<std::vector<ServiceModule>> SelectServices(const std::string& spec);

}  // namespace summit
