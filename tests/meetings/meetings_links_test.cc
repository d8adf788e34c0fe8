// Meetings that give read access: participants read the recommendations on
// the agenda (submitted or later), and a draft only once one of its authors
// shared it for that meeting.
#include "tests/meetings/meetings_test_base.h"

namespace summit::testing {
namespace {

using ::grpc::StatusCode;

class MeetingLinksTest : public MeetingsTest {
 protected:
  void SetUp() override {
    MeetingsTest::SetUp();
    Check(Create(
        Valid(server_->clock().Now() + absl::Hours(48), server_->clock().Now() + absl::Hours(49)),
        &meeting_, "links"));
    Check(Invite(meeting_.name(), {"people/dilnoza"}, &meeting_));
  }

  grpc::Status SetAgenda(const std::vector<std::string>& recs) {
    mv1::SetAgendaRequest req;
    req.set_name(meeting_.name());
    mv1::AgendaItem* item = req.add_items();
    item->set_title("Drafts for the summit");
    item->set_duration_minutes(45);
    for (const std::string& r : recs) item->add_recommendations(r);
    return meetings_->SetAgenda(AuthContext(coordinator_).get(), req, &meeting_);
  }

  grpc::Status Share(const std::string& token, const std::string& rec, const std::string& meeting,
                     Rec* out, bool share = true) {
    if (share) {
      rv1::ShareWithMeetingRequest req;
      req.set_name(rec);
      req.set_meeting(meeting);
      return recs_->ShareWithMeeting(AuthContext(token).get(), req, out);
    }
    rv1::UnshareWithMeetingRequest req;
    req.set_name(rec);
    req.set_meeting(meeting);
    return recs_->UnshareWithMeeting(AuthContext(token).get(), req, out);
  }

  bool Reads(const std::string& token, const std::string& rec) {
    Rec r;
    const grpc::Status s = RecommendationsTest::Get(token, rec, &r);
    EXPECT_TRUE(s.ok() || s.error_code() == StatusCode::NOT_FOUND) << s.error_message();
    return s.ok();
  }

  bool Lists(const std::string& token, const std::string& rec) {
    rv1::ListRecommendationsRequest req;
    req.set_parent("summits/ca-kr-2025");
    rv1::ListRecommendationsResponse resp;
    Check(recs_->ListRecommendations(AuthContext(token).get(), req, &resp));
    for (const Rec& r : resp.recommendations()) {
      if (r.name() == rec) return true;
    }
    return false;
  }

  Mtg meeting_;
};

TEST_F(MeetingLinksTest, ParticipantsReadTheRecommendationsOnTheAgenda) {
  Rec rec = Draft();
  Check(Submit(author_, rec.name(), &rec));
  // dilnoza takes part; yerlan does not.
  EXPECT_FALSE(Reads(other_expert_, rec.name()));
  ASSERT_TRUE(SetAgenda({rec.name()}).ok());
  EXPECT_TRUE(Reads(other_expert_, rec.name()));
  EXPECT_TRUE(Lists(other_expert_, rec.name()));
  rv1::GetVersionRequest version;
  version.set_name(rec.name() + "/versions/1");
  rv1::RecommendationVersion v;
  EXPECT_TRUE(recs_->GetVersion(AuthContext(other_expert_).get(), version, &v).ok());
  EXPECT_FALSE(Reads(same_org_, rec.name()));
  EXPECT_FALSE(Lists(same_org_, rec.name()));

  // Off the agenda, the access goes with it; back on, it returns.
  ASSERT_TRUE(SetAgenda({}).ok());
  EXPECT_FALSE(Reads(other_expert_, rec.name()));
  ASSERT_TRUE(SetAgenda({rec.name()}).ok());
  EXPECT_TRUE(Reads(other_expert_, rec.name()));
  // A participant invited later reads it too; a cancelled meeting gives nothing.
  Check(Invite(meeting_.name(), {"people/yerlan"}, &meeting_));
  EXPECT_TRUE(Reads(same_org_, rec.name()));
  Check(Cancel(meeting_.name(), &meeting_));
  EXPECT_FALSE(Reads(other_expert_, rec.name()));
  EXPECT_FALSE(Reads(same_org_, rec.name()));
}

TEST_F(MeetingLinksTest, ADraftIsReadOnlyOnceAnAuthorSharesItForThatMeeting) {
  const Rec draft = Draft();
  // Not shared: it cannot even go on the agenda.
  grpc::Status s = SetAgenda({draft.name()});
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("items[0].recommendations[0]"), std::string::npos)
      << s.error_message();

  Rec shared;
  ASSERT_TRUE(Share(coauthor_, draft.name(), meeting_.name(), &shared).ok());
  ASSERT_EQ(shared.shared_with_meetings_size(), 1);
  EXPECT_EQ(shared.shared_with_meetings(0), meeting_.name());
  EXPECT_FALSE(Reads(other_expert_, draft.name()));  // shared, not yet on the agenda
  ASSERT_TRUE(SetAgenda({draft.name()}).ok());
  EXPECT_TRUE(Reads(other_expert_, draft.name()));
  EXPECT_TRUE(Lists(other_expert_, draft.name()));
  // Who else it is shared with is for its authors and coordinators.
  Rec seen;
  ASSERT_TRUE(RecommendationsTest::Get(other_expert_, draft.name(), &seen).ok());
  EXPECT_EQ(seen.shared_with_meetings_size(), 0);
  // The organiser reads it as one of the meeting; outside it, nobody new.
  EXPECT_TRUE(Reads(coordinator_, draft.name()));
  EXPECT_FALSE(Reads(same_org_, draft.name()));
  EXPECT_FALSE(Reads(observer_, draft.name()));

