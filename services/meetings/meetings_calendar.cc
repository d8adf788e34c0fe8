// The slot finder over people's zones and meetings, and calendar export.
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/document_store.h"
#include "services/common/icalendar.h"
#include "services/common/resource_codec.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/meetings/meeting_time.h"
#include "services/meetings/meetings.h"
#include "services/meetings/slot_finder.h"
#include "services/meetings/sql/queries.h"

namespace summit::meetings {
namespace {

namespace dv1 = directory::v1;
using M = v1::Meeting;

const char* PartStat(v1::Participant::Rsvp rsvp) {
  switch (rsvp) {
    case v1::Participant::RSVP_ACCEPTED:
      return "ACCEPTED";
    case v1::Participant::RSVP_DECLINED:
      return "DECLINED";
    case v1::Participant::RSVP_TENTATIVE:
      return "TENTATIVE";
    default:
      return "NEEDS-ACTION";
  }
}

// Participants by name, with their email where the directory has one.
using KnownPeople = std::map<std::string, dv1::Person>;

IcsEvent ToEvent(const M& m, const KnownPeople& people) {
  std::string description = m.description();
  for (const v1::AgendaItem& item : m.agenda()) {
    absl::StrAppend(&description, description.empty() ? "" : "\n", "- ", item.title(), " (",
                    item.duration_minutes(), " min)");
  }
  IcsEvent e{.uid = absl::StrCat(m.name(), "@summit"),
             .summary = m.title(),
             .description = description,
             .location = m.place(),
             .url = m.online_link(),
             .time_zone = m.time_zone(),
             .start = FromProtoTime(m.start_time()),
             .end = FromProtoTime(m.end_time()),
             .cancelled = m.state() == M::STATE_CANCELLED,
             .sequence = 0,
             .attendees = {},
             .organizer = {},
             .invitees = {}};
  // The etag's version number tells calendar programs which copy is newer.
  (void)absl::SimpleAtoi(absl::StrReplaceAll(m.etag(), {{"\"", ""}, {"v", ""}}), &e.sequence);
  // Calendar programs show attendees by name and match them by address;
  // someone the directory no longer has keeps a name-only line.
  for (const v1::Participant& p : m.participants()) {
    const auto it = people.find(p.person());
    if (it == people.end() || it->second.email().empty()) {
      e.attendees.push_back(p.person());
      continue;
    }
    e.invitees.push_back(IcsPerson{.name = it->second.display_name(),
                                   .email = it->second.email(),
                                   .partstat = PartStat(p.rsvp()),
                                   .rsvp = false});
  }
  return e;
}

std::string FileName(const std::string& name) {
  return absl::StrReplaceAll(name, {{"/", "-"}}) + ".ics";
}

}  // namespace

namespace {

// A person's own working week, narrowed by the request's hours (which
// default to the whole day here: the person's hours then decide).
Attendee AttendeeOf(const dv1::Person& p, int request_start_hour, int request_end_hour) {
  const dv1::WorkingHours& w = p.working_hours();
  Attendee a{.person = p.name(), .time_zone = p.time_zone()};
  int start = 9 * 60, end = 18 * 60;
  if (!w.start().empty()) ParseClockMinutes(w.start(), &start);
  if (!w.end().empty()) ParseClockMinutes(w.end(), &end);
  a.work_start_minute = std::max(start, request_start_hour * 60);
  a.work_end_minute = std::min(end, request_end_hour * 60);
  if (!w.weekdays().empty()) a.weekdays = {w.weekdays().begin(), w.weekdays().end()};
  for (const std::string& d : w.days_off()) {
    absl::CivilDay day;
    if (absl::ParseCivilTime(d, &day)) a.days_off.insert(day);
  }
  return a;
}

}  // namespace

absl::StatusOr<v1::FindSlotsResponse> Meetings::FindSlots(const CallContext& call, DbSession& db,
                                                          const v1::FindSlotsRequest& req) const {
  if (req.participants().empty()) return InvalidField("participants", "name at least one person");
  if (!req.has_duration() || req.duration().seconds() < 15 * 60 ||
      req.duration().seconds() > 12 * 3600) {
    return InvalidField("duration", "must be between 15 minutes and 12 hours");
  }
  if (!req.has_from_time() || !req.has_to_time())
    return InvalidField("from_time", "and to_time are required");
  const absl::Time from = FromProtoTime(req.from_time());
  const absl::Time to = FromProtoTime(req.to_time());
  if (to <= from) return InvalidField("to_time", "must be after from_time");
  if (to - from > absl::Hours(24 * 62))
    return InvalidField("to_time", "the window can be at most 62 days");
  // The request's hours narrow everyone's own working hours (none: the
  // whole day, so each person's hours decide).
  const int start_hour = req.work_start_hour();
  const int end_hour = req.work_end_hour() ? req.work_end_hour() : 24;
  if (start_hour < 0 || end_hour > 24 || start_hour >= end_hour) {
    return InvalidField("work_start_hour", "and work_end_hour must satisfy 0 <= start < end <= 24");
  }
  std::vector<Attendee> attendees;
  for (int i = 0; i < req.participants_size(); ++i) {
    const std::string field = absl::StrCat("participants[", i, "]");
    RETURN_IF_ERROR(ParseResourceName(field, req.participants(i), {"people"}).status());
    absl::StatusOr<dv1::Person> p = deps_.directory->Person(req.participants(i), call.deadline);
    if (!p.ok()) return AsFieldError(p.status(), field);
    if (p->time_zone().empty())
      return InvalidField(field, absl::StrCat(p->name(), " has no time zone in the directory"));
    attendees.push_back(AttendeeOf(*p, start_hour, end_hour));
  }
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    for (Attendee& a : attendees) {
      a.busy.clear();
      for (const DocRow& row : QueryDocRows(txn, sql::kMeetingsOfPerson, a.person,
                                            absl::StrCat(absl::ToUnixMicros(from)),
                                            absl::StrCat(absl::ToUnixMicros(to)))) {
        ASSIGN_OR_RETURN(const M m, FromDocRow<M>(row));
        a.busy.push_back({FromProtoTime(m.start_time()), FromProtoTime(m.end_time())});
      }
    }
    return absl::OkStatus();
  }));
  const SlotQuery query{.from = from,
                        .to = to,
                        .duration = absl::Seconds(req.duration().seconds()),
                        .step = absl::Minutes(30),
                        .max_slots = req.max_slots() > 0 ? std::min(req.max_slots(), 50) : 10};
  v1::FindSlotsResponse resp;
  for (const Busy& s : meetings::FindSlots(attendees, query)) {
    v1::Slot* slot = resp.add_slots();
    *slot->mutable_start_time() = ToProtoTime(s.start);
    *slot->mutable_end_time() = ToProtoTime(s.end);
    for (const Attendee& a : attendees) {
      const LocalSpan l = ToLocal(s.start, s.end, a.time_zone, attendees.front().time_zone);
      v1::LocalTime* t = slot->add_local_times();
      t->set_time_zone(l.time_zone);
      t->set_start(l.start);
      t->set_end(l.end);
      t->set_weekday(l.weekday);
      t->set_utc_offset(l.utc_offset);
      t->set_day_shift(l.day_shift);
    }
  }
  return resp;
}

