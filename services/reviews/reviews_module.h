#pragma once
// The reviews service as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::reviews {

ServiceModule ReviewsModule();

}  // namespace summit::reviews
