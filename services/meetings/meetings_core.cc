// Meetings: create, read, change, lifecycle, participants, agenda.
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_codec.h"
#include "services/common/resource_ops.h"
#include "services/common/sql_params.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/meetings/lifecycle.h"
#include "services/meetings/meeting_time.h"
#include "services/meetings/meetings.h"
#include "services/meetings/sql/queries.h"

namespace summit::meetings {

namespace dv1 = directory::v1;
using M = v1::Meeting;
using P = v1::Participant;

namespace internal {

bool IsOrganiser(const Principal& p, const M& m) {
  return absl::c_linear_search(m.organisers(), p.subject);
}

bool IsParticipant(const Principal& p, const M& m) {
  return absl::c_any_of(m.participants(), [&](const P& x) { return x.person() == p.subject; });
}

bool MaySee(const Principal& p, const M& m) {
  return p.IsService() || p.Has(dv1::ROLE_COORDINATOR) || IsOrganiser(p, m) || IsParticipant(p, m);
}

absl::Status ValidateMeetingFields(const M& m) {
  if (m.kind() == M::KIND_UNSPECIFIED || !M::Kind_IsValid(m.kind())) {
    return InvalidField("meeting.kind",
                        "is required: seminar, expert_meeting, working_group or summit_session");
  }
  RETURN_IF_ERROR(ValidateText("meeting.title", m.title(), {.required = true, .max_chars = 300}));
  RETURN_IF_ERROR(
      ValidateText("meeting.description", m.description(), {.max_chars = kMaxLongTextChars}));
  if (!m.has_start_time()) return InvalidField("meeting.start_time", "is required");
  if (!m.has_end_time()) return InvalidField("meeting.end_time", "is required");
  if (FromProtoTime(m.end_time()) <= FromProtoTime(m.start_time())) {
    return InvalidField("meeting.end_time", "must be after meeting.start_time");
  }
  if (FromProtoTime(m.end_time()) - FromProtoTime(m.start_time()) > absl::Hours(24 * 7)) {
    return InvalidField("meeting.end_time", "must be within 7 days of the start");
  }
  RETURN_IF_ERROR(ValidateTimeZone("meeting.time_zone", m.time_zone()));
  RETURN_IF_ERROR(ValidateText("meeting.place", m.place(), {.max_chars = 500}));
  RETURN_IF_ERROR(ValidateUrl("meeting.online_link", m.online_link()));
  if (m.place().empty() && m.online_link().empty()) {
    return InvalidField("meeting.place",
                        "or meeting.online_link is required: where does it happen?");
  }
  for (int i = 0; i < m.organisers_size(); ++i) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat("meeting.organisers[", i, "]"), m.organisers(i), {"people"})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<M> LoadVisible(pqxx::transaction_base& txn, const Principal& caller,
                              const std::string& name, bool for_update) {
  std::optional<DocRow> row =
      GetDoc(txn, for_update ? sql::kMeetings.get_for_update : sql::kMeetings.get, name);
  if (!row) return ResourceNotFound(name);
  ASSIGN_OR_RETURN(M m, FromDocRow<M>(*row));
  if (!MaySee(caller, m)) return ResourceNotFound(name);
  return m;
}

}  // namespace internal

namespace {

// What is stored: no computed local times, only each participant's zone.
M Stored(M m) {
  m.clear_local_time();
  for (P& p : *m.mutable_participants()) {
    const std::string zone = p.local_time().time_zone();
    p.clear_local_time();
    p.mutable_local_time()->set_time_zone(zone);
  }
  return m;
}

v1::LocalTime ToProto(const LocalSpan& s) {
  v1::LocalTime t;
  t.set_time_zone(s.time_zone);
  t.set_start(s.start);
  t.set_end(s.end);
  t.set_weekday(s.weekday);
  t.set_utc_offset(s.utc_offset);
  t.set_day_shift(s.day_shift);
  return t;
}

}  // namespace

M Meetings::Present(const CallContext& call, M m) const {
  const absl::Time start = FromProtoTime(m.start_time());
  const absl::Time end = FromProtoTime(m.end_time());
  std::string caller_zone = m.time_zone();
  for (P& p : *m.mutable_participants()) {
    const std::string zone =
        p.local_time().time_zone().empty() ? m.time_zone() : p.local_time().time_zone();
    *p.mutable_local_time() = ToProto(ToLocal(start, end, zone, m.time_zone()));
    if (p.person() == call.principal.subject) caller_zone = zone;
  }
  if (!internal::IsParticipant(call.principal, m) && !call.principal.IsService()) {
    absl::StatusOr<dv1::Person> me = deps_.directory->Person(call.principal.subject, call.deadline);
    if (me.ok() && !me->time_zone().empty()) caller_zone = me->time_zone();
  }
  *m.mutable_local_time() = ToProto(ToLocal(start, end, caller_zone, m.time_zone()));
  return m;
}

namespace {

// Who reads the agenda's recommendations through a meeting, and which.
struct MeetingReaders {
  std::vector<std::string> people;
  std::vector<std::string> agenda;
  bool operator==(const MeetingReaders&) const = default;
};

MeetingReaders ReadersOf(const M& m) {
  MeetingReaders r;
  for (const auto& item : m.agenda()) {
    r.agenda.insert(r.agenda.end(), item.recommendations().begin(), item.recommendations().end());
  }
  if (m.state() != M::STATE_CANCELLED) {
    r.people.assign(m.organisers().begin(), m.organisers().end());
    for (const P& p : m.participants()) r.people.push_back(p.person());
  }
  for (std::vector<std::string>* list : {&r.people, &r.agenda}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return r;
}

}  // namespace

// Inside the change's transaction, so that a change the recommendations
// service was not told of is not committed either; the version makes a
// message about a change that then rolled back harmless (the next one wins).
absl::Status Meetings::TellReaders(const CallContext& call, const M& before, const M& after,
                                   int64_t version) const {
  const MeetingReaders now = ReadersOf(after);
  if (now == ReadersOf(before) || (now.agenda.empty() && before.agenda().empty())) {
    return absl::OkStatus();
  }
  return deps_.recommendations->SetMeetingReaders(after.name(), version, now.people, now.agenda,
                                                  call.deadline);
}

absl::Status Meetings::CheckRecommendations(const CallContext& call, const M& m) const {
  for (int i = 0; i < m.agenda_size(); ++i) {
    for (int j = 0; j < m.agenda(i).recommendations_size(); ++j) {
      const std::string field = absl::StrCat("items[", i, "].recommendations[", j, "]");
      RETURN_IF_ERROR(
          ParseResourceName(field, m.agenda(i).recommendations(j), {"summits", "recommendations"})
              .status());
      absl::StatusOr<recommendations::v1::Recommendation> rec =
          deps_.recommendations->Get(m.agenda(i).recommendations(j), call.deadline);
      if (rec.status().code() == absl::StatusCode::kNotFound) {
        return InvalidField(field, absl::StrCat(m.agenda(i).recommendations(j),
                                                " does not exist or is not submitted"));
      }
      if (!rec.ok()) return rec.status();
      if (rec->state() == recommendations::v1::Recommendation::STATE_DRAFT &&
          !absl::c_linear_search(rec->shared_with_meetings(), m.name())) {
        return InvalidField(field, absl::StrCat(m.agenda(i).recommendations(j),
                                                " is a draft its authors have not shared for "
                                                "this meeting"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<M> Meetings::CreateMeeting(const CallContext& call, DbSession& db,
                                          const v1::CreateMeetingRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.meeting_id().empty())
    RETURN_IF_ERROR(ValidateResourceId("meeting_id", req.meeting_id()));
  M m = req.meeting();
  m.clear_participants();
  m.clear_agenda();
  m.set_state(M::STATE_PLANNED);
  m.set_minutes_version(0);
  if (!absl::c_linear_search(m.organisers(), call.principal.subject))
    m.add_organisers(call.principal.subject);
  RETURN_IF_ERROR(internal::ValidateMeetingFields(m));
  if (!call.principal.Has(dv1::ROLE_COORDINATOR) && !call.principal.Has(dv1::ROLE_EXPERT)) {
    return absl::PermissionDeniedError("organising a meeting needs the coordinator or expert role");
  }
  RETURN_IF_ERROR(deps_.directory->Summit(req.parent(), call.deadline).status());
  for (int i = 0; i < m.organisers_size(); ++i) {
    RETURN_IF_ERROR(AsFieldError(deps_.directory->Person(m.organisers(i), call.deadline).status(),
                                 absl::StrCat("meeting.organisers[", i, "]")));
  }
  const std::string name = absl::StrCat(req.parent(), "/meetings/",
                                        req.meeting_id().empty() ? GenerateId() : req.meeting_id());
  absl::StatusOr<M> created = RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<M>(txn, sql::kSchema.RequestLog(),
                         KeyForRequest(call.principal.subject, "CreateMeeting", req), [&] {
                           return CreateDocResource(
                               txn, sql::kMeetings, name, Stored(m),
                               EventTarget{.insert_event = sql::kSchema.insert_event,
                                           .actor = call.principal.subject,
                                           .type = "meetings.meeting.created",
                                           .request_id = req.request_id()},
                               req.parent());
                         });
  });
  if (!created.ok()) return created.status();
  return Present(call, *created);
}

absl::StatusOr<M> Meetings::GetMeeting(const CallContext& call, DbSession& db,
                                       const v1::GetMeetingRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"summits", "meetings"}).status());
  ASSIGN_OR_RETURN(M m, RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
                     return internal::LoadVisible(txn, call.principal, req.name(), false);
                   }));
  return Present(call, std::move(m));
}

