#include "services/meetings/slot_finder.h"

namespace summit::meetings {
namespace {

// 1 = Monday … 7 = Sunday.
int IsoWeekday(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      return 7;
  }
  return 0;
}

// Whether [start, end) lies inside one working day of the attendee.
bool InWorkingHours(const Attendee& a, const absl::TimeZone& zone, absl::Time start,
                    absl::Time end) {
  const absl::CivilSecond s = absl::ToCivilSecond(start, zone);
  const absl::CivilSecond e = absl::ToCivilSecond(end, zone);
  if (absl::CivilDay(s) != absl::CivilDay(e - 1)) return false;  // no working day spans midnight
  const absl::CivilDay day(s);
  if (!a.weekdays.count(IsoWeekday(day)) || a.days_off.count(day)) return false;
  const absl::CivilSecond day_start = day;
  return s >= day_start + a.work_start_minute * 60 && e <= day_start + a.work_end_minute * 60;
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
