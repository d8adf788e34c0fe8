#pragma once
// The briefing service's audit events as a source of the activity feed.
// Packages hold only approved work, so every participant may see them.

#include "services/common/event_log.h"

namespace summit::briefing {

EventSource BriefingEventSource();

}  // namespace summit::briefing
