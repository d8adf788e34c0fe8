#pragma once
// Finds meeting slots that fall within every participant's working hours in
// their own time zone and clash with none of their meetings.

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace summit::meetings {

struct Busy {
  absl::Time start;
  absl::Time end;
};

struct Attendee {
  std::string person;
  std::string time_zone;    // IANA
  int work_start_hour = 9;  // local, inclusive
  int work_end_hour = 18;   // local, exclusive end of the working day
  bool weekdays_only = true;
  std::vector<Busy> busy;
};

struct SlotQuery {
  absl::Time from;  // search window, UTC
  absl::Time to;
  absl::Duration duration;
  absl::Duration step = absl::Minutes(30);
  int max_slots = 10;
};

// Earliest first, aligned to `step` from `from`.
std::vector<Busy> FindSlots(const std::vector<Attendee>& attendees, const SlotQuery& query);

}  // namespace summit::meetings
