#pragma once
// Meeting lifecycle: planned -> scheduled -> held -> minutes_approved, or
// cancelled before it is held.

#include "absl/status/status.h"
#include "summit/meetings/v1/resources.pb.h"

namespace summit::meetings {

absl::Status CheckMeetingTransition(v1::Meeting::State from, v1::Meeting::State to);
std::string MeetingStateName(v1::Meeting::State state);

}  // namespace summit::meetings
