// What the feed shows each caller: only events about what they may see, with
// blind review holding; and its filters and refusals.
#include "absl/strings/match.h"
#include "tests/feed/feed_test_base.h"

namespace summit::testing {
namespace {

class FeedVisibilityTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    draft_ = Draft("Private draft on water").name();
    reviewed_ = Submitted("Digital customs corridor").name();
    cycle_ = OpenCycle(reviewed_).name();  // single blind
    Deliver();
    Reviewed(cycle_, "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
    Reviewed(cycle_, "people/lee", lee_, wv1::Review::VERDICT_APPROVE);
    Deliver();
    wv1::ReviewCycle decided;
    Check(Decide(coordinator_, cycle_, wv1::Decision::OUTCOME_APPROVE, &decided));
    Deliver();
  }

  static std::vector<fv1::Event> Under(const std::vector<fv1::Event>& events,
                                       const std::string& prefix) {
    std::vector<fv1::Event> out;
    for (const fv1::Event& e : events) {
      if (absl::StartsWith(e.resource(), prefix)) out.push_back(e);
    }
    return out;
  }

  static bool HasType(const std::vector<fv1::Event>& events, const std::string& type) {
    return std::any_of(events.begin(), events.end(),
                       [&](const fv1::Event& e) { return e.type() == type; });
  }

  std::string draft_, reviewed_, cycle_;
};

TEST_F(FeedVisibilityTest, ACoordinatorSeesTheReviewButNotSomeoneElsesDraft) {
  const std::vector<fv1::Event> events = ListAll(coordinator_);
  EXPECT_TRUE(Under(events, draft_).empty()) << Everything(Under(events, draft_));
  EXPECT_TRUE(HasType(events, "recommendations.reviewers.set"));
  EXPECT_TRUE(HasType(events, "reviews.assignment.accepted"));
  EXPECT_TRUE(HasType(events, "reviews.review.submitted"));
  EXPECT_NE(Everything(events).find("people/serik"), std::string::npos);
  for (const fv1::Event& e : Under(events, cycle_)) {
    EXPECT_FALSE(e.payload_withheld()) << e.DebugString();
    EXPECT_EQ(e.summit(), "summits/ca-kr-2025");
  }
}

TEST_F(FeedVisibilityTest, AnAuthorNeverLearnsWhoReviewed) {
  const std::vector<fv1::Event> events = ListAll(author_);
  // Their own draft's history is theirs to see.
  EXPECT_TRUE(HasType(Under(events, draft_), "recommendations.recommendation.created"));
  // Of the review: only that the cycle was opened and decided, no payload.
  const std::vector<fv1::Event> review = Under(events, cycle_);
  ASSERT_EQ(review.size(), 2u) << Everything(review);
  EXPECT_EQ(review[0].type(), "reviews.cycle.opened");
  EXPECT_EQ(review[1].type(), "reviews.cycle.decided");
  for (const fv1::Event& e : review) {
    EXPECT_TRUE(e.payload_withheld());
    EXPECT_FALSE(e.has_after());
  }
  EXPECT_FALSE(HasType(events, "recommendations.reviewers.set"));
  const std::string all = Everything(events);
  for (const char* secret : {"people/serik", "people/lee", "serik", "Borderline on feasibility"}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  }
}

TEST_F(FeedVisibilityTest, AReviewerSeesTheirOwnPartOnly) {
  const std::vector<fv1::Event> events = ListAll(serik_);
  const std::vector<fv1::Event> review = Under(events, cycle_);
  EXPECT_TRUE(HasType(review, "reviews.assignment.created"));
  EXPECT_TRUE(HasType(review, "reviews.review.submitted"));
  for (const fv1::Event& e : review) {
    EXPECT_EQ(e.DebugString().find("people/lee"), std::string::npos) << e.DebugString();
  }
  EXPECT_TRUE(Under(events, draft_).empty());
  EXPECT_FALSE(HasType(events, "recommendations.reviewers.set"));
}

TEST_F(FeedVisibilityTest, AnUninvolvedExpertSeesNoReviewAndNoDraft) {
  const std::vector<fv1::Event> events = ListAll(other_expert_);
  EXPECT_TRUE(Under(events, draft_).empty());
  EXPECT_TRUE(Under(events, cycle_).empty()) << Everything(Under(events, cycle_));
  EXPECT_FALSE(HasType(events, "recommendations.reviewers.set"));
  // Not others' people records either, but the summit's own events.
  EXPECT_TRUE(Under(events, "people/aigerim").empty());
  EXPECT_FALSE(Under(events, "summits/ca-kr-2025/tracks/").empty());
  // The approved recommendation is public now, and so is its history.
  EXPECT_FALSE(Under(events, reviewed_).empty());
}

TEST_F(FeedTest, ADoubleBlindReviewerSeesTheAuthorsActionsWithoutTheirNames) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1, wv1::BLIND_MODE_DOUBLE_BLIND);
  wv1::Assignment a;
  Check(Assign(cycle.name(), "people/serik", &a));
  Deliver();
  fv1::EventFilter about;
  about.set_resource(rec.name());
  const std::vector<fv1::Event> events = ListAll(serik_, about);
  bool saw_submission = false;
  for (const fv1::Event& e : events) {
    if (e.type() == "recommendations.recommendation.submitted") {
      saw_submission = true;
      EXPECT_EQ(e.actor(), "");
      EXPECT_TRUE(e.payload_withheld());
    }
  }
  EXPECT_TRUE(saw_submission) << Everything(events);
  const std::string all = Everything(events);
  for (const char* secret : {"people/aigerim", "people/kim", "organizations/kisi", "KZ"}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret << " leaked:\n" << all;
  }
  // Asking by actor finds nothing of the work: that would tell who wrote it.
  about.set_actor("people/aigerim");
  EXPECT_TRUE(ListAll(serik_, about).empty());
  EXPECT_FALSE(ListAll(coordinator_, about).empty());
}