absl::StatusOr<v1::ListMeetingsResponse> Meetings::ListMeetings(
    const CallContext& call, DbSession& db, const v1::ListMeetingsRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  if (!req.recommendation().empty()) {
    RETURN_IF_ERROR(
        ParseResourceName("recommendation", req.recommendation(), {"summits", "recommendations"})
            .status());
  }
  ASSIGN_OR_RETURN(const PageRequest page,
                   StartPage(req.page_size(), req.page_token(),
                             absl::StrCat("meetings|", req.parent(), "|", req.recommendation())));
  const bool sees_all = call.principal.IsService() || call.principal.Has(dv1::ROLE_COORDINATOR);
  ASSIGN_OR_RETURN(
      std::vector<DocRow> rows,
      RunTransaction(db, call,
                     [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::vector<DocRow>> {
                       return QueryDocRows(txn, sql::kListMeetings, req.parent(), page.after,
                                           page.limit(), call.principal.subject, sees_all,
                                           NullIfEmpty(req.recommendation()));
                     }));
  v1::ListMeetingsResponse resp;
  resp.set_next_page_token(FinishPage(page, &rows, [](const DocRow& r) { return r.name; }));
  for (const DocRow& row : rows) {
    ASSIGN_OR_RETURN(M m, FromDocRow<M>(row));
    *resp.add_meetings() = Present(call, std::move(m));
  }
  return resp;
}

absl::StatusOr<M> Meetings::Change(const CallContext& call, DbSession& db, const std::string& name,
                                   const std::string& etag, bool organisers_only,
                                   const std::string& type,
                                   const std::function<absl::Status(M&)>& change) const {
  RETURN_IF_ERROR(ParseResourceName("name", name, {"summits", "meetings"}).status());
  ASSIGN_OR_RETURN(
      M changed, RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<M> {
        ASSIGN_OR_RETURN(M before, internal::LoadVisible(txn, call.principal, name, true));
        if (organisers_only && !internal::IsOrganiser(call.principal, before) &&
            !call.principal.Has(dv1::ROLE_COORDINATOR)) {
          return absl::PermissionDeniedError(
              "this is for the meeting's organisers and coordinators");
        }
        RETURN_IF_ERROR(CheckEtag(name, etag, before.etag()));
        M after = before;
        RETURN_IF_ERROR(change(after));
        const std::string before_doc = ToDocumentJson(Stored(before));
        const StoredDoc after_doc = ToDocument(Stored(after));
        if (before_doc == after_doc.json) return before;
        const DocRow row = UpdateDoc(txn, sql::kMeetings, name, after_doc);
        sql::kSchema.Record(txn, call, type, name, before_doc, after_doc.json);
        RETURN_IF_ERROR(TellReaders(call, before, after, row.version));
        return FromDocRow<M>(row);
      }));
  return Present(call, std::move(changed));
}

