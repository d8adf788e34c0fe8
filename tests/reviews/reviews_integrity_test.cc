// The review process cannot be bypassed: deciders answer to the conflict
// rules, cross-country balance holds at the decision, a cycle list says
// NOT_FOUND to whoever may not see the work, double-blind reviewers never
// learn who wrote it, and an effect refused for good stays visible.
#include "absl/strings/match.h"
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

class ReviewIntegrityTest : public ReviewsTest {
 protected:
  void SetUp() override {
    ReviewsTest::SetUp();
    // A coordinator at KISI, the organisation of Draft()'s first author.
    kisi_coordinator_ =
        server_->MakePerson("altynai", {dv1::ROLE_COORDINATOR}, "organizations/kisi");
  }

  grpc::Status Cancel(const std::string& token, const std::string& cycle) {
    wv1::CancelReviewCycleRequest req;
    req.set_name(cycle);
    req.set_reason("Wrong reviewers");
    wv1::ReviewCycle out;
    return reviews_->CancelReviewCycle(AuthContext(token).get(), req, &out);
  }

  grpc::Status ListCycles(const std::string& token, const std::string& rec,
                          wv1::ListReviewCyclesResponse* out) {
    wv1::ListReviewCyclesRequest req;
    req.set_parent(rec);
    return reviews_->ListReviewCycles(AuthContext(token).get(), req, out);
  }

  std::string kisi_coordinator_;
};

TEST_F(ReviewIntegrityTest, ACoordinatorFromAnAuthorsOrganisationNeitherOpensNorDecides) {
  const Rec rec = Submitted();
  wv1::ReviewCycle cycle;
  const grpc::Status open =
      Open(kisi_coordinator_, rec.name(), 1, wv1::BLIND_MODE_SINGLE_BLIND, false, &cycle);
  EXPECT_EQ(open.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(open.error_message().find("organizations/kisi"), std::string::npos)
      << open.error_message();

  cycle = OpenCycle(rec.name(), 1);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  wv1::ReviewCycle decided;
  const grpc::Status decide =
      Decide(kisi_coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided);
  EXPECT_EQ(decide.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(decide.error_message().find("conflict of interest"), std::string::npos)
      << decide.error_message();
  EXPECT_EQ(Cancel(kisi_coordinator_, cycle.name()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // They still read the cycle, as every coordinator does; an unconflicted one decides.
  wv1::GetReviewCycleRequest get;
  get.set_name(cycle.name());
  EXPECT_TRUE(reviews_->GetReviewCycle(AuthContext(kisi_coordinator_).get(), get, &decided).ok());
  ASSERT_TRUE(Decide(coordinator2_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
  EXPECT_EQ(decided.decision().decider(), "people/bolat");
}

// A review is submitted once, by a reviewer who accepted, into an open
// cycle: each refusal names its rule, and none of them writes a review.
TEST_F(ReviewIntegrityTest, AReviewIsRefusedBeforeAcceptingTwiceAndAfterTheCycleCloses) {
  const wv1::ReviewCycle cycle = OpenCycle(Submitted().name(), 2);
  wv1::Assignment serik;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &serik).ok());
  wv1::Review review;
  grpc::Status s = Review(serik_, serik.name(), wv1::Review::VERDICT_APPROVE, &review);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "accept the invitation")) << s.error_message();

  ASSERT_TRUE(Respond(serik_, serik.name(), true, &serik).ok());
  ASSERT_TRUE(Review(serik_, serik.name(), wv1::Review::VERDICT_APPROVE, &review).ok());
  s = Review(serik_, serik.name(), wv1::Review::VERDICT_REJECT, &review);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "submitted once")) << s.error_message();

  wv1::Assignment lee;
  ASSERT_TRUE(Assign(cycle.name(), "people/lee", &lee).ok());
  ASSERT_TRUE(Respond(lee_, lee.name(), true, &lee).ok());
  ASSERT_TRUE(Cancel(coordinator_, cycle.name()).ok());
  s = Review(lee_, lee.name(), wv1::Review::VERDICT_APPROVE, &review);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "no longer open")) << s.error_message();

  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM reviews.reviews WHERE cycle = '" +
                                     cycle.name() + "'"),
            "1");
  EXPECT_EQ(server_->db().QueryValue("SELECT verdict FROM reviews.reviews WHERE cycle = '" +
                                     cycle.name() + "'"),
            "VERDICT_APPROVE");
}

