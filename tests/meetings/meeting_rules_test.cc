// Pure meeting rules: local times across zones, the slot finder, iCalendar.
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/common/icalendar.h"
#include "services/meetings/lifecycle.h"
#include "services/meetings/meeting_time.h"
#include "services/meetings/slot_finder.h"

namespace summit::meetings {
namespace {

absl::Time Utc(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone());
}

TEST(MeetingTime, AstanaAndSeoulAcrossMidnight) {
  // 2025-11-11 22:00 in Astana (UTC+5) is already 02:00 on the 12th in Seoul.
  const absl::Time start = Utc(2025, 11, 11, 17);
  const absl::Time end = Utc(2025, 11, 11, 18, 30);
  const LocalSpan astana = ToLocal(start, end, "Asia/Almaty", "Asia/Almaty");
  EXPECT_EQ(astana.start, "2025-11-11 22:00");
  EXPECT_EQ(astana.end, "2025-11-11 23:30");
  EXPECT_EQ(astana.utc_offset, "+05:00");
  EXPECT_EQ(astana.weekday, "Tue");
  EXPECT_EQ(astana.day_shift, 0);
  const LocalSpan seoul = ToLocal(start, end, "Asia/Seoul", "Asia/Almaty");
  EXPECT_EQ(seoul.start, "2025-11-12 02:00");
  EXPECT_EQ(seoul.end, "2025-11-12 03:30");
  EXPECT_EQ(seoul.utc_offset, "+09:00");
  EXPECT_EQ(seoul.weekday, "Wed");
  EXPECT_EQ(seoul.day_shift, 1);
  // And the other way: Seoul morning is the previous evening west of UTC.
  const LocalSpan ny =
      ToLocal(Utc(2025, 11, 12, 0), Utc(2025, 11, 12, 1), "America/New_York", "Asia/Seoul");
  EXPECT_EQ(ny.start, "2025-11-11 19:00");
  EXPECT_EQ(ny.day_shift, -1);
}

TEST(SlotFinder, OnlyHoursThatAreWorkingHoursEverywhere) {
  // Almaty 09–18 is 04–13 UTC; Seoul 09–18 is 00–09 UTC: overlap 04–09 UTC.
  Attendee almaty{.person = "people/aigerim", .time_zone = "Asia/Almaty", .busy = {}};
  Attendee seoul{.person = "people/kim", .time_zone = "Asia/Seoul", .busy = {}};
  seoul.busy = {{Utc(2025, 11, 11, 5), Utc(2025, 11, 11, 6)}};  // 14:00–15:00 in Seoul
  SlotQuery q{.from = Utc(2025, 11, 11, 0),
              .to = Utc(2025, 11, 12, 0),
              .duration = absl::Hours(1),
              .step = absl::Hours(1),
              .max_slots = 10};
  const std::vector<Busy> slots = FindSlots({almaty, seoul}, q);
  std::vector<int> hours;
  for (const Busy& s : slots)
    hours.push_back(absl::ToCivilHour(s.start, absl::UTCTimeZone()).hour());
  EXPECT_EQ(hours, (std::vector<int>{4, 6, 7, 8}));  // 05:00 UTC is Kim's busy hour
}

TEST(SlotFinder, SkipsWeekendsAndRespectsTheLimit) {
  Attendee a{.person = "people/a", .time_zone = "Asia/Tashkent", .busy = {}};
  SlotQuery q{.from = Utc(2025, 11, 15, 0),
              .to = Utc(2025, 11, 18, 0),
              .duration = absl::Minutes(30),
              .step = absl::Minutes(30),
              .max_slots = 3};  // Sat 15th to Mon 17th
  const std::vector<Busy> slots = FindSlots({a}, q);
  ASSERT_EQ(slots.size(), 3u);
  // The first is Monday 09:00 in Tashkent (UTC+5) = 04:00 UTC.
  EXPECT_EQ(slots[0].start, Utc(2025, 11, 17, 4));
}

TEST(SlotFinder, AWeekendWorkerWithADayOff) {
  // Works Saturday and Sunday 14:00–20:00 in Tashkent (09–15 UTC); Sunday off.
  Attendee a{.person = "people/a",
             .time_zone = "Asia/Tashkent",
             .work_start_minute = 14 * 60,
             .work_end_minute = 20 * 60,
             .weekdays = {6, 7},
             .days_off = {absl::CivilDay(2025, 11, 16)},
             .busy = {}};
  SlotQuery q{.from = Utc(2025, 11, 14, 0),
              .to = Utc(2025, 11, 18, 0),
              .duration = absl::Hours(2),
              .step = absl::Hours(1),
              .max_slots = 10};
  std::vector<absl::Time> starts;
  for (const Busy& s : FindSlots({a}, q)) starts.push_back(s.start);
  EXPECT_EQ(starts, (std::vector<absl::Time>{Utc(2025, 11, 15, 9), Utc(2025, 11, 15, 10),
                                             Utc(2025, 11, 15, 11), Utc(2025, 11, 15, 12),
                                             Utc(2025, 11, 15, 13)}));
}

TEST(ICalendar, RoundTripsThroughTheTimeZoneItNames) {
  IcsEvent e{.uid = "summits/s/meetings/m@summit",
             .summary = "Семинар KISI — IEPR; 인공지능, торговля",
             .description = "Line one\nLine two",
             .location = "Astana, KISI",
             .url = "",
             .time_zone = "Asia/Almaty",
             .start = Utc(2025, 11, 11, 4),
             .end = Utc(2025, 11, 11, 7),
             .cancelled = false,
             .sequence = 2,
             .attendees = {"Aigerim <aigerim@kisi.kz>"},
             .organizer = {},
             .invitees = {}};
  const std::string ics = ToIcs({e}, Utc(2025, 11, 1, 0));
  EXPECT_NE(ics.find("BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART;TZID=Asia/Almaty:20251111T090000\r\n"), std::string::npos) << ics;
  for (absl::string_view line : absl::StrSplit(ics, "\r\n")) {
    EXPECT_LE(line.size(), 75u) << line;
  }
  absl::StatusOr<std::vector<ParsedEvent>> parsed = ParseIcs(ics);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 1u);
  const ParsedEvent& p = parsed->front();
  EXPECT_EQ(p.start, e.start);
  EXPECT_EQ(p.end, e.end);
  EXPECT_EQ(p.properties.at("SUMMARY"), e.summary);  // escaped, folded and back
  EXPECT_EQ(p.properties.at("DESCRIPTION"), e.description);
  EXPECT_EQ(p.properties.at("UID"), e.uid);
  EXPECT_EQ(p.properties.at("SEQUENCE"), "2");
}

