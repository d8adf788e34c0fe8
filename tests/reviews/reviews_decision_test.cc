// Decisions: who decides, one winner among concurrent deciders, delivery
// through the outbox across a restart of the recommendations service, and
// the status board on a seeded summit.
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

TEST_F(ReviewsTest, ADecisionNeedsTheReviewsAndANonAuthorCoordinator) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 2);
  wv1::ReviewCycle out;
  grpc::Status s = Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("needs 2 submitted reviews"), std::string::npos);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Reviewed(cycle.name(), "people/dilnoza", other_expert_, wv1::Review::VERDICT_MAJOR_CHANGES);
  EXPECT_EQ(Decide(author_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A reviewer knows the cycle but may not decide it.
  EXPECT_EQ(Decide(serik_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_REQUEST_CHANGES, &out).ok());
  EXPECT_EQ(out.state(), wv1::ReviewCycle::STATE_DECIDED);
  EXPECT_EQ(out.decision().decider(), "people/dana");
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_CHANGES_REQUESTED);

  // Round 2 after a new version reviews that version.
  rv1::CreateVersionRequest v;
  v.set_parent(rec.name());
  *v.mutable_version() = Text("Digital customs corridor", "Revised", "With costs.", "en");
  rv1::RecommendationVersion v2;
  ASSERT_TRUE(recs_->CreateVersion(AuthContext(author_).get(), v, &v2).ok());
  Rec r;
  ASSERT_TRUE(Submit(author_, rec.name(), &r).ok());
  const wv1::ReviewCycle round2 = OpenCycle(rec.name(), 1);
  EXPECT_EQ(round2.round(), 2);
  EXPECT_EQ(round2.reviewed_version(), 2);
  // The first round's reviews stay readable.
  wv1::ListReviewsRequest first_round;
  first_round.set_parent(cycle.name());
  wv1::ListReviewsResponse old;
  ASSERT_TRUE(reviews_->ListReviews(AuthContext(coordinator_).get(), first_round, &old).ok());
  ASSERT_EQ(old.reviews_size(), 2);
  EXPECT_EQ(old.reviews(0).round(), 1);
}

// Two replicas deliver the same outbox at once: every row goes out exactly
// once, and no lease is left behind.
TEST_F(ReviewsTest, TwoDeliverersShareTheOutboxAndEachRowGoesOutOnce) {
  std::vector<std::string> recs;
  for (int i = 0; i < 6; ++i) {
    const Rec rec = Submitted(absl::StrCat("Corridor ", i));
    recs.push_back(rec.name());
    OpenCycle(rec.name(), 1);  // one 'state' row each: to IN_REVIEW
  }
  std::unique_ptr<SummitServer> replica = server_->StartReplica();
  std::thread other([&] { replica->RunPendingWork(); });
  server_->server().RunPendingWork();
  other.join();
  server_->server().RunPendingWork();  // whatever the other lease left
  replica->RunPendingWork();
  EXPECT_EQ(
      server_->db().QueryValue("SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL"),
      "0");
  EXPECT_EQ(
      server_->db().QueryValue("SELECT count(*) FROM reviews.outbox WHERE claimed_by IS NOT NULL"),
      "0");
  // Each event applied once on the receiving side, by its event id.
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM recommendations.applied_events"),
            server_->db().QueryValue("SELECT count(*) FROM reviews.outbox"));
  for (const std::string& rec : recs) EXPECT_EQ(StateOf(rec), Rec::STATE_IN_REVIEW) << rec;
}