// A cancelled cycle gives the work back to the coordinators: the
// recommendation returns to submitted (through the outbox, once), and a new
// cycle can be opened on it.
TEST_F(ReviewIntegrityTest, CancellingACycleReturnsTheRecommendationToSubmitted) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  Deliver();
  ASSERT_EQ(StateOf(rec.name()), Rec::STATE_IN_REVIEW);
  ASSERT_TRUE(Cancel(coordinator_, cycle.name()).ok());
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_SUBMITTED);
  Deliver();  // delivered once: nothing left, no second event
  EXPECT_EQ(
      server_->db().QueryValue("SELECT count(*) FROM reviews.outbox WHERE delivered_time IS NULL"),
      "0");
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM recommendations.events WHERE type = "
                                     "'recommendations.recommendation.submitted' AND resource = '" +
                                     rec.name() + "'"),
            "2");  // the author's submission, and the return
  // Cancelling again is refused; a new cycle opens on the same work.
  EXPECT_EQ(Cancel(coordinator_, cycle.name()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const wv1::ReviewCycle again = OpenCycle(rec.name(), 1);
  EXPECT_EQ(again.round(), 2);
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_IN_REVIEW);
}

// A person cannot take the review process's step themselves.
TEST_F(ReviewIntegrityTest, OnlyTheReviewProcessReturnsWorkToSubmitted) {
  const Rec rec = Submitted();
  OpenCycle(rec.name(), 1);
  Deliver();
  Rec out;
  EXPECT_EQ(Submit(author_, rec.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ReviewIntegrityTest, CrossCountryBalanceHoldsAtTheDecisionNotJustTheAssignment) {
  // Authors from KZ and KR; dilnoza (UZ) is the only reviewer from elsewhere.
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle =
      OpenCycle(rec.name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, /*cross_country=*/true);
  wv1::Assignment outside;
  ASSERT_TRUE(Assign(cycle.name(), "people/dilnoza", &outside).ok());
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Reviewed(cycle.name(), "people/lee", lee_, wv1::Review::VERDICT_APPROVE);
  wv1::ReviewCycle decided;
  const grpc::Status early =
      Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(early.error_message().find("outside KR, KZ"), std::string::npos)
      << early.error_message();

  ASSERT_TRUE(Respond(other_expert_, outside.name(), true, &outside).ok());
  wv1::Review review;
  ASSERT_TRUE(Review(other_expert_, outside.name(), wv1::Review::VERDICT_APPROVE, &review).ok());
  EXPECT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
}

TEST_F(ReviewIntegrityTest, CyclesOfWorkTheCallerCannotSeeAreNotFoundLikeAMissingOne) {
  const Rec rec = Submitted();
  const Rec draft = Draft("Private draft");
  const std::string missing = "summits/ca-kr-2025/recommendations/no-such-thing";
  wv1::ListReviewCyclesResponse resp;
  for (const std::string& name : {rec.name(), draft.name(), missing}) {
    const grpc::Status s = ListCycles(observer_, name, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << name;
    EXPECT_EQ(s.error_message(), absl::StrCat(name, " not found")) << s.error_message();
  }
  EXPECT_EQ(ListCycles(coordinator_, draft.name(), &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Those who may see it get the list, empty or not.
  ASSERT_TRUE(ListCycles(author_, rec.name(), &resp).ok());
  EXPECT_EQ(resp.review_cycles_size(), 0);
  ASSERT_TRUE(ListCycles(coordinator_, rec.name(), &resp).ok());
  OpenCycle(rec.name(), 1);
  ASSERT_TRUE(ListCycles(author_, rec.name(), &resp).ok());
  EXPECT_EQ(resp.review_cycles_size(), 1);
  EXPECT_EQ(ListCycles(observer_, rec.name(), &resp).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReviewIntegrityTest, DoubleBlindReviewersNeverLearnWhoWroteTheWork) {
  const Rec rec = Submitted();
  rv1::SetTranslationRequest tr;
  tr.set_parent(rec.name());
  tr.mutable_translation()->set_language("ru");
  tr.mutable_translation()->set_title("Цифровой таможенный коридор");
  tr.mutable_translation()->set_summary("Кратко");
  tr.mutable_translation()->set_body("Текст");
  tr.mutable_translation()->set_kind(rv1::Translation::KIND_HUMAN_CHECKED);
  rv1::Translation translation;
  Check(recs_->SetTranslation(AuthContext(author_).get(), tr, &translation));
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1, wv1::BLIND_MODE_DOUBLE_BLIND);
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  Deliver();

  // Everything the reviewer can ask the recommendations service, as text.
  auto everything = [&](const std::string& token) {
    std::string all;
    Rec r;
    Check(Get(token, rec.name(), &r));
    all += r.DebugString();
    rv1::ListRecommendationsRequest list;
    list.set_parent("summits/ca-kr-2025");
    rv1::ListRecommendationsResponse listed;
    Check(recs_->ListRecommendations(AuthContext(token).get(), list, &listed));
    all += listed.DebugString();
    rv1::ListVersionsRequest lv;
    lv.set_parent(rec.name());
    rv1::ListVersionsResponse versions;
    Check(recs_->ListVersions(AuthContext(token).get(), lv, &versions));
    all += versions.DebugString();
    rv1::GetVersionRequest gv;
    gv.set_name(absl::StrCat(rec.name(), "/versions/1"));
    rv1::RecommendationVersion version;
    Check(recs_->GetVersion(AuthContext(token).get(), gv, &version));
    all += version.DebugString();
    rv1::ListTranslationsRequest lt;
    lt.set_parent(rec.name());
    rv1::ListTranslationsResponse translations;
    Check(recs_->ListTranslations(AuthContext(token).get(), lt, &translations));
    all += translations.DebugString();
    return all;
  };
  const std::vector<std::string> secrets = {"people/aigerim", "people/kim", "organizations/kisi",
                                            "organizations/iepr", "\"KZ\""};
  const std::string reviewer_sees = everything(serik_);
  EXPECT_NE(reviewer_sees.find("Digital customs corridor"), std::string::npos);  // the work itself
  for (const std::string& secret : secrets) {
    EXPECT_EQ(reviewer_sees.find(secret), std::string::npos) << secret << " leaked:\n"
                                                             << reviewer_sees;
  }
  // Nor can the reviewer find the work by asking who wrote it.
  for (auto filter : std::vector<std::function<void(rv1::ListRecommendationsRequest*)>>{
           [](auto* r) { r->set_author("people/aigerim"); },
           [](auto* r) { r->set_organization("organizations/kisi"); },
           [](auto* r) { r->set_country_code("KZ"); }}) {
    rv1::ListRecommendationsRequest list;
    list.set_parent("summits/ca-kr-2025");
    filter(&list);
    rv1::ListRecommendationsResponse listed;
    Check(recs_->ListRecommendations(AuthContext(serik_).get(), list, &listed));
    EXPECT_EQ(listed.recommendations_size(), 0) << list.DebugString();
  }
  // The coordinator and the authors see who wrote it.
  for (const std::string* token : {&coordinator_, &author_}) {
    const std::string seen = everything(*token);
    EXPECT_NE(seen.find("people/aigerim"), std::string::npos);
    EXPECT_NE(seen.find("organizations/kisi"), std::string::npos);
  }
  // Once approved the work is public, and its authors with it.
  wv1::Review review;
  ASSERT_TRUE(Respond(serik_, a.name(), true, &a).ok());
  ASSERT_TRUE(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review).ok());
  wv1::ReviewCycle decided;
  ASSERT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
  Deliver();
  EXPECT_NE(everything(serik_).find("people/aigerim"), std::string::npos);
}

TEST_F(ReviewIntegrityTest, ASingleBlindReviewerStillSeesTheAuthors) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1, wv1::BLIND_MODE_SINGLE_BLIND);
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  Deliver();
  Rec seen;
  ASSERT_TRUE(Get(serik_, rec.name(), &seen).ok());
  EXPECT_EQ(seen.authors_size(), 2);
  EXPECT_EQ(seen.owner_organization(), "organizations/kisi");
}

TEST_F(ReviewIntegrityTest, ADecisionRefusedByTheRecommendationIsKeptOnTheBoard) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Deliver();
  rv1::WithdrawRecommendationRequest withdraw;
  withdraw.set_name(rec.name());
  withdraw.set_reason("Superseded by a joint proposal");
  Rec withdrawn;
  Check(recs_->WithdrawRecommendation(AuthContext(author_).get(), withdraw, &withdrawn));
  wv1::ReviewCycle decided;
  ASSERT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_WITHDRAWN);

  wv1::GetStatusBoardRequest req;
  req.set_summit("summits/ca-kr-2025");
  wv1::StatusBoard board;
  Check(reviews_->GetStatusBoard(AuthContext(coordinator_).get(), req, &board));
  ASSERT_EQ(board.refused_effects_size(), 1) << board.DebugString();
  const auto& refused = board.refused_effects(0);
  EXPECT_EQ(refused.recommendation(), rec.name());
  EXPECT_EQ(refused.kind(), "state");
  EXPECT_EQ(refused.target_state(), "STATE_APPROVED");
  EXPECT_NE(refused.reason().find("withdrawn"), std::string::npos) << refused.reason();
  // Delivered no more: another round leaves it as it is.
  Deliver();
  Check(reviews_->GetStatusBoard(AuthContext(coordinator_).get(), req, &board));
  EXPECT_EQ(board.refused_effects_size(), 1);
}

}  // namespace
}  // namespace summit::testing
