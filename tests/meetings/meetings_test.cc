// Meetings over a real server and PostgreSQL.
#include "services/common/icalendar.h"
#include "tests/meetings/meetings_test_base.h"

namespace summit::testing {
namespace {

TEST_F(MeetingsTest, EachParticipantSeesTheMeetingInTheirOwnZoneAcrossMidnight) {
  const Mtg m = Seminar();
  ASSERT_EQ(m.participants_size(), 2);
  const mv1::LocalTime& astana = m.participants(0).local_time();
  const mv1::LocalTime& seoul = m.participants(1).local_time();
  EXPECT_EQ(astana.start(), "2025-11-11 22:00");
  EXPECT_EQ(astana.end(), "2025-11-11 23:30");
  EXPECT_EQ(astana.utc_offset(), "+05:00");
  EXPECT_EQ(astana.day_shift(), 0);
  EXPECT_EQ(seoul.start(), "2025-11-12 02:00");
  EXPECT_EQ(seoul.end(), "2025-11-12 03:30");
  EXPECT_EQ(seoul.weekday(), "Wed");
  EXPECT_EQ(seoul.utc_offset(), "+09:00");
  EXPECT_EQ(seoul.day_shift(), 1);
  Mtg kims_view;
  ASSERT_TRUE(Get(coauthor_, m.name(), &kims_view).ok());
  EXPECT_EQ(kims_view.local_time().time_zone(), "Asia/Seoul");  // the caller's own zone
  EXPECT_EQ(kims_view.local_time().start(), "2025-11-12 02:00");
}

TEST_F(MeetingsTest, DetailsAreForParticipantsOrganisersAndCoordinators) {
  const Mtg m = Seminar();
  Mtg out;
  EXPECT_TRUE(Get(author_, m.name(), &out).ok());
  EXPECT_TRUE(Get(coordinator_, m.name(), &out).ok());
  EXPECT_EQ(Get(other_expert_, m.name(), &out).error_code(), grpc::StatusCode::NOT_FOUND);
  mv1::ListMeetingsRequest list;
  list.set_parent("summits/ca-kr-2025");
  mv1::ListMeetingsResponse resp;
  ASSERT_TRUE(meetings_->ListMeetings(AuthContext(other_expert_).get(), list, &resp).ok());
  EXPECT_EQ(resp.meetings_size(), 0);
  ASSERT_TRUE(meetings_->ListMeetings(AuthContext(author_).get(), list, &resp).ok());
  EXPECT_EQ(resp.meetings_size(), 1);
}

TEST_F(MeetingsTest, RefusalsNameTheField) {
  Mtg out;
  grpc::Status s = Create(Valid(Utc(2025, 11, 11, 10), Utc(2025, 11, 11, 9)), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("meeting.end_time", 0), 0u) << s.error_message();
  Mtg bad_zone = Valid(Utc(2025, 11, 11, 9), Utc(2025, 11, 11, 10));
  bad_zone.set_time_zone("Asia/Astana-City");
  s = Create(bad_zone, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("meeting.time_zone", 0), 0u);
  const Mtg m = Seminar();
  s = Invite(m.name(), {"people/nobody"}, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("people[0]", 0), 0u) << s.error_message();
  s = Invite(m.name(), {}, &out, {"organizations/nowhere"});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("SELECT count(*) FROM meetings.meetings"), 1);
}

TEST_F(MeetingsTest, WholeOrganisationsAreInvitedAndParticipantsAnswer) {
  Mtg m;
  ASSERT_TRUE(Create(Valid(Utc(2025, 11, 11, 4), Utc(2025, 11, 11, 6)), &m).ok());
  ASSERT_TRUE(Invite(m.name(), {}, &m, {"organizations/iepr"}).ok());
  ASSERT_EQ(m.participants_size(), 3);  // kim, park, minho
  EXPECT_EQ(m.participants(0).via_organization(), "organizations/iepr");
  mv1::RespondToInvitationRequest rsvp;
  rsvp.set_name(m.name());
  rsvp.set_rsvp(mv1::Participant::RSVP_TENTATIVE);
  ASSERT_TRUE(meetings_->RespondToInvitation(AuthContext(coauthor_).get(), rsvp, &m).ok());
  for (const auto& p : m.participants()) {
    if (p.person() == "people/kim") {
      EXPECT_EQ(p.rsvp(), mv1::Participant::RSVP_TENTATIVE);
    }
  }
  EXPECT_EQ(meetings_->RespondToInvitation(AuthContext(author_).get(), rsvp, &m).error_code(),
            grpc::StatusCode::NOT_FOUND);  // aigerim was not invited: she cannot see it
}

TEST_F(MeetingsTest, EveryLifecycleTransition) {
  Mtg m = Seminar();
  Mtg out;
  grpc::Status s = Hold(m.name(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "cannot go from planned to held; from planned it can go to: scheduled, cancelled");
  ASSERT_TRUE(Schedule(m.name(), &out).ok());
  EXPECT_EQ(out.state(), Mtg::STATE_SCHEDULED);
  EXPECT_EQ(Approve(m.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Hold(m.name(), &out).ok());  // the injected clock is well past 2025
  EXPECT_EQ(out.state(), Mtg::STATE_HELD);
  EXPECT_EQ(Cancel(m.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Approve(m.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // no minutes yet
  mv1::MinutesVersion v;
  ASSERT_TRUE(Minutes(coordinator_, m.name(), "Draft minutes", &v).ok());
  ASSERT_TRUE(Approve(m.name(), &out).ok());
  EXPECT_EQ(out.state(), Mtg::STATE_MINUTES_APPROVED);
  EXPECT_EQ(Schedule(m.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  const absl::Time now = server_->clock().Now();
  Mtg other;
  ASSERT_TRUE(Create(Valid(now - absl::Hours(26), now - absl::Hours(25)), &other, "second").ok());
  ASSERT_TRUE(Cancel(other.name(), &out).ok());  // planned -> cancelled
  Mtg third;
  ASSERT_TRUE(Create(Valid(now + absl::Hours(2), now + absl::Hours(3)), &third, "third").ok());
  ASSERT_TRUE(Schedule(third.name(), &out).ok());
  s = Hold(third.name(), &out);  // scheduled, but not started yet
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("not started"), std::string::npos);
  ASSERT_TRUE(Cancel(third.name(), &out).ok());  // scheduled -> cancelled
  EXPECT_EQ(Schedule(third.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(MeetingsTest, AnEmptyUpdateMaskMeansTheFieldsThatAreSet) {
  const Mtg m = Seminar();
  mv1::UpdateMeetingRequest up;
  up.mutable_meeting()->set_name(m.name());
  up.mutable_meeting()->set_place("Seoul, IEPR");
  Mtg out;
  ASSERT_TRUE(meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out).ok());
  EXPECT_EQ(out.place(), "Seoul, IEPR");
  EXPECT_EQ(out.title(), m.title());  // not set, so not changed
  up.mutable_meeting()->clear_place();
  const grpc::Status s = meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "update_mask: names no field to change");
}

// A meeting keeps a binary copy of its document beside the jsonb (migration
// 0006): written with each change, read back, and dropped when the jsonb is
// changed without it, after which reads fall back to the jsonb.
TEST_F(MeetingsTest, TheBinaryCopyFollowsEachChangeAndAHandEditDropsIt) {
  const Mtg m = Seminar();
  const std::string has_copy =
      "SELECT doc_pb IS NOT NULL FROM meetings.meetings WHERE name = '" + m.name() + "'";
  EXPECT_EQ(server_->db().QueryValue(has_copy), "t");
  Mtg read;
  ASSERT_TRUE(Get(coordinator_, m.name(), &read).ok());
  EXPECT_EQ(read.participants_size(), m.participants_size());
  EXPECT_EQ(server_->db().QueryValue("UPDATE meetings.meetings SET doc = jsonb_set(doc, "
                                     "'{place}', '\"Almaty\"') WHERE name = '" +
                                     m.name() + "' RETURNING doc_pb IS NULL"),
            "t");
  ASSERT_TRUE(Get(coordinator_, m.name(), &read).ok());
  EXPECT_EQ(read.place(), "Almaty");
  EXPECT_EQ(read.title(), m.title());

  mv1::UpdateMeetingRequest up;
  up.mutable_meeting()->set_name(m.name());
  up.mutable_meeting()->set_place("Seoul, IEPR");
  Mtg out;
  ASSERT_TRUE(meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out).ok());
  EXPECT_EQ(server_->db().QueryValue(has_copy), "t");
  ASSERT_TRUE(Get(coordinator_, m.name(), &read).ok());
  EXPECT_EQ(read.place(), "Seoul, IEPR");
}

TEST_F(MeetingsTest, UpdatesHonourEtagsAndStopOnceHeld) {
  const Mtg m = Seminar();
  mv1::UpdateMeetingRequest up;
  up.mutable_meeting()->set_name(m.name());
  up.mutable_meeting()->set_etag(m.etag());
  *up.mutable_meeting()->mutable_start_time() = At(Utc(2025, 11, 11, 16));
  up.mutable_update_mask()->add_paths("start_time");
  Mtg out;
  ASSERT_TRUE(meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out).ok());
  EXPECT_EQ(out.participants(1).local_time().start(), "2025-11-12 01:00");  // Seoul follows
  EXPECT_EQ(meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out).error_code(),
            grpc::StatusCode::ABORTED);  // the etag is stale now
  up.mutable_meeting()->clear_etag();
  *up.mutable_meeting()->mutable_start_time() = At(Utc(2025, 11, 11, 19));  // after the end
  grpc::Status s = meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("meeting.end_time", 0), 0u);
  EXPECT_EQ(meetings_->UpdateMeeting(AuthContext(author_).get(), up, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a participant, not an organiser
  ASSERT_TRUE(Schedule(m.name(), &out).ok());
  ASSERT_TRUE(Hold(m.name(), &out).ok());
  up.mutable_meeting()->set_place("Seoul");
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("place");
  EXPECT_EQ(meetings_->UpdateMeeting(AuthContext(coordinator_).get(), up, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(MeetingsTest, AgendaItemsKeepTheirIdsWhenReordered) {
  Mtg m = Seminar();
  const Rec rec = Draft("Customs corridor");
  Rec submitted;
  ASSERT_TRUE(Submit(author_, rec.name(), &submitted).ok());
  mv1::SetAgendaRequest req;
  req.set_name(m.name());
  for (const char* title : {"Opening", "AI cooperation", "Trade"}) {
    auto* item = req.add_items();
    item->set_title(title);
    item->set_duration_minutes(20);
  }
  req.mutable_items(2)->add_recommendations(rec.name());
  req.mutable_items(1)->set_presenter("people/kim");
  ASSERT_TRUE(meetings_->SetAgenda(AuthContext(coordinator_).get(), req, &m).ok());
  ASSERT_EQ(m.agenda_size(), 3);
  EXPECT_EQ(m.agenda(0).id(), "item-1");
  EXPECT_EQ(m.agenda(2).id(), "item-3");
  // Move "Trade" to the front.
  mv1::SetAgendaRequest reorder;
  reorder.set_name(m.name());
  reorder.set_etag(m.etag());
  *reorder.add_items() = m.agenda(2);
  *reorder.add_items() = m.agenda(0);
  *reorder.add_items() = m.agenda(1);
  ASSERT_TRUE(meetings_->SetAgenda(AuthContext(coordinator_).get(), reorder, &m).ok());
  EXPECT_EQ(m.agenda(0).title(), "Trade");
  EXPECT_EQ(m.agenda(0).id(), "item-3");
  EXPECT_EQ(m.agenda(0).recommendations(0), rec.name());
  EXPECT_EQ(m.agenda(2).presenter(), "people/kim");
  // A stale etag and a link to a recommendation that is not there are refused.
  EXPECT_EQ(meetings_->SetAgenda(AuthContext(coordinator_).get(), reorder, &m).error_code(),
            grpc::StatusCode::ABORTED);
  reorder.clear_etag();
  reorder.mutable_items(0)->add_recommendations("summits/ca-kr-2025/recommendations/rec-99");
  grpc::Status s = meetings_->SetAgenda(AuthContext(coordinator_).get(), reorder, &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("items[0].recommendations[1]", 0), 0u) << s.error_message();
  EXPECT_EQ(meetings_->SetAgenda(AuthContext(author_).get(), req, &m).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MeetingsTest, MinutesAreVersionedAmendedByAttendeesAndFrozen) {
  Mtg m = Seminar();
  Mtg out;
  ASSERT_TRUE(Schedule(m.name(), &out).ok());
  ASSERT_TRUE(Hold(m.name(), &out).ok());
  mv1::MinutesVersion v;
  EXPECT_EQ(Minutes(author_, m.name(), "Not yet", &v).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Minutes(coordinator_, m.name(), "v1 by the organiser", &v).ok());
  EXPECT_EQ(v.version_number(), 1);
  EXPECT_EQ(Minutes(author_, m.name(), "Amended", &v).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // not marked attended
  mv1::RecordAttendanceRequest att;
  att.set_name(m.name());
  (*att.mutable_attendance())["people/aigerim"] = mv1::Participant::ATTENDANCE_ATTENDED;
  (*att.mutable_attendance())["people/kim"] = mv1::Participant::ATTENDANCE_ABSENT;
  ASSERT_TRUE(meetings_->RecordAttendance(AuthContext(coordinator_).get(), att, &out).ok());
  ASSERT_TRUE(Minutes(author_, m.name(), "v2 amended by an attendee", &v).ok());
  EXPECT_EQ(v.version_number(), 2);
  EXPECT_EQ(Minutes(coauthor_, m.name(), "From someone absent", &v).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Approve(m.name(), &out).ok());
  grpc::Status s = Minutes(coordinator_, m.name(), "Too late", &v);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("frozen"), std::string::npos);
  mv1::ListMinutesVersionsRequest list;
  list.set_parent(m.name());
  mv1::ListMinutesVersionsResponse versions;
  ASSERT_TRUE(meetings_->ListMinutesVersions(AuthContext(coauthor_).get(), list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(1).author(), "people/aigerim");
  EXPECT_EQ(versions.versions(0).decisions(0), "Prepare a joint AI research centre proposal");
  list.set_page_size(1);  // one version a page: oldest first, then the end
  ASSERT_TRUE(meetings_->ListMinutesVersions(AuthContext(coauthor_).get(), list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 1);
  EXPECT_EQ(versions.versions(0).version_number(), 1);
  list.set_page_token(versions.next_page_token());
  ASSERT_TRUE(meetings_->ListMinutesVersions(AuthContext(coauthor_).get(), list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 1);
  EXPECT_EQ(versions.versions(0).version_number(), 2);
  EXPECT_EQ(versions.next_page_token(), "");
  EXPECT_THROW(server_->db().QueryValue("UPDATE meetings.minutes SET text = 'x'"), std::exception);
}

TEST_F(MeetingsTest, MyActionItemsAcrossMeetingsOverdueFirst) {
  const Mtg a = Seminar();
  Mtg b;
  ASSERT_TRUE(Create(Valid(Utc(2025, 11, 20, 4), Utc(2025, 11, 20, 5)), &b, "working-group").ok());
  const absl::Time now = server_->clock().Now();
  const auto add = [&](const std::string& meeting, const std::string& title,
                       absl::Duration due_in) {
    mv1::CreateActionItemRequest req;
    req.set_parent(meeting);
    req.mutable_action_item()->set_title(title);
    req.mutable_action_item()->set_assignee("people/aigerim");
    *req.mutable_action_item()->mutable_due_time() = At(now + due_in);
    mv1::ActionItem out;
    Check(meetings_->CreateActionItem(AuthContext(coordinator_).get(), req, &out));
    return out;
  };
  add(a.name(), "Draft the customs annex", absl::Hours(24 * 10));
  const mv1::ActionItem late = add(b.name(), "Send the trade figures", -absl::Hours(24));
  const mv1::ActionItem done = add(a.name(), "Book the hall", absl::Hours(24 * 2));
  mv1::UpdateActionItemStateRequest up;
  up.set_name(done.name());
  up.set_state(mv1::ActionItem::STATE_DONE);
  mv1::ActionItem updated;
  ASSERT_TRUE(meetings_->UpdateActionItemState(AuthContext(author_).get(), up, &updated)
                  .ok());  // the assignee
  EXPECT_EQ(updated.state(), mv1::ActionItem::STATE_DONE);
  mv1::ListMyActionItemsRequest mine;
  mv1::ListMyActionItemsResponse resp;
  ASSERT_TRUE(meetings_->ListMyActionItems(AuthContext(author_).get(), mine, &resp).ok());
  ASSERT_EQ(resp.action_items_size(), 2);  // open ones only
  EXPECT_EQ(resp.action_items(0).name(), late.name());
  EXPECT_TRUE(resp.action_items(0).overdue());
  EXPECT_EQ(resp.action_items(0).meeting_title(), "KISI – IEPR seminar on AI cooperation");
  EXPECT_FALSE(resp.action_items(1).overdue());
  mine.set_include_closed(true);
  ASSERT_TRUE(meetings_->ListMyActionItems(AuthContext(author_).get(), mine, &resp).ok());
  EXPECT_EQ(resp.action_items_size(), 3);
  // One item a page: the same items in the same order, overdue first, each once.
  std::vector<std::string> whole, paged;
  for (const auto& item : resp.action_items()) whole.push_back(item.name());
  mv1::ListMyActionItemsRequest one = mine;
  one.set_page_size(1);
  do {
    ASSERT_TRUE(meetings_->ListMyActionItems(AuthContext(author_).get(), one, &resp).ok());
    for (const auto& item : resp.action_items()) paged.push_back(item.name());
    one.set_page_token(resp.next_page_token());
  } while (!one.page_token().empty() && paged.size() < 10);
  EXPECT_EQ(paged, whole);
  mv1::ListActionItemsRequest of_a;
  of_a.set_parent(a.name());
  of_a.set_page_size(1);
  mv1::ListActionItemsResponse page;
  std::vector<std::string> in_a;
  do {
    ASSERT_TRUE(meetings_->ListActionItems(AuthContext(coordinator_).get(), of_a, &page).ok());
    for (const auto& item : page.action_items()) in_a.push_back(item.title());
    of_a.set_page_token(page.next_page_token());
  } while (!of_a.page_token().empty() && in_a.size() < 10);
  EXPECT_EQ(in_a,
            (std::vector<std::string>{"Book the hall", "Draft the customs annex"}));  // by due
  mine.set_person("people/aigerim");
  EXPECT_EQ(meetings_->ListMyActionItems(AuthContext(coauthor_).get(), mine, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// An hour's meeting of Aigerim (Almaty) and Kim (Seoul) between two instants.
mv1::FindSlotsRequest AigerimAndKimFor(absl::Time from, absl::Time to) {
  mv1::FindSlotsRequest req;
  req.add_participants("people/aigerim");
  req.add_participants("people/kim");
  req.mutable_duration()->set_seconds(3600);
  *req.mutable_from_time() = At(from);
  *req.mutable_to_time() = At(to);
  return req;
}

TEST_F(MeetingsTest, SlotFinderUsesZonesAndMeetings) {
  // Kim already has a meeting 05:00–06:00 UTC on Wednesday 2025-11-12.
  Mtg busy;
  ASSERT_TRUE(Create(Valid(Utc(2025, 11, 12, 5), Utc(2025, 11, 12, 6)), &busy, "busy").ok());
  ASSERT_TRUE(Invite(busy.name(), {"people/kim"}, &busy).ok());
  mv1::FindSlotsRequest req = AigerimAndKimFor(Utc(2025, 11, 12, 0), Utc(2025, 11, 13, 0));
  mv1::FindSlotsResponse resp;
  ASSERT_TRUE(meetings_->FindSlots(AuthContext(coordinator_).get(), req, &resp).ok());
  // Almaty 09–18 (04–13 UTC) and Seoul 09–18 (00–09 UTC) overlap 04–09 UTC, minus 05–06.
  std::vector<std::string> starts;
  for (const auto& s : resp.slots()) starts.push_back(TimeUtil::ToString(s.start_time()));
  EXPECT_EQ(starts, (std::vector<std::string>{"2025-11-12T04:00:00Z", "2025-11-12T06:00:00Z",
                                              "2025-11-12T06:30:00Z", "2025-11-12T07:00:00Z",
                                              "2025-11-12T07:30:00Z", "2025-11-12T08:00:00Z"}));
  ASSERT_EQ(resp.slots(0).local_times_size(), 2);
  EXPECT_EQ(resp.slots(0).local_times(0).start(), "2025-11-12 09:00");
  EXPECT_EQ(resp.slots(0).local_times(1).start(), "2025-11-12 13:00");
  req.add_participants("people/nobody");
  EXPECT_EQ(meetings_->FindSlots(AuthContext(coordinator_).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Each person's own working week (set by themselves in the directory)
// shapes the slots: Kim works 07:00–12:00 Seoul time and has the 12th off.
TEST_F(MeetingsTest, SlotFinderKeepsToEachPersonsWorkingHoursAndDaysOff) {
  dv1::UpdatePersonRequest up;
  up.mutable_person()->set_name("people/kim");
  dv1::WorkingHours* hours = up.mutable_person()->mutable_working_hours();
  hours->set_start("07:00");
  hours->set_end("12:00");
  for (int day : {1, 2, 3, 4, 5}) hours->add_weekdays(day);
  hours->add_days_off("2025-11-12");
  up.mutable_update_mask()->add_paths("working_hours");
  dv1::Person kim;
  ASSERT_TRUE(dir_->UpdatePerson(AuthContext(coauthor_).get(), up, &kim).ok());
  EXPECT_EQ(kim.working_hours().start(), "07:00");
  // Wednesday (Kim's day off) and Thursday.
  mv1::FindSlotsRequest req = AigerimAndKimFor(Utc(2025, 11, 12, 0), Utc(2025, 11, 14, 0));
  mv1::FindSlotsResponse resp;
  ASSERT_TRUE(meetings_->FindSlots(AuthContext(coordinator_).get(), req, &resp).ok());
  // Thursday: Almaty 09–18 is 04–13 UTC; Kim 07–12 Seoul is 22–03 UTC: no
  // overlap but 04:00 UTC is 13:00 Seoul, past Kim's end. Nothing at all.
  EXPECT_EQ(resp.slots_size(), 0);
  // Aigerim works 06:00–10:00 Almaty (01–05 UTC): Thursday 01:00–03:00 UTC fits both.
  up.mutable_person()->set_name("people/aigerim");
  hours->clear_days_off();
  hours->set_start("06:00");
  hours->set_end("10:00");
  dv1::Person aigerim;
  ASSERT_TRUE(dir_->UpdatePerson(AuthContext(author_).get(), up, &aigerim).ok());
  ASSERT_TRUE(meetings_->FindSlots(AuthContext(coordinator_).get(), req, &resp).ok());
  std::vector<std::string> starts;
  for (const auto& s : resp.slots()) starts.push_back(TimeUtil::ToString(s.start_time()));
  EXPECT_EQ(starts, (std::vector<std::string>{"2025-11-13T01:00:00Z", "2025-11-13T01:30:00Z",
                                              "2025-11-13T02:00:00Z"}));
  // Bad hours name the field.
  hours->set_start("9am");
  const grpc::Status bad = dir_->UpdatePerson(AuthContext(author_).get(), up, &aigerim);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(), "person.working_hours.start: must be HH:MM, e.g. 09:00");
  hours->set_start("06:00");
  hours->add_weekdays(8);
  EXPECT_EQ(dir_->UpdatePerson(AuthContext(author_).get(), up, &aigerim).error_message(),
            "person.working_hours.weekdays[5]: must be from 1 (Monday) to 7");
}

TEST_F(MeetingsTest, CalendarExportParsesBackToTheSameInstants) {
  const Mtg m = Seminar();
  mv1::ExportMeetingCalendarRequest req;
  req.set_name(m.name());
  mv1::CalendarFile file;
  ASSERT_TRUE(meetings_->ExportMeetingCalendar(AuthContext(coauthor_).get(), req, &file).ok());
  EXPECT_EQ(file.filename(), "summits-ca-kr-2025-meetings-seminar.ics");
  absl::StatusOr<std::vector<ParsedEvent>> events = ParseIcs(file.content());
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().start_tzid, "Asia/Almaty");
  EXPECT_EQ(events->front().start, Utc(2025, 11, 11, 17));
  EXPECT_EQ(events->front().end, Utc(2025, 11, 11, 18, 30));
  EXPECT_EQ(events->front().properties.at("SUMMARY"), "KISI – IEPR seminar on AI cooperation");
  EXPECT_EQ(events->front().properties.at("LOCATION"), "Astana, KISI");
  mv1::ExportPersonCalendarRequest mine;
  ASSERT_TRUE(meetings_->ExportPersonCalendar(AuthContext(coauthor_).get(), mine, &file).ok());
  events = ParseIcs(file.content());
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
  EXPECT_EQ(
      meetings_->ExportMeetingCalendar(AuthContext(other_expert_).get(), req, &file).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace summit::testing