// A cycle's assignments, its reviews and a recommendation's rounds page one
// item at a time to the same list, in the same order, each item once.
TEST_F(ReviewsTest, CyclesAssignmentsAndReviewsPageThroughEveryItem) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 2);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Reviewed(cycle.name(), "people/dilnoza", other_expert_, wv1::Review::VERDICT_MINOR_CHANGES);
  wv1::Assignment third;
  Check(Assign(cycle.name(), "people/lee", &third));
  const auto names = [](const auto& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.name());
    return out;
  };
  // Whole, then one a page, as the coordinator.
  const auto paged = [&](auto request, auto call, auto items_of) {
    std::vector<std::string> all;
    request.set_page_size(1);
    int pages = 0;
    do {
      auto response = call(request);
      const std::vector<std::string> page = names(items_of(response));
      EXPECT_LE(page.size(), 1u);
      all.insert(all.end(), page.begin(), page.end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty() && ++pages < 10);
    return all;
  };
  wv1::ListAssignmentsRequest assignments;
  assignments.set_parent(cycle.name());
  const auto list_assignments = [&](const wv1::ListAssignmentsRequest& r) {
    wv1::ListAssignmentsResponse out;
    Check(reviews_->ListAssignments(AuthContext(coordinator_).get(), r, &out));
    return out;
  };
  const auto whole_assignments = names(list_assignments(assignments).assignments());
  EXPECT_EQ(whole_assignments.size(), 3u);
  EXPECT_EQ(paged(assignments, list_assignments, [](const auto& r) { return r.assignments(); }),
            whole_assignments);

  wv1::ListReviewsRequest reviews;
  reviews.set_parent(cycle.name());
  const auto list_reviews = [&](const wv1::ListReviewsRequest& r) {
    wv1::ListReviewsResponse out;
    Check(reviews_->ListReviews(AuthContext(coordinator_).get(), r, &out));
    return out;
  };
  const auto whole_reviews = names(list_reviews(reviews).reviews());
  EXPECT_EQ(whole_reviews.size(), 2u);
  EXPECT_EQ(paged(reviews, list_reviews, [](const auto& r) { return r.reviews(); }), whole_reviews);

  wv1::ReviewCycle decided;
  Check(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_REQUEST_CHANGES, &decided));
  Deliver();
  rv1::CreateVersionRequest v;
  v.set_parent(rec.name());
  *v.mutable_version() = Text("Digital customs corridor", "Revised", "With costs.", "en");
  rv1::RecommendationVersion v2;
  Check(recs_->CreateVersion(AuthContext(author_).get(), v, &v2));
  Rec r;
  Check(Submit(author_, rec.name(), &r));
  OpenCycle(rec.name(), 1);
  wv1::ListReviewCyclesRequest cycles;
  cycles.set_parent(rec.name());
  const auto list_cycles = [&](const wv1::ListReviewCyclesRequest& req) {
    wv1::ListReviewCyclesResponse out;
    Check(reviews_->ListReviewCycles(AuthContext(coordinator_).get(), req, &out));
    return out;
  };
  const auto whole_cycles = names(list_cycles(cycles).review_cycles());
  EXPECT_EQ(whole_cycles.size(), 2u);
  EXPECT_EQ(paged(cycles, list_cycles, [](const auto& c) { return c.review_cycles(); }),
            whole_cycles);
}

TEST_F(ReviewsTest, OfTwoConcurrentDecisionsExactlyOneWins) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  {
    grpc::Status first, second;
    wv1::ReviewCycle a, b;
    std::thread t1(
        [&] { first = Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &a); });
    std::thread t2(
        [&] { second = Decide(coordinator2_, cycle.name(), wv1::Decision::OUTCOME_REJECT, &b); });
    t1.join();
    t2.join();
    EXPECT_NE(first.ok(), second.ok()) << first.error_message() << " / " << second.error_message();
    const grpc::Status& loser = first.ok() ? second : first;
    EXPECT_EQ(loser.error_code(), grpc::StatusCode::ABORTED);
    EXPECT_NE(loser.error_message().find("already decided by"), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM reviews.outbox WHERE kind = 'state' AND target_state <> "
                  "'STATE_IN_REVIEW'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM reviews.events WHERE type = 'reviews.cycle.decided'"), 1);
}

TEST_F(ReviewsTest, TheOutboxKeepsOrderAndRedeliveryChangesNothing) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  wv1::ReviewCycle out;
  ASSERT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &out).ok());
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_APPROVED);
  EXPECT_EQ(Count("SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL"), 0);
  // Pretend the acknowledgements were lost: everything is sent again.
  server_->db().QueryValue("UPDATE reviews.outbox SET delivered_time = NULL");
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_APPROVED);
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.events WHERE type = "
                  "'recommendations.recommendation.approved'"),
            1);
}