// The participants of `meetings` as the directory has them, each asked once;
// one it cannot give is left out (ToEvent names them without an address).
std::map<std::string, dv1::Person> Meetings::Participants(const std::vector<v1::Meeting>& meetings,
                                                          const CallContext& call) const {
  std::map<std::string, dv1::Person> people;
  for (const M& m : meetings) {
    for (const v1::Participant& p : m.participants()) {
      if (people.count(p.person()) > 0) continue;
      absl::StatusOr<dv1::Person> person = deps_.directory->Person(p.person(), call.deadline);
      if (person.ok()) people.emplace(p.person(), *std::move(person));
    }
  }
  return people;
}

absl::StatusOr<v1::CalendarFile> Meetings::ExportMeetingCalendar(
    const CallContext& call, DbSession& db, const v1::ExportMeetingCalendarRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"summits", "meetings"}).status());
  ASSIGN_OR_RETURN(const M m, RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
                     return internal::LoadVisible(txn, call.principal, req.name(), false);
                   }));
  v1::CalendarFile file;
  file.set_filename(FileName(req.name()));
  file.set_content(ToIcs({ToEvent(m, Participants({m}, call))}, deps_.clock->Now()));
  return file;
}

absl::StatusOr<v1::CalendarFile> Meetings::ExportPersonCalendar(
    const CallContext& call, DbSession& db, const v1::ExportPersonCalendarRequest& req) const {
  const std::string person = req.person().empty() ? call.principal.subject : req.person();
  RETURN_IF_ERROR(ParseResourceName("person", person, {"people"}).status());
  if (person != call.principal.subject && !call.principal.Has(dv1::ROLE_COORDINATOR)) {
    return absl::PermissionDeniedError("another person's calendar is for coordinators");
  }
  ASSIGN_OR_RETURN(
      const std::vector<DocRow> rows,
      RunTransaction(db, call,
                     [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::vector<DocRow>> {
                       return QueryDocRows(txn, sql::kMeetingsOfPerson, person, nullptr, nullptr);
                     }));
  std::vector<M> meetings;
  for (const DocRow& row : rows) {
    ASSIGN_OR_RETURN(M m, FromDocRow<M>(row));
    meetings.push_back(std::move(m));
  }
  const KnownPeople people = Participants(meetings, call);
  std::vector<IcsEvent> events;
  for (const M& m : meetings) events.push_back(ToEvent(m, people));
  v1::CalendarFile file;
  file.set_filename(FileName(person));
  file.set_content(ToIcs(events, deps_.clock->Now()));
  return file;
}

}  // namespace summit::meetings
