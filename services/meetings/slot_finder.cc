#include "services/meetings/slot_finder.h"

namespace summit::meetings {
namespace {

// Whether [start, end) lies inside one working day of the attendee.
bool InWorkingHours(const Attendee& a, const absl::TimeZone& zone, absl::Time start,
                    absl::Time end) {
  const absl::CivilSecond s = absl::ToCivilSecond(start, zone);
  const absl::CivilSecond e = absl::ToCivilSecond(end, zone);
  if (absl::CivilDay(s) != absl::CivilDay(e - 1)) return false;  // no working day spans midnight
  if (a.weekdays_only) {
    const absl::Weekday wd = absl::GetWeekday(absl::CivilDay(s));
    if (wd == absl::Weekday::saturday || wd == absl::Weekday::sunday) return false;
  }
  const absl::CivilSecond day_start = absl::CivilDay(s);
  return s >= day_start + a.work_start_hour * 3600 && e <= day_start + a.work_end_hour * 3600;
}

bool Free(const Attendee& a, absl::Time start, absl::Time end) {
  for (const Busy& b : a.busy) {
    if (b.start < end && start < b.end) return false;
  }
  return true;
}

}  // namespace

std::vector<Busy> FindSlots(const std::vector<Attendee>& attendees, const SlotQuery& q) {
  std::vector<absl::TimeZone> zones;
  for (const Attendee& a : attendees) {
    absl::TimeZone tz;
    absl::LoadTimeZone(a.time_zone, &tz);
    zones.push_back(tz);
  }
  std::vector<Busy> slots;
  for (absl::Time t = q.from;
       t + q.duration <= q.to && static_cast<int>(slots.size()) < q.max_slots; t += q.step) {
    const absl::Time end = t + q.duration;
    bool ok = true;
    for (size_t i = 0; ok && i < attendees.size(); ++i) {
      ok = InWorkingHours(attendees[i], zones[i], t, end) && Free(attendees[i], t, end);
    }
    if (ok) slots.push_back({t, end});
  }
  return slots;
}

}  // namespace summit::meetings
