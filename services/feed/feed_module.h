#pragma once
// The activity feed as a module the server binary can host. It has no
// tables: it reads every source service's events over gRPC.

#include "services/common/hosted_service.h"

namespace summit::feed {

ServiceModule FeedModule();

}  // namespace summit::feed
