#pragma once
// The recommendations service as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::recommendations {

ServiceModule RecommendationsModule();

}  // namespace summit::recommendations
