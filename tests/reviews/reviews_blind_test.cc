// Blind review: what authors and reviewers may learn, scanned in every
// response an author can get.
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

class BlindTest : public ReviewsTest {
 protected:
  // Every author-visible response about the recommendation and its review,
  // as text.
  std::string EverythingAnAuthorSees(const std::string& rec, const std::string& cycle,
                                     const std::string& token) {
    std::string all;
    Rec r;
    if (Get(token, rec, &r).ok()) all += r.DebugString();
    wv1::GetReviewCycleRequest gc;
    gc.set_name(cycle);
    wv1::ReviewCycle c;
    Check(reviews_->GetReviewCycle(AuthContext(token).get(), gc, &c));
    all += c.DebugString();
    wv1::ListReviewCyclesRequest lc;
    lc.set_parent(rec);
    wv1::ListReviewCyclesResponse cycles;
    Check(reviews_->ListReviewCycles(AuthContext(token).get(), lc, &cycles));
    all += cycles.DebugString();
    wv1::ListAssignmentsRequest la;
    la.set_parent(cycle);
    wv1::ListAssignmentsResponse assignments;
    Check(reviews_->ListAssignments(AuthContext(token).get(), la, &assignments));
    all += assignments.DebugString();
    wv1::ListReviewsRequest lr;
    lr.set_parent(cycle);
    wv1::ListReviewsResponse reviews;
    Check(reviews_->ListReviews(AuthContext(token).get(), lr, &reviews));
    all += reviews.DebugString();
    // Refusals too: an author trying reviewer actions learns nothing either.
    wv1::Assignment a;
    for (const auto& x : assignments.assignments()) {
      all += Respond(token, x.name(), true, &a).error_message();
      wv1::Review rv;
      all += Review(token, x.name(), wv1::Review::VERDICT_APPROVE, &rv).error_message();
    }
    wv1::CreateAssignmentRequest ca;
    ca.set_parent(cycle);
    ca.set_reviewer("people/serik");
    all += reviews_->CreateAssignment(AuthContext(token).get(), ca, &a).error_message();
    return all;
  }
};

TEST_F(BlindTest, AuthorsNeverSeeReviewerNamesIdsOrEmails) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 2, wv1::BLIND_MODE_SINGLE_BLIND);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  Reviewed(cycle.name(), "people/dilnoza", other_expert_, wv1::Review::VERDICT_MINOR_CHANGES);
  wv1::ReviewCycle decided;
  ASSERT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
  Deliver();
  for (const std::string* author : {&author_, &coauthor_}) {
    const std::string seen = EverythingAnAuthorSees(rec.name(), cycle.name(), *author);
    for (const char* secret : {"serik", "dilnoza", "Person serik", "serik@test.example",
                               "dilnoza@test.example", "Borderline on feasibility"}) {
      EXPECT_EQ(seen.find(secret), std::string::npos) << secret << " leaked:\n" << seen;
    }
    // What they do get: the pseudonyms and the comments meant for them.
    EXPECT_NE(seen.find("Reviewer 1"), std::string::npos);
    EXPECT_NE(seen.find("Reviewer 2"), std::string::npos);
    EXPECT_NE(seen.find("Strong proposal; add costs."), std::string::npos);
  }
  // A coordinator who is not an author sees everything.
  wv1::ListReviewsRequest lr;
  lr.set_parent(cycle.name());
  wv1::ListReviewsResponse all;
  ASSERT_TRUE(reviews_->ListReviews(AuthContext(coordinator_).get(), lr, &all).ok());
  ASSERT_EQ(all.reviews_size(), 2);
  EXPECT_EQ(all.reviews(0).reviewer(), "people/serik");
  EXPECT_EQ(all.reviews(0).confidential_comments(), "Borderline on feasibility.");
}

TEST_F(BlindTest, OpenCyclesShowNamesToAuthors) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1, wv1::BLIND_MODE_OPEN);
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  wv1::ListAssignmentsRequest la;
  la.set_parent(cycle.name());
  wv1::ListAssignmentsResponse resp;
  ASSERT_TRUE(reviews_->ListAssignments(AuthContext(author_).get(), la, &resp).ok());
  ASSERT_EQ(resp.assignments_size(), 1);
  EXPECT_EQ(resp.assignments(0).reviewer(), "people/serik");
}

TEST_F(BlindTest, AReviewerSeesOtherReviewsOnlyAfterSubmittingTheirOwn) {
  const wv1::ReviewCycle cycle = OpenCycle(Submitted().name(), 2);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
  wv1::Assignment mine;
  ASSERT_TRUE(Assign(cycle.name(), "people/dilnoza", &mine).ok());
  ASSERT_TRUE(Respond(other_expert_, mine.name(), true, &mine).ok());
  wv1::ListReviewsRequest lr;
  lr.set_parent(cycle.name());
  wv1::ListReviewsResponse before;
  ASSERT_TRUE(reviews_->ListReviews(AuthContext(other_expert_).get(), lr, &before).ok());
  EXPECT_EQ(before.reviews_size(), 0);
  wv1::Review r;
  ASSERT_TRUE(Review(other_expert_, mine.name(), wv1::Review::VERDICT_MAJOR_CHANGES, &r).ok());
  wv1::ListReviewsResponse after;
  ASSERT_TRUE(reviews_->ListReviews(AuthContext(other_expert_).get(), lr, &after).ok());
  ASSERT_EQ(after.reviews_size(), 2);
  for (const auto& review : after.reviews()) {
    if (review.pseudonym() == "Reviewer 1") {
      EXPECT_EQ(review.reviewer(), "");               // single-blind: no name
      EXPECT_EQ(review.confidential_comments(), "");  // not for other reviewers
    } else {
      EXPECT_EQ(review.reviewer(), "people/dilnoza");  // their own
    }
  }
  // Authors read nothing until the decision; others see no cycle at all.
  wv1::ListReviewsResponse author_view;
  ASSERT_TRUE(reviews_->ListReviews(AuthContext(author_).get(), lr, &author_view).ok());
  EXPECT_EQ(author_view.reviews_size(), 0);
  EXPECT_EQ(reviews_->ListReviews(AuthContext(same_org_).get(), lr, &author_view).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BlindTest, AssignedReviewersCanReadTheSubmittedRecommendation) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name());
  Rec seen;
  EXPECT_EQ(Get(serik_, rec.name(), &seen).error_code(), grpc::StatusCode::NOT_FOUND);
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  Deliver();  // the reviewer set reaches the recommendations service
  EXPECT_TRUE(Get(serik_, rec.name(), &seen).ok());
  const grpc::Status no_reason = Respond(serik_, a.name(), false, &a);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(no_reason.error_message().rfind("reason", 0), 0u);
  ASSERT_TRUE(Respond(serik_, a.name(), false, &a, "travelling").ok());
  Deliver();
  EXPECT_EQ(Get(serik_, rec.name(), &seen).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace summit::testing
