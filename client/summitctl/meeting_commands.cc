// summitctl meeting ... and summitctl action ...: meetings across time zones.
#include <google/protobuf/util/time_util.h>

#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace mv1 = meetings::v1;
using Mtg = mv1::Meeting;

std::string Local(const mv1::LocalTime& t) { return FormatLocalSpan(t); }

void PrintMeeting(Session& s, const Mtg& m) {
  if (s.json()) return PrintJson(m);
  PrintResource(
      s, m,
      {{"name", m.name()},
       {"title", m.title()},
       {"kind", EnumLabel(m.kind())},
       {"state", EnumLabel(m.state())},
       {"when (yours)", Local(m.local_time())},
       {"place", m.place()},
       {"link", m.online_link()},
       {"organisers", Join(m.organisers())},
       {"minutes", m.minutes_version() ? absl::StrCat("version ", m.minutes_version()) : ""},
       {"etag", m.etag()}});
  if (!m.participants().empty()) {
    std::cout << "\n";
    Table t({"PARTICIPANT", "ANSWER", "ATTENDANCE", "THEIR TIME"});
    for (const auto& p : m.participants()) {
      t.AddRow({s.Person(p.person()), EnumLabel(p.rsvp()), EnumLabel(p.attendance()),
                Local(p.local_time())});
    }
    t.Print(std::cout);
  }
  if (!m.agenda().empty()) {
    std::cout << "\nAgenda\n";
    Table t({"#", "ID", "ITEM", "MIN", "PRESENTER", "RECOMMENDATIONS"});
    int n = 0;
    for (const auto& i : m.agenda()) {
      t.AddRow({absl::StrCat(++n), i.id(), i.title(), absl::StrCat(i.duration_minutes()),
                s.Person(i.presenter()), Join(i.recommendations())});
    }
    t.Print(std::cout);
  }
}

google::protobuf::Timestamp Time(const std::string& flag, const std::string& text) {
  return ParseTime(flag, text);
}

}  // namespace

