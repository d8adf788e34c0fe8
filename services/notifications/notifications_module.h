#pragma once
// The notifications service as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::notifications {

ServiceModule NotificationsModule();

}  // namespace summit::notifications