absl::StatusOr<M> Meetings::UpdateMeeting(const CallContext& call, DbSession& db,
                                          const v1::UpdateMeetingRequest& req) const {
  static const std::vector<std::string> kMutable = {"kind",       "title",       "description",
                                                    "start_time", "end_time",    "time_zone",
                                                    "place",      "online_link", "organisers"};
  ASSIGN_OR_RETURN(const std::vector<std::string> paths,
                   ResolveUpdateMask(req.meeting(), req.update_mask(), kMutable));
  return Change(call, db, req.meeting().name(), req.meeting().etag(), true,
                "meetings.meeting.updated", [&](M& m) {
                  if (m.state() != M::STATE_PLANNED && m.state() != M::STATE_SCHEDULED) {
                    return absl::FailedPreconditionError(absl::StrCat(
                        "a ", MeetingStateName(m.state()), " meeting can no longer change"));
                  }
                  ApplyUpdateMask(req.meeting(), paths, &m);
                  if (m.organisers().empty())
                    return InvalidField("meeting.organisers", "needs at least one organiser");
                  return internal::ValidateMeetingFields(m);
                });
}

absl::StatusOr<M> Meetings::ScheduleMeeting(const CallContext& call, DbSession& db,
                                            const v1::ScheduleMeetingRequest& req) const {
  return Change(call, db, req.name(), req.etag(), true, "meetings.meeting.scheduled", [](M& m) {
    RETURN_IF_ERROR(CheckMeetingTransition(m.state(), M::STATE_SCHEDULED));
    m.set_state(M::STATE_SCHEDULED);
    return absl::OkStatus();
  });
}

