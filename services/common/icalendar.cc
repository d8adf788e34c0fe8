#include "services/common/icalendar.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace summit {
namespace {

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"\\", "\\\\"}, {";", "\\;"}, {",", "\\,"}, {"\r\n", "\\n"}, {"\n", "\\n"}});
}

// A parameter value in double quotes (RFC 5545 3.2): it may not hold a
// double quote, so one becomes a single quote.
std::string QuotedParam(const std::string& text) {
  return "\"" + absl::StrReplaceAll(text, {{"\"", "'"}, {"\r", " "}, {"\n", " "}}) + "\"";
}

std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char c = text[++i];
      out += (c == 'n' || c == 'N') ? '\n' : c;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Folds a content line at 75 octets, never inside a UTF-8 sequence.
void Line(std::string* out, const std::string& line) {
  size_t start = 0;
  size_t limit = 75;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    absl::StrAppend(out, line.substr(start, cut - start), "\r\n ");
    start = cut;
    limit = 74;  // the continuation's leading space counts
  }
  absl::StrAppend(out, line.substr(start), "\r\n");
}

std::string Offset(int seconds) {
  const int m = std::abs(seconds) / 60;
  return absl::StrFormat("%c%02d%02d", seconds < 0 ? '-' : '+', m / 60, m % 60);
}

std::string IcsLocal(absl::Time t, const absl::TimeZone& z) {
  return absl::FormatTime("%Y%m%dT%H%M%S", t, z);
}

void TimeZoneBlock(std::string* out, const std::string& name, absl::Time from, absl::Time to) {
  absl::TimeZone zone;
  absl::LoadTimeZone(name, &zone);
  Line(out, "BEGIN:VTIMEZONE");
  Line(out, "TZID:" + name);
  // Every transition around the events, so any program maps local times back
  // to the same instants; a zone without transitions gets one observance.
  std::vector<absl::Time> transitions;
  absl::TimeZone::CivilTransition trans;
  absl::Time cursor = from - absl::Hours(24 * 366);
  // A few years of transitions at most; each step moves past the last one
  // (NextTransition at the very instant of a transition returns it again).
  for (int guard = 0; guard < 16 && zone.NextTransition(cursor, &trans); ++guard) {
    const absl::Time at = absl::FromCivil(trans.to, zone);
    if (at > to + absl::Hours(24 * 366)) break;
    if (transitions.empty() || at > transitions.back()) transitions.push_back(at);
    cursor = std::max(cursor, at) + absl::Seconds(1);
  }
  auto observance = [&](absl::Time at, absl::CivilSecond local_start) {
    const absl::TimeZone::CivilInfo after = zone.At(at);
    const int before = zone.At(at - absl::Seconds(1)).offset;
    const char* kind = after.is_dst ? "DAYLIGHT" : "STANDARD";
    Line(out, absl::StrCat("BEGIN:", kind));
    Line(out, absl::StrFormat("DTSTART:%04d%02d%02dT%02d%02d%02d", local_start.year(),
                              local_start.month(), local_start.day(), local_start.hour(),
                              local_start.minute(), local_start.second()));
    Line(out, "TZOFFSETFROM:" + Offset(before));
    Line(out, "TZOFFSETTO:" + Offset(after.offset));
    Line(out, absl::StrCat("TZNAME:", after.zone_abbr));
    Line(out, absl::StrCat("END:", kind));
  };
  if (transitions.empty()) {
    const absl::TimeZone::CivilInfo info = zone.At(from);
    Line(out, "BEGIN:STANDARD");
    Line(out, "DTSTART:19700101T000000");
    Line(out, "TZOFFSETFROM:" + Offset(info.offset));
    Line(out, "TZOFFSETTO:" + Offset(info.offset));
    Line(out, absl::StrCat("TZNAME:", info.zone_abbr));
    Line(out, "END:STANDARD");
  } else {
    for (absl::Time at : transitions) {
      // DTSTART is the local time just before the change, in the old offset.
      const absl::Time just_before = at - absl::Seconds(1);
      const absl::CivilSecond old_local =
          absl::ToCivilSecond(just_before, absl::FixedTimeZone(zone.At(just_before).offset)) + 1;
      observance(at, old_local);
    }
  }
  Line(out, "END:VTIMEZONE");
}

}  // namespace

