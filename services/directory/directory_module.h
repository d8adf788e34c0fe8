#pragma once
// The directory as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::directory {

ServiceModule DirectoryModule();

}  // namespace summit::directory