TEST_F(FeedVisibilityTest, AWatchHidesTheSameEvents) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", author_));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1500));
  fv1::WatchEventsRequest req;
  req.set_from_beginning(true);
  auto reader = feed_->WatchEvents(&ctx, req);
  std::vector<fv1::Event> watched;
  fv1::Event e;
  while (reader->Read(&e)) watched.push_back(e);
  EXPECT_EQ(Under(watched, cycle_).size(), 2u);
  EXPECT_EQ(Everything(watched).find("people/serik"), std::string::npos);
  EXPECT_FALSE(Under(watched, draft_).empty());
}

TEST_F(FeedVisibilityTest, FiltersNarrowTheFeed) {
  fv1::EventFilter by_type;
  by_type.set_type_prefix("reviews.cycle.");
  const std::vector<fv1::Event> cycles = ListAll(coordinator_, by_type);
  ASSERT_EQ(cycles.size(), 2u);
  for (const fv1::Event& e : cycles) EXPECT_TRUE(absl::StartsWith(e.type(), "reviews.cycle."));

  fv1::EventFilter by_actor;
  by_actor.set_actor("people/serik");
  const std::vector<fv1::Event> serik = ListAll(coordinator_, by_actor);
  ASSERT_EQ(serik.size(), 2u);  // accepted, submitted
  for (const fv1::Event& e : serik) EXPECT_EQ(e.actor(), "people/serik");

  fv1::EventFilter by_resource;
  by_resource.set_resource(reviewed_);
  for (const fv1::Event& e : ListAll(coordinator_, by_resource)) {
    EXPECT_TRUE(e.resource() == reviewed_ || absl::StartsWith(e.resource(), reviewed_ + "/"));
  }

  fv1::EventFilter by_summit;
  by_summit.set_summit("summits/ca-kr-2025");
  const std::vector<fv1::Event> summit = ListAll(coordinator_, by_summit);
  EXPECT_FALSE(summit.empty());
  for (const fv1::Event& e : summit) EXPECT_EQ(e.summit(), "summits/ca-kr-2025");

  fv1::EventFilter in_the_past;
  *in_the_past.mutable_end_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1000);
  EXPECT_TRUE(ListAll(coordinator_, in_the_past).empty());
  fv1::EventFilter since_then;
  *since_then.mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1000);
  EXPECT_EQ(ListAll(coordinator_, since_then).size(), ListAll(coordinator_).size());
}

TEST_F(FeedVisibilityTest, BadRequestsAreRefusedNamingTheField) {
  fv1::ListEventsRequest req;
  fv1::ListEventsResponse resp;
  EXPECT_EQ(feed_->ListEvents(AuthContext("").get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  req.mutable_filter()->set_summit("ca-kr-2025");
  grpc::Status s = feed_->ListEvents(AuthContext(coordinator_).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "filter.summit")) << s.error_message();

  req.clear_filter();
  *req.mutable_filter()->mutable_start_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(2000);
  *req.mutable_filter()->mutable_end_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1000);
  s = feed_->ListEvents(AuthContext(coordinator_).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "filter.end_time")) << s.error_message();

  req.clear_filter();
  req.set_page_token("not-a-cursor");
  s = feed_->ListEvents(AuthContext(coordinator_).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "page_token")) << s.error_message();

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  auto reader = feed_->WatchEvents(&ctx, fv1::WatchEventsRequest());
  fv1::Event e;
  EXPECT_FALSE(reader->Read(&e));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(FeedVisibilityTest, AWatchEndsWhenTheWatchersTokenIsRevoked) {
  const std::string token = server_->TokenFor("people/dana");
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto reader = feed_->WatchEvents(&ctx, fv1::WatchEventsRequest());
  reader->WaitForInitialMetadata();

  dv1::WhoAmIResponse who;
  Check(dir_->WhoAmI(AuthContext(token).get(), dv1::WhoAmIRequest(), &who));
  dv1::RevokeCredentialRequest revoke;
  revoke.set_name(who.credential());
  dv1::Credential revoked;
  Check(dir_->RevokeCredential(AuthContext(server_->admin_token()).get(), revoke, &revoked));

  fv1::Event e;
  while (reader->Read(&e)) {
  }
  const grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

}  // namespace
}  // namespace summit::testing