std::string ToIcs(const std::vector<IcsEvent>& events, absl::Time stamp,
                  const std::string& method) {
  std::string out;
  Line(&out, "BEGIN:VCALENDAR");
  Line(&out, "VERSION:2.0");
  Line(&out, "PRODID:-//Summit//Summit preparation service//EN");
  Line(&out, "CALSCALE:GREGORIAN");
  Line(&out, "METHOD:" + method);
  std::map<std::string, std::pair<absl::Time, absl::Time>> zones;
  for (const IcsEvent& e : events) {
    auto [it, fresh] = zones.emplace(e.time_zone, std::make_pair(e.start, e.end));
    if (!fresh) {
      it->second.first = std::min(it->second.first, e.start);
      it->second.second = std::max(it->second.second, e.end);
    }
  }
  for (const auto& [name, span] : zones) TimeZoneBlock(&out, name, span.first, span.second);
  for (const IcsEvent& e : events) {
    absl::TimeZone zone;
    absl::LoadTimeZone(e.time_zone, &zone);
    Line(&out, "BEGIN:VEVENT");
    Line(&out, "UID:" + e.uid);
    Line(&out, "DTSTAMP:" + absl::FormatTime("%Y%m%dT%H%M%SZ", stamp, absl::UTCTimeZone()));
    Line(&out, absl::StrCat("DTSTART;TZID=", e.time_zone, ":", IcsLocal(e.start, zone)));
    Line(&out, absl::StrCat("DTEND;TZID=", e.time_zone, ":", IcsLocal(e.end, zone)));
    Line(&out, "SUMMARY:" + Escape(e.summary));
    if (!e.description.empty()) Line(&out, "DESCRIPTION:" + Escape(e.description));
    if (!e.location.empty()) Line(&out, "LOCATION:" + Escape(e.location));
    if (!e.url.empty()) Line(&out, "URL:" + e.url);
    Line(&out, absl::StrCat("SEQUENCE:", e.sequence));
    Line(&out, std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED"));
    for (const std::string& a : e.attendees)
      Line(&out, "ATTENDEE;CN=" + Escape(a) + ":invalid:nomail");
    if (!e.organizer.email.empty()) {
      Line(&out, absl::StrCat("ORGANIZER;CN=", QuotedParam(e.organizer.name),
                              ":mailto:", e.organizer.email));
    }
    for (const IcsPerson& p : e.invitees) {
      Line(&out, absl::StrCat("ATTENDEE;CN=", QuotedParam(p.name),
                              ";ROLE=REQ-PARTICIPANT;PARTSTAT=", p.partstat,
                              p.rsvp ? ";RSVP=TRUE" : "", ":mailto:", p.email));
    }
    Line(&out, "END:VEVENT");
  }
  Line(&out, "END:VCALENDAR");
  return out;
}

absl::StatusOr<std::vector<ParsedEvent>> ParseIcs(const std::string& ics) {
  // Unfold: a line starting with a space continues the previous one.
  std::vector<std::string> lines;
  for (absl::string_view raw : absl::StrSplit(ics, "\r\n")) {
    if (!raw.empty() && raw[0] == ' ' && !lines.empty()) {
      lines.back() += std::string(raw.substr(1));
    } else if (!raw.empty()) {
      lines.emplace_back(raw);
    }
  }
  std::map<std::string, int> offsets;  // TZID -> offset seconds (last observance)
  std::vector<ParsedEvent> events;
  std::string tzid;
  ParsedEvent* current = nullptr;
  std::map<std::string, std::string> raw_times;
  auto parse_offset = [](const std::string& v) {
    int h = 0, m = 0;
    (void)absl::SimpleAtoi(v.substr(1, 2), &h);
    (void)absl::SimpleAtoi(v.substr(3, 2), &m);
    return (v[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  };
  auto resolve = [&](const std::string& value,
                     const std::string& zone) -> absl::StatusOr<absl::Time> {
    absl::CivilSecond local;
    const std::string iso =
        absl::StrCat(value.substr(0, 4), "-", value.substr(4, 2), "-", value.substr(6, 2), "T",
                     value.substr(9, 2), ":", value.substr(11, 2), ":", value.substr(13, 2));
    if (value.size() < 15 || !absl::ParseCivilTime(iso, &local))
      return absl::InvalidArgumentError("bad date-time " + value);
    if (!offsets.count(zone)) return absl::InvalidArgumentError("no VTIMEZONE for " + zone);
    return absl::FromCivil(local, absl::FixedTimeZone(offsets[zone]));
  };
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos)
      return absl::InvalidArgumentError("not a content line: " + line);
    const std::string head = line.substr(0, colon);
    const std::string value = line.substr(colon + 1);
    const std::string name = head.substr(0, head.find(';'));
    if (name == "TZID" && !current) tzid = value;
    if (name == "TZOFFSETTO" && !current) offsets[tzid] = parse_offset(value);
    if (name == "BEGIN" && value == "VEVENT") {
      events.emplace_back();
      current = &events.back();
      raw_times.clear();
    } else if (name == "END" && value == "VEVENT") {
      for (const char* key : {"DTSTART", "DTEND"}) {
        absl::StatusOr<absl::Time> t = resolve(raw_times[key], current->start_tzid);
        if (!t.ok()) return t.status();
        (std::string(key) == "DTSTART" ? current->start : current->end) = *t;
      }
      current = nullptr;
    } else if (current) {
      if (name == "DTSTART" || name == "DTEND") {
        raw_times[name] = value;
        const size_t at = head.find("TZID=");
        if (at != std::string::npos) current->start_tzid = head.substr(at + 5);
      }
      current->properties[name] = Unescape(value);
    }
  }
  return events;
}

}  // namespace summit
