#pragma once
// The meetings service's audit events as a source of the activity feed, with
// the rules for what each caller may see of them.

#include "services/common/event_log.h"

namespace summit::meetings {

EventSource MeetingsEventSource();

}  // namespace summit::meetings
