#pragma once
// Meetings are stored in UTC with the meeting's IANA zone, and shown in
// anyone's own zone: "Tue 2025-11-11 09:00–11:00 Asia/Almaty (UTC+05:00)".
// Crossing midnight between zones is common (Astana UTC+5, Seoul UTC+9).

#include <string>

#include "absl/time/time.h"

namespace summit::meetings {

struct LocalSpan {
  std::string time_zone;
  std::string start;       // "2025-11-11 09:00"
  std::string end;         // "2025-11-11 11:00" (may be the next day)
  std::string weekday;     // "Tue" of the start
  std::string utc_offset;  // "+05:00" at the start
  // Calendar days the local start date differs from the date in the
  // meeting's own zone: +1 when it is already tomorrow there.
  int day_shift = 0;
};

// `zone` must be a valid IANA name (validated before).
LocalSpan ToLocal(absl::Time start, absl::Time end, const std::string& zone,
                  const std::string& meeting_zone);

std::string OffsetText(absl::Time t, const absl::TimeZone& zone);

}  // namespace summit::meetings