void AddMeetingCommands(CLI::App& app, Session& session) {
  CLI::App* meeting = app.add_subcommand("meeting", "Expert meetings across time zones");
  meeting->require_subcommand(1);

  auto* create = meeting->add_subcommand("create", "Plan a meeting (you become an organiser)");
  static std::string c_summit, c_id, c_kind = "expert_meeting", c_title, c_start, c_end, c_zone,
                                     c_place, c_link, c_desc;
  create->add_option("summit", c_summit, "summits/{id}")->required();
  create->add_option("--id", c_id, "Meeting id");
  create->add_option("--kind", c_kind, "seminar, expert_meeting, working_group, summit_session")
      ->capture_default_str();
  create->add_option("--title", c_title, "Title")->required();
  create->add_option("--start", c_start, "RFC 3339, e.g. 2025-11-11T10:00:00+05:00")->required();
  create->add_option("--end", c_end, "RFC 3339")->required();
  create->add_option("--time-zone", c_zone, "The meeting's IANA zone, e.g. Asia/Almaty")
      ->required();
  create->add_option("--place", c_place, "Where");
  create->add_option("--link", c_link, "Online link");
  create->add_option("--description", c_desc, "Description");
  create->callback([&session] {
    mv1::CreateMeetingRequest req;
    req.set_parent(c_summit);
    req.set_meeting_id(c_id);
    Mtg* m = req.mutable_meeting();
    Mtg::Kind kind;
    if (!Mtg::Kind_Parse("KIND_" + absl::AsciiStrToUpper(c_kind), &kind) ||
        kind == Mtg::KIND_UNSPECIFIED) {
      throw CommandError(
          "--kind: expected seminar, expert_meeting, working_group or summit_session", 2);
    }
    m->set_kind(kind);
    m->set_title(c_title);
    *m->mutable_start_time() = Time("--start", c_start);
    *m->mutable_end_time() = Time("--end", c_end);
    m->set_time_zone(c_zone);
    m->set_place(c_place);
    m->set_online_link(c_link);
    m->set_description(c_desc);
    req.set_request_id(NewRequestId());
    Mtg out;
    session.Check(
        session.Meetings()->CreateMeeting(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* update = meeting->add_subcommand(
      "update", "Change a planned or scheduled meeting (only the fields given)");
  static std::string u_name, u_etag, u_title, u_start, u_end, u_zone, u_place, u_link, u_desc;
  update->add_option("name", u_name, "summits/{id}/meetings/{id}")->required();
  update->add_option("--etag", u_etag, "Refuse if it changed since this etag");
  auto* o_title = update->add_option("--title", u_title, "Title");
  auto* o_start = update->add_option("--start", u_start, "RFC 3339");
  auto* o_end = update->add_option("--end", u_end, "RFC 3339");
  auto* o_zone = update->add_option("--time-zone", u_zone, "IANA zone");
  auto* o_place = update->add_option("--place", u_place, "Where");
  auto* o_link = update->add_option("--link", u_link, "Online link");
  auto* o_desc = update->add_option("--description", u_desc, "Description");
  update->callback([&session, o_title, o_start, o_end, o_zone, o_place, o_link, o_desc] {
    mv1::UpdateMeetingRequest req;
    Mtg* m = req.mutable_meeting();
    std::vector<std::string> paths;
    if (o_title->count()) {
      m->set_title(u_title);
      paths.push_back("title");
    }
    if (o_start->count()) {
      *m->mutable_start_time() = Time("--start", u_start);
      paths.push_back("start_time");
    }
    if (o_end->count()) {
      *m->mutable_end_time() = Time("--end", u_end);
      paths.push_back("end_time");
    }
    if (o_zone->count()) {
      m->set_time_zone(u_zone);
      paths.push_back("time_zone");
    }
    if (o_place->count()) {
      m->set_place(u_place);
      paths.push_back("place");
    }
    if (o_link->count()) {
      m->set_online_link(u_link);
      paths.push_back("online_link");
    }
    if (o_desc->count()) {
      m->set_description(u_desc);
      paths.push_back("description");
    }
    PrepareUpdate(paths, u_name, u_etag, m, req.mutable_update_mask());
    Mtg out;
    session.Check(
        session.Meetings()->UpdateMeeting(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* show = meeting->add_subcommand("show", "A meeting in your zone and each participant's");
  static std::string s_name;
  show->add_option("name", s_name, "summits/{id}/meetings/{id}")->required();
  show->callback([&session] {
    mv1::GetMeetingRequest req;
    req.set_name(s_name);
    Mtg out;
    session.Check(session.Meetings()->GetMeeting(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* list = meeting->add_subcommand("list", "The meetings you may see");
  static std::string l_summit, l_rec;
  static PageFlags l_pages;
  list->add_option("summit", l_summit, "summits/{id}")->required();
  list->add_option("--recommendation", l_rec, "Only meetings with it on the agenda");
  AddPageFlags(list, &l_pages);
  list->callback([&session] {
    auto stub = session.Meetings();
    mv1::ListMeetingsRequest req;
    req.set_parent(l_summit);
    req.set_recommendation(l_rec);
    const auto resp = FetchPages<mv1::ListMeetingsRequest, mv1::ListMeetingsResponse>(
        session, req, l_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListMeetings(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"WHEN (YOURS)", "TITLE", "KIND", "STATE", "NAME"});
    for (const auto& m : resp.meetings()) {
      t.AddRow(
          {Local(m.local_time()), m.title(), EnumLabel(m.kind()), EnumLabel(m.state()), m.name()});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  // Lifecycle steps share one shape.
  struct StepSpec {
    const char* name;
    const char* help;
  };
  for (const StepSpec spec :
       {StepSpec{"schedule", "planned -> scheduled"}, StepSpec{"hold", "scheduled -> held"},
        StepSpec{"cancel", "-> cancelled"},
        StepSpec{"approve-minutes", "held -> minutes_approved"}}) {
    auto* step = meeting->add_subcommand(spec.name, spec.help);
    static std::map<std::string, std::string> names;
    const std::string which = spec.name;
    step->add_option("name", names[which], "summits/{id}/meetings/{id}")->required();
    step->callback([&session, which] {
      auto stub = session.Meetings();
      auto ctx = session.connection().Context();
      Mtg out;
      grpc::Status s;
      if (which == "schedule") {
        mv1::ScheduleMeetingRequest r;
        r.set_name(names[which]);
        s = stub->ScheduleMeeting(ctx.get(), r, &out);
      } else if (which == "hold") {
        mv1::HoldMeetingRequest r;
        r.set_name(names[which]);
        s = stub->HoldMeeting(ctx.get(), r, &out);
      } else if (which == "cancel") {
        mv1::CancelMeetingRequest r;
        r.set_name(names[which]);
        s = stub->CancelMeeting(ctx.get(), r, &out);
      } else {
        mv1::ApproveMinutesRequest r;
        r.set_name(names[which]);
        s = stub->ApproveMinutes(ctx.get(), r, &out);
      }
      session.Check(s);
      PrintMeeting(session, out);
    });
  }

  auto* invite = meeting->add_subcommand("invite", "Invite people and whole organisations");
  static std::string i_name;
  static std::vector<std::string> i_people, i_orgs;
  invite->add_option("name", i_name, "summits/{id}/meetings/{id}")->required();
  invite->add_option("--person", i_people, "people/{id} (repeatable)");
  invite->add_option("--org", i_orgs, "organizations/{id} (repeatable)");
  invite->callback([&session] {
    mv1::InviteParticipantsRequest req;
    req.set_name(i_name);
    for (const auto& p : i_people) req.add_people(p);
    for (const auto& o : i_orgs) req.add_organizations(o);
    Mtg out;
    session.Check(
        session.Meetings()->InviteParticipants(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* rsvp =
      meeting->add_subcommand("rsvp", "Answer an invitation: accepted, declined or tentative");
  static std::string r_name, r_answer;
  rsvp->add_option("name", r_name, "summits/{id}/meetings/{id}")->required();
  rsvp->add_option("answer", r_answer, "accepted, declined or tentative")->required();
  rsvp->callback([&session] {
    mv1::RespondToInvitationRequest req;
    req.set_name(r_name);
    mv1::Participant::Rsvp answer;
    if (!mv1::Participant::Rsvp_Parse("RSVP_" + absl::AsciiStrToUpper(r_answer), &answer)) {
      throw CommandError("answer: expected accepted, declined or tentative", 2);
    }
    req.set_rsvp(answer);
    Mtg out;
    session.Check(
        session.Meetings()->RespondToInvitation(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* attend = meeting->add_subcommand("attendance", "Record who attended");
  static std::string at_name;
  static std::vector<std::string> at_present, at_absent;
  attend->add_option("name", at_name, "summits/{id}/meetings/{id}")->required();
  attend->add_option("--attended", at_present, "people/{id} (repeatable)");
  attend->add_option("--absent", at_absent, "people/{id} (repeatable)");
  attend->callback([&session] {
    mv1::RecordAttendanceRequest req;
    req.set_name(at_name);
    for (const auto& p : at_present)
      (*req.mutable_attendance())[p] = mv1::Participant::ATTENDANCE_ATTENDED;
    for (const auto& p : at_absent)
      (*req.mutable_attendance())[p] = mv1::Participant::ATTENDANCE_ABSENT;
    Mtg out;
    session.Check(
        session.Meetings()->RecordAttendance(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* agenda = meeting->add_subcommand(
      "agenda",
      "Set the agenda in order: TITLE:MINUTES[:people/x[:rec,...]] or @item-N to keep an item");
  static std::string ag_name;
  static std::vector<std::string> ag_items;
  agenda->add_option("name", ag_name, "summits/{id}/meetings/{id}")->required();
  agenda->add_option("items", ag_items, "Items in order")->required();
  agenda->callback([&session] {
    auto stub = session.Meetings();
    mv1::GetMeetingRequest get;
    get.set_name(ag_name);
    Mtg current;
    session.Check(stub->GetMeeting(session.connection().Context().get(), get, &current));
    mv1::SetAgendaRequest req;
    req.set_name(ag_name);
    req.set_etag(current.etag());
    for (const std::string& spec : ag_items) {
      if (!spec.empty() && spec[0] == '@') {  // keep an existing item, in this position
        const std::string id = spec.substr(1);
        auto it = std::find_if(current.agenda().begin(), current.agenda().end(),
                               [&](const auto& i) { return i.id() == id; });
        if (it == current.agenda().end()) throw CommandError("no agenda item " + id, 2);
        *req.add_items() = *it;
        continue;
      }
      const std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits(':', 3));
      mv1::AgendaItem* item = req.add_items();
      item->set_title(parts[0]);
      int minutes = 0;
      if (parts.size() < 2 || !absl::SimpleAtoi(parts[1], &minutes)) {
        throw CommandError("agenda item \"" + spec + "\": expected TITLE:MINUTES", 2);
      }
      item->set_duration_minutes(minutes);
      if (parts.size() > 2) item->set_presenter(parts[2]);
      if (parts.size() > 3)
        for (const auto& r : SplitList(parts[3])) item->add_recommendations(r);
    }
    Mtg out;
    session.Check(stub->SetAgenda(session.connection().Context().get(), req, &out));
    PrintMeeting(session, out);
  });

  auto* minutes =
      meeting->add_subcommand("minutes", "Add a version of the minutes (or list them with --list)");
  static std::string mn_name, mn_file;
  static std::vector<std::string> mn_decisions, mn_linked;
  static bool mn_list = false;
  minutes->add_option("name", mn_name, "summits/{id}/meetings/{id}")->required();
  minutes->add_option("--file", mn_file, "Markdown; - reads standard input");
  minutes->add_option("--decision", mn_decisions, "A decision taken (repeatable)");
  minutes->add_option("--decision-about", mn_linked,
                      "REC=TEXT: a decision about an agenda recommendation (repeatable)");
  minutes->add_flag("--list", mn_list, "List the versions instead");
  minutes->callback([&session] {
    auto stub = session.Meetings();
    if (mn_list) {
      mv1::ListMinutesVersionsRequest req;
      req.set_parent(mn_name);
      const auto out = AllPages<mv1::ListMinutesVersionsRequest, mv1::ListMinutesVersionsResponse>(
          session, req,
          [&](auto* ctx, const auto& r, auto* o) { return stub->ListMinutesVersions(ctx, r, o); });
      if (session.json()) return PrintJson(out);
      for (const auto& v : out.versions()) {
        std::cout << "## Version " << v.version_number() << " by " << v.author() << ", "
                  << FormatTime(v.create_time()) << "\n"
                  << v.text() << "\n";
        for (const auto& d : v.linked_decisions()) {
          std::cout << "- Decision: " << d.text();
          if (d.recommendations_size() > 0)
            std::cout << " (about " << Join(d.recommendations()) << ")";
          std::cout << "\n";
        }
        std::cout << "\n";
      }
      return;
    }
    if (mn_file.empty()) throw CommandError("--file is required (or --list)", 2);
    mv1::CreateMinutesVersionRequest req;
    req.set_parent(mn_name);
    req.mutable_minutes()->set_text(ReadTextFile("--file", mn_file));
    // With any decision about a recommendation, all go as linked decisions.
    for (const auto& d : mn_decisions) {
      if (mn_linked.empty()) {
        req.mutable_minutes()->add_decisions(d);
      } else {
        req.mutable_minutes()->add_linked_decisions()->set_text(d);
      }
    }
    for (const auto& d : mn_linked) {
      const size_t eq = d.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw CommandError(
            "--decision-about takes REC=TEXT, e.g. "
            "summits/s/recommendations/r=\"Recommend it\"",
            2);
      }
      mv1::Decision* linked = req.mutable_minutes()->add_linked_decisions();
      linked->add_recommendations(d.substr(0, eq));
      linked->set_text(d.substr(eq + 1));
    }
    req.set_request_id(NewRequestId());
    mv1::MinutesVersion out;
    session.Check(stub->CreateMinutesVersion(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"version", absl::StrCat(out.version_number())},
                   {"author", out.author()}});
  });

  auto* slots =
      meeting->add_subcommand("slots", "Times within everyone's working hours, in their own zones");
  static std::vector<std::string> sl_people;
  static std::string sl_from, sl_to;
  static int sl_minutes = 60, sl_count = 5;
  slots->add_option("--person", sl_people, "people/{id} (repeatable)")->required();
  slots->add_option("--minutes", sl_minutes, "Duration")->capture_default_str();
  slots->add_option("--from", sl_from, "RFC 3339 start of the search")->required();
  slots->add_option("--to", sl_to, "RFC 3339 end of the search")->required();
  slots->add_option("--count", sl_count, "How many")->capture_default_str();
  slots->callback([&session] {
    mv1::FindSlotsRequest req;
    for (const auto& p : sl_people) req.add_participants(p);
    req.mutable_duration()->set_seconds(int64_t{sl_minutes} * 60);
    *req.mutable_from_time() = ParseTime("--from", sl_from);
    *req.mutable_to_time() = ParseTime("--to", sl_to);
    req.set_max_slots(sl_count);
    mv1::FindSlotsResponse out;
    session.Check(session.Meetings()->FindSlots(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    std::vector<std::string> header = {"UTC"};
    for (const auto& p : sl_people) header.push_back(p);
    Table t(header);
    for (const auto& s : out.slots()) {
      std::vector<std::string> row = {google::protobuf::util::TimeUtil::ToString(s.start_time())};
      for (const auto& l : s.local_times())
        row.push_back(absl::StrCat(l.weekday(), " ", l.start(), " ", l.time_zone()));
      t.AddRow(row);
    }
    if (t.empty())
      std::cout << "no common slot in that window\n";
    else
      t.Print(std::cout);
  });

  auto* ics = meeting->add_subcommand(
      "ics", "Export a meeting (or --mine: all your meetings) as iCalendar");
  static std::string ics_name, ics_out;
  static bool ics_mine = false;
  ics->add_option("name", ics_name, "summits/{id}/meetings/{id}");
  ics->add_flag("--mine", ics_mine, "Your meetings as one calendar feed");
  ics->add_option("-o,--output", ics_out, "Write to this file instead of standard output");
  ics->callback([&session] {
    mv1::CalendarFile file;
    if (ics_mine) {
      session.Check(session.Meetings()->ExportPersonCalendar(session.connection().Context().get(),
                                                             {}, &file));
    } else {
      if (ics_name.empty()) throw CommandError("name a meeting, or use --mine", 2);
      mv1::ExportMeetingCalendarRequest req;
      req.set_name(ics_name);
      session.Check(session.Meetings()->ExportMeetingCalendar(session.connection().Context().get(),
                                                              req, &file));
    }
    if (ics_out.empty()) {
      std::cout << file.content();
    } else {
      std::ofstream(ics_out, std::ios::binary) << file.content();
      std::cerr << "wrote " << ics_out << "\n";
    }
  });

  CLI::App* action = app.add_subcommand("action", "Action items from meetings");
  action->require_subcommand(1);
  auto* add = action->add_subcommand("add", "Add an action item to a meeting");
  static std::string a_meeting, a_title, a_assignee, a_due, a_recs;
  add->add_option("meeting", a_meeting, "summits/{id}/meetings/{id}")->required();
  add->add_option("--title", a_title, "What")->required();
  add->add_option("--assignee", a_assignee, "people/{id}")->required();
  add->add_option("--due", a_due, "RFC 3339")->required();
  add->add_option("--recs", a_recs, "Agenda recommendations it is about, comma-separated");
  add->callback([&session] {
    mv1::CreateActionItemRequest req;
    req.set_parent(a_meeting);
    req.mutable_action_item()->set_title(a_title);
    req.mutable_action_item()->set_assignee(a_assignee);
    *req.mutable_action_item()->mutable_due_time() = ParseTime("--due", a_due);
    for (const std::string& r : SplitList(a_recs))
      req.mutable_action_item()->add_recommendations(r);
    req.set_request_id(NewRequestId());
    mv1::ActionItem out;
    session.Check(
        session.Meetings()->CreateActionItem(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"title", out.title()},
                   {"assignee", session.Person(out.assignee())},
                   {"due", FormatTime(out.due_time())}});
  });
  auto* mine = action->add_subcommand("mine", "Your action items across meetings, overdue first");
  static bool m_all = false;
  mine->add_flag("--all", m_all, "Include done and dropped ones");
  mine->callback([&session] {
    mv1::ListMyActionItemsRequest req;
    req.set_include_closed(m_all);
    const auto out = AllPages<mv1::ListMyActionItemsRequest, mv1::ListMyActionItemsResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* o) {
          return session.Meetings()->ListMyActionItems(ctx, r, o);
        });
    if (session.json()) return PrintJson(out);
    Table t({"DUE", "", "STATE", "ITEM", "MEETING", "NAME"});
    for (const auto& a : out.action_items()) {
      t.AddRow({FormatTime(a.due_time()), a.overdue() ? "OVERDUE" : "", EnumLabel(a.state()),
                a.title(), a.meeting_title(), a.name()});
    }
    t.Print(std::cout);
  });
  // "status" stays the command people type; the API calls it state (AIP-216).
  auto* status = action->add_subcommand("status", "Mark an action item open, done or dropped");
  static std::string st_name, st_state;
  status->add_option("name", st_name, "…/actionItems/{id}")->required();
  status->add_option("state", st_state, "open, done or dropped")->required();
  status->callback([&session] {
    mv1::UpdateActionItemStateRequest req;
    req.set_name(st_name);
    mv1::ActionItem::State s;
    if (!mv1::ActionItem::State_Parse("STATE_" + absl::AsciiStrToUpper(st_state), &s)) {
      throw CommandError("state: expected open, done or dropped", 2);
    }
    req.set_state(s);
    mv1::ActionItem out;
    session.Check(
        session.Meetings()->UpdateActionItemState(session.connection().Context().get(), req, &out));
    PrintResource(session, out, {{"name", out.name()}, {"state", EnumLabel(out.state())}});
  });
}

}  // namespace summit::ctl