// The reviews service runs in one process, the recommendations service in
// another; the latter stops, a decision is taken, and it arrives once the
// recommendations service is back.
TEST(ReviewsDelivery, DecisionArrivesAfterTheRecommendationsServiceRestarts) {
  auto dir = TestServer::Start(4, "directory");
  const std::string dir_address = dir->address();
  auto recs_server = dir->StartReplica("recommendations", {{"directory", dir_address}});
  const int recs_port = recs_server->port();
  const std::string recs_address = absl::StrCat("127.0.0.1:", recs_port);
  auto reviews_server =
      dir->StartReplica("reviews", {{"directory", dir_address}, {"recommendations", recs_address}});

  dir->MakeOrganization("kisi", "KZ");
  dir->MakeOrganization("cerr", "UZ");
  const std::string author = dir->MakePerson("aigerim", {dv1::ROLE_EXPERT}, "organizations/kisi");
  const std::string reviewer = dir->MakePerson("dilnoza", {dv1::ROLE_EXPERT}, "organizations/cerr");
  const std::string coordinator =
      dir->MakePerson("dana", {dv1::ROLE_COORDINATOR}, "organizations/cerr");
  dv1::CreateSummitRequest cs;
  cs.set_summit_id("s");
  cs.mutable_summit()->set_display_name("S");
  cs.mutable_summit()->set_start_date("2025-12-01");
  cs.mutable_summit()->set_end_date("2025-12-02");
  cs.mutable_summit()->set_time_zone("Asia/Seoul");
  cs.mutable_summit()->add_languages("en");
  dv1::Summit summit;
  ASSERT_TRUE(dir->DirectoryStub()->CreateSummit(AuthContext(coordinator).get(), cs, &summit).ok());
  dv1::CreateTrackRequest ct;
  ct.set_parent("summits/s");
  ct.set_track_id("ai");
  ct.mutable_track()->set_display_name("AI");
  dv1::Track track;
  ASSERT_TRUE(dir->DirectoryStub()->CreateTrack(AuthContext(coordinator).get(), ct, &track).ok());

  auto channel_to = [](const std::string& address) {
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  };
  auto recs = rv1::RecommendationService::NewStub(channel_to(recs_address));
  auto reviews =
      wv1::ReviewService::NewStub(channel_to(absl::StrCat("127.0.0.1:", reviews_server->port())));
  rv1::CreateRecommendationRequest cr;
  cr.set_parent("summits/s");
  cr.mutable_recommendation()->set_track("summits/s/tracks/ai");
  cr.mutable_first_version()->set_title("T");
  cr.mutable_first_version()->set_summary("S");
  cr.mutable_first_version()->set_body("B");
  cr.mutable_first_version()->set_language("en");
  Rec rec;
  ASSERT_TRUE(recs->CreateRecommendation(AuthContext(author).get(), cr, &rec).ok());
  rv1::SubmitRecommendationRequest sr;
  sr.set_name(rec.name());
  ASSERT_TRUE(recs->SubmitRecommendation(AuthContext(author).get(), sr, &rec).ok());

  wv1::OpenReviewCycleRequest open;
  open.set_parent(rec.name());
  open.mutable_policy()->set_required_reviews(1);
  wv1::ReviewCycle cycle;
  ASSERT_TRUE(reviews->OpenReviewCycle(AuthContext(coordinator).get(), open, &cycle).ok());
  wv1::CreateAssignmentRequest ca;
  ca.set_parent(cycle.name());
  ca.set_reviewer("people/dilnoza");
  wv1::Assignment a;
  ASSERT_TRUE(reviews->CreateAssignment(AuthContext(coordinator).get(), ca, &a).ok());
  wv1::RespondToAssignmentRequest accept;
  accept.set_name(a.name());
  accept.set_accept(true);
  ASSERT_TRUE(reviews->RespondToAssignment(AuthContext(reviewer).get(), accept, &a).ok());
  wv1::SubmitReviewRequest review;
  review.set_parent(a.name());
  review.mutable_review()->set_verdict(wv1::Review::VERDICT_APPROVE);
  review.mutable_review()->mutable_scores()->set_relevance(5);
  review.mutable_review()->mutable_scores()->set_feasibility(5);
  review.mutable_review()->mutable_scores()->set_impact(5);
  review.mutable_review()->set_comments_to_authors("Yes.");
  wv1::Review rv;
  ASSERT_TRUE(reviews->SubmitReview(AuthContext(reviewer).get(), review, &rv).ok());
  reviews_server->RunPendingWork();
  const auto state = [&] {
    return dir->db().QueryValue("SELECT state FROM recommendations.recommendations WHERE name = '" +
                                rec.name() + "'");
  };
  ASSERT_EQ(state(), "STATE_IN_REVIEW");

  recs_server->Shutdown(absl::Seconds(1));
  recs_server.reset();
  wv1::DecideReviewCycleRequest decide;
  decide.set_name(cycle.name());
  decide.set_outcome(wv1::Decision::OUTCOME_APPROVE);
  decide.set_rationale("One clear approval.");
  ASSERT_TRUE(reviews->DecideReviewCycle(AuthContext(coordinator).get(), decide, &cycle).ok());
  reviews_server->RunPendingWork();  // the recommendations service is down
  EXPECT_EQ(state(), "STATE_IN_REVIEW");
  EXPECT_EQ(
      dir->db().QueryValue("SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL"),
      "1");
  EXPECT_NE(
      dir->db().QueryValue("SELECT attempts FROM reviews.outbox WHERE delivered_time IS NULL"),
      "0");

  recs_server = dir->StartReplica("recommendations", {{"directory", dir_address}}, recs_address);
  // The channel reconnects on its own; a round or two of delivery gets through.
  for (int i = 0; i < 50 && state() != "STATE_APPROVED"; ++i) {
    reviews_server->RunPendingWork();
    if (state() != "STATE_APPROVED") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(state(), "STATE_APPROVED");
  EXPECT_EQ(
      dir->db().QueryValue("SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL"),
      "0");
  reviews_server->Shutdown(absl::Seconds(1));
  recs_server->Shutdown(absl::Seconds(1));
}

TEST_F(ReviewsTest, StatusBoardFiguresOnASeededSummit) {
  // REC-1: decided with conflicting reviews; REC-2: waiting on reviewers;
  // REC-3: submitted, waiting for a cycle; REC-4: a draft (not counted).
  const Rec one = Submitted("One");
  const wv1::ReviewCycle c1 = OpenCycle(one.name(), 2);
  Reviewed(c1.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Reviewed(c1.name(), "people/dilnoza", other_expert_, wv1::Review::VERDICT_REJECT);
  wv1::ReviewCycle decided;
  ASSERT_TRUE(Decide(coordinator_, c1.name(), wv1::Decision::OUTCOME_REJECT, &decided).ok());
  const Rec two = Submitted("Two");
  const wv1::ReviewCycle c2 = OpenCycle(two.name(), 2);
  wv1::Assignment late, fine;
  ASSERT_TRUE(Assign(c2.name(), "people/lee", &late, absl::Hours(1)).ok());
  ASSERT_TRUE(Assign(c2.name(), "people/serik", &fine, absl::Hours(72)).ok());
  const Rec three = Submitted("Three");
  Draft("Four");
  Deliver();
  server_->clock().Advance(absl::Hours(2));

  wv1::GetStatusBoardRequest req;
  req.set_summit("summits/ca-kr-2025");
  wv1::StatusBoard board;
  ASSERT_TRUE(reviews_->GetStatusBoard(AuthContext(coordinator_).get(), req, &board).ok());
  std::map<std::string, int> counts;
  for (const auto& c : board.counts()) counts[c.state()] += c.count();
  EXPECT_EQ(counts,
            (std::map<std::string, int>{{"rejected", 1}, {"in_review", 1}, {"submitted", 1}}));
  ASSERT_EQ(board.items_size(), 3);
  std::map<std::string, const wv1::StatusBoard::Item*> items;
  for (const auto& i : board.items()) items[i.number()] = &i;
  EXPECT_EQ(items["REC-1"]->agreement(), wv1::AGREEMENT_CONFLICTING);
  EXPECT_EQ(items["REC-1"]->waiting_on(), wv1::WAITING_ON_NOBODY);
  EXPECT_EQ(items["REC-2"]->waiting_on(), wv1::WAITING_ON_REVIEWERS);
  EXPECT_EQ(items["REC-2"]->agreement(), wv1::AGREEMENT_NONE);
  EXPECT_EQ(items["REC-3"]->waiting_on(), wv1::WAITING_ON_COORDINATORS);
  ASSERT_EQ(board.overdue_size(), 1);
  EXPECT_EQ(board.overdue(0).reviewer(), "people/lee");
  EXPECT_EQ(board.overdue(0).overdue(), wv1::Assignment::OVERDUE_RESPONSE);
  std::map<std::string, std::tuple<int, int, int>> countries;
  for (const auto& c : board.countries()) {
    countries[c.country_code()] = {c.recommendations(), c.reviews_submitted(),
                                   c.assignments_open()};
  }
  EXPECT_EQ(countries["KZ"],
            std::make_tuple(3, 1, 1));  // 3 KISI recommendations; serik reviewed, serik invited
  EXPECT_EQ(countries["UZ"], std::make_tuple(0, 1, 0));  // dilnoza reviewed
  EXPECT_EQ(countries["KR"], std::make_tuple(0, 0, 1));  // lee invited
  EXPECT_EQ(reviews_->GetStatusBoard(AuthContext(author_).get(), req, &board).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace summit::testing