TEST(ICalendar, DaylightSavingZonesListTheirTransitions) {
  IcsEvent e;
  e.uid = "x";
  e.summary = "Berlin";
  e.time_zone = "Europe/Berlin";
  e.start = Utc(2025, 7, 1, 8);
  e.end = Utc(2025, 7, 1, 9);
  const std::string ics = ToIcs({e}, Utc(2025, 6, 1, 0));
  EXPECT_NE(ics.find("BEGIN:DAYLIGHT"), std::string::npos);
  EXPECT_NE(ics.find("TZOFFSETTO:+0200"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART;TZID=Europe/Berlin:20250701T100000"), std::string::npos);
}

TEST(MeetingLifecycle, Transitions) {
  using M = v1::Meeting;
  EXPECT_TRUE(CheckMeetingTransition(M::STATE_PLANNED, M::STATE_SCHEDULED).ok());
  EXPECT_TRUE(CheckMeetingTransition(M::STATE_SCHEDULED, M::STATE_HELD).ok());
  EXPECT_TRUE(CheckMeetingTransition(M::STATE_HELD, M::STATE_MINUTES_APPROVED).ok());
  EXPECT_TRUE(CheckMeetingTransition(M::STATE_PLANNED, M::STATE_CANCELLED).ok());
  EXPECT_TRUE(CheckMeetingTransition(M::STATE_SCHEDULED, M::STATE_CANCELLED).ok());
  EXPECT_EQ(CheckMeetingTransition(M::STATE_PLANNED, M::STATE_HELD).message(),
            "cannot go from planned to held; from planned it can go to: scheduled, cancelled");
  EXPECT_FALSE(CheckMeetingTransition(M::STATE_HELD, M::STATE_CANCELLED).ok());
  EXPECT_FALSE(CheckMeetingTransition(M::STATE_MINUTES_APPROVED, M::STATE_HELD).ok());
  EXPECT_FALSE(CheckMeetingTransition(M::STATE_CANCELLED, M::STATE_SCHEDULED).ok());
}

}  // namespace
}  // namespace summit::meetings
