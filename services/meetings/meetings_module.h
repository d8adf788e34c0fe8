#pragma once
// The meetings service as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::meetings {

ServiceModule MeetingsModule();

}  // namespace summit::meetings
