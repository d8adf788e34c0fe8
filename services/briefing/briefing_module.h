#pragma once
// The briefing service as a module the server binary can host.

#include "services/common/hosted_service.h"

namespace summit::briefing {

ServiceModule BriefingModule();

}  // namespace summit::briefing
