#pragma once
// Finds meeting slots that fall within every participant's working hours in
// their own time zone and clash with none of their meetings.

#include <set>
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
  std::string time_zone;           // IANA
  int work_start_minute = 9 * 60;  // local, inclusive
  int work_end_minute = 18 * 60;   // local, exclusive end of the working day
  // ISO weekdays worked, 1 = Monday … 7 = Sunday.
  std::set<int> weekdays = {1, 2, 3, 4, 5};
  // Local dates off (holidays, leave).
  std::set<absl::CivilDay> days_off;
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