  // Only authors share; a meeting of another summit is refused.
  Rec out;
  EXPECT_EQ(Share(other_expert_, draft.name(), meeting_.name(), &out).error_code(),
            StatusCode::PERMISSION_DENIED);
  s = Share(author_, draft.name(), "summits/other/meetings/m1", &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("meeting"), std::string::npos) << s.error_message();

  // Unshared, it is the authors' again; every change was audited.
  ASSERT_TRUE(Share(author_, draft.name(), meeting_.name(), &out, false).ok());
  EXPECT_EQ(out.shared_with_meetings_size(), 0);
  EXPECT_FALSE(Reads(other_expert_, draft.name()));
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.events WHERE type LIKE "
                  "'recommendations.meeting_share.%' AND resource = '" +
                  draft.name() + "'"),
            2);
}

TEST_F(MeetingLinksTest, DecisionsAndActionItemsNameAgendaRecommendations) {
  Rec rec = Draft();
  Check(Submit(author_, rec.name(), &rec));
  Rec other = Draft("Not discussed");
  Check(Submit(author_, other.name(), &other));
  ASSERT_TRUE(SetAgenda({rec.name()}).ok());

  // An action item about a recommendation on the agenda; not about one off it.
  mv1::CreateActionItemRequest item;
  item.set_parent(meeting_.name());
  item.mutable_action_item()->set_title("Send the customs figures");
  item.mutable_action_item()->set_assignee("people/dilnoza");
  *item.mutable_action_item()->mutable_due_time() =
      At(server_->clock().Now() + absl::Hours(24 * 7));
  item.mutable_action_item()->add_recommendations(other.name());
  mv1::ActionItem created;
  grpc::Status s = meetings_->CreateActionItem(AuthContext(coordinator_).get(), item, &created);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("action_item.recommendations[0]"), std::string::npos)
      << s.error_message();
  item.mutable_action_item()->set_recommendations(0, rec.name());
  ASSERT_TRUE(meetings_->CreateActionItem(AuthContext(coordinator_).get(), item, &created).ok());
  ASSERT_EQ(created.recommendations_size(), 1);
  EXPECT_EQ(created.recommendations(0), rec.name());

  // Minutes: decisions naming the recommendation, beside plain ones.
  Check(Schedule(meeting_.name(), &meeting_));
  server_->clock().Advance(absl::Hours(49));
  Check(Hold(meeting_.name(), &meeting_));
  mv1::CreateMinutesVersionRequest minutes;
  minutes.set_parent(meeting_.name());
  minutes.mutable_minutes()->set_text("Discussed the customs corridor.");
  mv1::Decision* approve = minutes.mutable_minutes()->add_linked_decisions();
  approve->set_text("Recommend the corridor for the summit");
  approve->add_recommendations(other.name());
  minutes.mutable_minutes()->add_linked_decisions()->set_text("Meet again in March");
  mv1::MinutesVersion v;
  s = meetings_->CreateMinutesVersion(AuthContext(coordinator_).get(), minutes, &v);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("minutes.linked_decisions[0].recommendations[0]"),
            std::string::npos)
      << s.error_message();
  approve->set_recommendations(0, rec.name());
  ASSERT_TRUE(meetings_->CreateMinutesVersion(AuthContext(coordinator_).get(), minutes, &v).ok());
  ASSERT_EQ(v.linked_decisions_size(), 2);
  EXPECT_EQ(v.linked_decisions(0).recommendations(0), rec.name());
  EXPECT_EQ(v.linked_decisions(1).recommendations_size(), 0);
  // Clients that read only the texts still find them.
  ASSERT_EQ(v.decisions_size(), 2);
  EXPECT_EQ(v.decisions(0), "Recommend the corridor for the summit");
  // Texts and linked decisions together are ambiguous.
  minutes.mutable_minutes()->add_decisions("Also this");
  s = meetings_->CreateMinutesVersion(AuthContext(coordinator_).get(), minutes, &v);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);

  // The meetings a recommendation was on, found from the recommendation.
  mv1::ListMeetingsRequest list;
  list.set_parent("summits/ca-kr-2025");
  list.set_recommendation(rec.name());
  mv1::ListMeetingsResponse found;
  ASSERT_TRUE(meetings_->ListMeetings(AuthContext(coordinator_).get(), list, &found).ok());
  ASSERT_EQ(found.meetings_size(), 1);
  EXPECT_EQ(found.meetings(0).name(), meeting_.name());
  list.set_recommendation(other.name());
  ASSERT_TRUE(meetings_->ListMeetings(AuthContext(coordinator_).get(), list, &found).ok());
  EXPECT_EQ(found.meetings_size(), 0);
}

}  // namespace
}  // namespace summit::testing