absl::StatusOr<M> Meetings::HoldMeeting(const CallContext& call, DbSession& db,
                                        const v1::HoldMeetingRequest& req) const {
  const absl::Time now = deps_.clock->Now();
  return Change(call, db, req.name(), req.etag(), true, "meetings.meeting.held", [now](M& m) {
    RETURN_IF_ERROR(CheckMeetingTransition(m.state(), M::STATE_HELD));
    if (now < FromProtoTime(m.start_time())) {
      return absl::FailedPreconditionError("the meeting has not started yet");
    }
    m.set_state(M::STATE_HELD);
    return absl::OkStatus();
  });
}

absl::StatusOr<M> Meetings::CancelMeeting(const CallContext& call, DbSession& db,
                                          const v1::CancelMeetingRequest& req) const {
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), {.max_chars = kMaxShortTextChars}));
  return Change(call, db, req.name(), req.etag(), true, "meetings.meeting.cancelled", [](M& m) {
    RETURN_IF_ERROR(CheckMeetingTransition(m.state(), M::STATE_CANCELLED));
    m.set_state(M::STATE_CANCELLED);
    return absl::OkStatus();
  });
}

absl::StatusOr<M> Meetings::InviteParticipants(const CallContext& call, DbSession& db,
                                               const v1::InviteParticipantsRequest& req) const {
  if (req.people().empty() && req.organizations().empty()) {
    return InvalidField("people", "or organizations: name someone to invite");
  }
  // Who, with their zones, asked of the directory before any lock.
  std::vector<std::pair<dv1::Person, std::string>> invitees;  // person, via organisation
  for (int i = 0; i < req.people_size(); ++i) {
    const std::string field = absl::StrCat("people[", i, "]");
    RETURN_IF_ERROR(ParseResourceName(field, req.people(i), {"people"}).status());
    absl::StatusOr<dv1::Person> p = deps_.directory->Person(req.people(i), call.deadline);
    if (!p.ok()) return AsFieldError(p.status(), field);
    invitees.emplace_back(*std::move(p), "");
  }
  for (int i = 0; i < req.organizations_size(); ++i) {
    const std::string field = absl::StrCat("organizations[", i, "]");
    RETURN_IF_ERROR(ParseResourceName(field, req.organizations(i), {"organizations"}).status());
    RETURN_IF_ERROR(AsFieldError(
        deps_.directory->Organization(req.organizations(i), call.deadline).status(), field));
    dv1::ListPeopleRequest filter;
    filter.set_organization(req.organizations(i));
    ASSIGN_OR_RETURN(std::vector<dv1::Person> members,
                     deps_.directory->People(filter, call.deadline));
    for (dv1::Person& p : members) invitees.emplace_back(std::move(p), req.organizations(i));
  }
  return Change(call, db, req.name(), "", true, "meetings.participants.invited", [&](M& m) {
    if (m.state() != M::STATE_PLANNED && m.state() != M::STATE_SCHEDULED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "invitations are sent before the meeting; it is ", MeetingStateName(m.state())));
    }
    for (const auto& [person, via] : invitees) {
      const std::string& name = person.name();  // lambdas cannot capture bindings (clang 14)
      if (absl::c_any_of(m.participants(), [&](const P& x) { return x.person() == name; }))
        continue;
      P* p = m.add_participants();
      p->set_person(person.name());
      p->set_via_organization(via);
      p->set_rsvp(P::RSVP_NO_RESPONSE);
      p->set_attendance(P::ATTENDANCE_UNKNOWN);
      p->mutable_local_time()->set_time_zone(person.time_zone().empty() ? m.time_zone()
                                                                        : person.time_zone());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<M> Meetings::RespondToInvitation(const CallContext& call, DbSession& db,
                                                const v1::RespondToInvitationRequest& req) const {
  if (req.rsvp() != P::RSVP_ACCEPTED && req.rsvp() != P::RSVP_DECLINED &&
      req.rsvp() != P::RSVP_TENTATIVE) {
    return InvalidField("rsvp", "must be accepted, declined or tentative");
  }
  return Change(call, db, req.name(), "", false, "meetings.participant.responded", [&](M& m) {
    for (P& p : *m.mutable_participants()) {
      if (p.person() != call.principal.subject) continue;
      if (m.state() != M::STATE_PLANNED && m.state() != M::STATE_SCHEDULED) {
        return absl::FailedPreconditionError("the meeting is no longer open for answers");
      }
      p.set_rsvp(req.rsvp());
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError("only invited participants answer");
  });
}

absl::StatusOr<M> Meetings::RecordAttendance(const CallContext& call, DbSession& db,
                                             const v1::RecordAttendanceRequest& req) const {
  if (req.attendance().empty()) return InvalidField("attendance", "name at least one person");
  return Change(call, db, req.name(), "", true, "meetings.attendance.recorded", [&](M& m) {
    if (m.state() != M::STATE_HELD) {
      return absl::FailedPreconditionError(absl::StrCat(
          "attendance is recorded once the meeting is held; it is ", MeetingStateName(m.state())));
    }
    for (const auto& entry : req.attendance()) {
      const std::string& person = entry.first;
      const P::Attendance attended = entry.second;
      if (attended != P::ATTENDANCE_ATTENDED && attended != P::ATTENDANCE_ABSENT) {
        return InvalidField(absl::StrCat("attendance[", person, "]"), "must be attended or absent");
      }
      auto it = absl::c_find_if(*m.mutable_participants(),
                                [&](const P& p) { return p.person() == person; });
      if (it == m.mutable_participants()->end()) {
        return InvalidField(absl::StrCat("attendance[", person, "]"), "is not a participant");
      }
      it->set_attendance(attended);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<M> Meetings::SetAgenda(const CallContext& call, DbSession& db,
                                      const v1::SetAgendaRequest& req) const {
  M proposed;
  proposed.set_name(req.name());
  for (int i = 0; i < req.items_size(); ++i) {
    const v1::AgendaItem& item = req.items(i);
    const std::string f = absl::StrCat("items[", i, "]");
    RETURN_IF_ERROR(ValidateText(f + ".title", item.title(), {.required = true, .max_chars = 300}));
    if (item.duration_minutes() < 1 || item.duration_minutes() > 480) {
      return InvalidField(f + ".duration_minutes", "must be between 1 and 480");
    }
    if (!item.presenter().empty()) {
      RETURN_IF_ERROR(ParseResourceName(f + ".presenter", item.presenter(), {"people"}).status());
      RETURN_IF_ERROR(AsFieldError(
          deps_.directory->Person(item.presenter(), call.deadline).status(), f + ".presenter"));
    }
    *proposed.add_agenda() = item;
  }
  RETURN_IF_ERROR(CheckRecommendations(call, proposed));
  return Change(call, db, req.name(), req.etag(), true, "meetings.agenda.set", [&](M& m) {
    if (m.state() == M::STATE_CANCELLED || m.state() == M::STATE_MINUTES_APPROVED) {
      return absl::FailedPreconditionError(
          absl::StrCat("the agenda of a ", MeetingStateName(m.state()), " meeting is final"));
    }
    // Items keep their ids; new ones get the next free number.
    int next = 1;
    for (const v1::AgendaItem& old : m.agenda()) {
      int n = 0;
      if (absl::SimpleAtoi(old.id().substr(old.id().find('-') + 1), &n))
        next = std::max(next, n + 1);
    }
    std::set<std::string> known;
    for (const v1::AgendaItem& old : m.agenda()) known.insert(old.id());
    m.clear_agenda();
    for (v1::AgendaItem item : proposed.agenda()) {
      if (item.id().empty()) {
        item.set_id(absl::StrCat("item-", next++));
      } else if (!known.count(item.id())) {
        return InvalidField("items.id",
                            absl::StrCat("\"", item.id(), "\" is not an item of this agenda"));
      }
      *m.add_agenda() = std::move(item);
    }
    return absl::OkStatus();
  });
}

}  // namespace summit::meetings
