#include "services/meetings/meeting_time.h"

#include <cstdlib>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace summit::meetings {

std::string OffsetText(absl::Time t, const absl::TimeZone& zone) {
  const int offset = zone.At(t).offset;
  const int minutes = std::abs(offset) / 60;
  return absl::StrFormat("%c%02d:%02d", offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

LocalSpan ToLocal(absl::Time start, absl::Time end, const std::string& zone_name,
                  const std::string& meeting_zone_name) {
  absl::TimeZone zone, meeting_zone;
  absl::LoadTimeZone(zone_name, &zone);
  absl::LoadTimeZone(meeting_zone_name, &meeting_zone);
  LocalSpan span;
  span.time_zone = zone_name;
  span.start = absl::FormatTime("%Y-%m-%d %H:%M", start, zone);
  span.end = absl::FormatTime("%Y-%m-%d %H:%M", end, zone);
  span.weekday = absl::FormatTime("%a", start, zone);
  span.utc_offset = OffsetText(start, zone);
  const absl::CivilDay here = absl::ToCivilDay(start, zone);
  const absl::CivilDay there = absl::ToCivilDay(start, meeting_zone);
  span.day_shift = static_cast<int>(here - there);
  return span;
}

}  // namespace summit::meetings
