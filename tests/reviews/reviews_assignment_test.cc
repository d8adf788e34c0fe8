// Assignments: each conflict rule, the cross-country policy, suggestions,
// and overdue derivation with the injected clock.
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

TEST_F(ReviewsTest, OpeningACycleMovesTheRecommendationToInReview) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name());
  EXPECT_EQ(cycle.name(), rec.name() + "/reviewCycles/round-1");
  EXPECT_EQ(cycle.round(), 1);
  EXPECT_EQ(cycle.reviewed_version(), 1);
  EXPECT_EQ(cycle.state(), wv1::ReviewCycle::STATE_OPEN);
  Deliver();
  EXPECT_EQ(StateOf(rec.name()), Rec::STATE_IN_REVIEW);
  wv1::ReviewCycle again;
  const grpc::Status s =
      Open(coordinator_, rec.name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, false, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("already has an open review cycle"), std::string::npos);
  // Only coordinators open cycles, and never on a draft.
  EXPECT_EQ(
      Open(reviewer_, rec.name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, false, &again).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  const Rec draft = Draft("Still a draft");
  EXPECT_EQ(
      Open(coordinator_, draft.name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, false, &again).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReviewsTest, EachConflictRuleRefusesWithItsReason) {
  const wv1::ReviewCycle cycle = OpenCycle(Submitted().name());
  wv1::Assignment a;
  const auto refused = [&](const std::string& person) {
    const grpc::Status s = Assign(cycle.name(), person, &a);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << person;
    return s.error_message();
  };
  EXPECT_EQ(refused("people/kim"), "people/kim is an author of this recommendation");
  EXPECT_EQ(refused("people/yerlan"),
            "people/yerlan works at organizations/kisi, like author people/aigerim");
  EXPECT_EQ(refused("people/park"),
            "people/park works at organizations/iepr, like author people/kim");
  server_->MakePerson("ha", {dv1::ROLE_OBSERVER}, "organizations/kdi");
  EXPECT_EQ(refused("people/ha"), "people/ha is not an expert");
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  EXPECT_EQ(refused("people/serik"), "people/serik is already assigned");
  const grpc::Status missing = Assign(cycle.name(), "people/nobody", &a);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("SELECT count(*) FROM reviews.assignments"), 1);
}

TEST_F(ReviewsTest, CrossCountryPolicyKeepsTheLastPlaceForAnotherCountry) {
  const wv1::ReviewCycle cycle =
      OpenCycle(Submitted().name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, true);
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());     // KZ: a place is still free
  const grpc::Status s = Assign(cycle.name(), "people/lee", &a);  // KR would fill it
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "the cycle needs a reviewer from outside KR, KZ; assigning people/lee (KR) "
            "would fill its last place without one");
  EXPECT_TRUE(Assign(cycle.name(), "people/dilnoza", &a).ok());  // UZ
}

TEST_F(ReviewsTest, ACoAuthorAddedLaterBlocksANowConflictedReviewer) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name());
  wv1::Assignment a;
  ASSERT_TRUE(Assign(cycle.name(), "people/lee", &a).ok());
  ASSERT_TRUE(Respond(lee_, a.name(), true, &a).ok());
  const std::string new_coauthor =
      server_->MakePerson("jung", {dv1::ROLE_EXPERT}, "organizations/kdi");
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name(rec.name());
  up.mutable_recommendation()->add_authors("people/aigerim");
  up.mutable_recommendation()->add_authors("people/kim");
  up.mutable_recommendation()->add_authors("people/jung");
  up.mutable_update_mask()->add_paths("authors");
  Rec updated;
  ASSERT_TRUE(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated).ok());
  wv1::Review r;
  const grpc::Status s = Review(lee_, a.name(), wv1::Review::VERDICT_APPROVE, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("works at organizations/kdi, like author people/jung"),
            std::string::npos);
}

TEST_F(ReviewsTest, SuggestionsRankAndNeverIncludeConflicts) {
  // dilnoza is an expert in the track; lee has other open work.
  dv1::UpdatePersonRequest up;
  up.mutable_person()->set_name("people/dilnoza");
  up.mutable_person()->add_expertise_tracks("summits/ca-kr-2025/tracks/ai");
  dv1::Person p;
  Check(dir_->UpdatePerson(AuthContext(server_->admin_token()).get(), up, &p));
  const wv1::ReviewCycle other = OpenCycle(Submitted("Other").name());
  wv1::Assignment busy;
  ASSERT_TRUE(Assign(other.name(), "people/lee", &busy).ok());

  const wv1::ReviewCycle cycle =
      OpenCycle(Submitted("Third").name(), 2, wv1::BLIND_MODE_SINGLE_BLIND, true);
  wv1::SuggestReviewersRequest req;
  req.set_name(cycle.name());
  req.set_count(10);
  wv1::SuggestReviewersResponse resp;
  ASSERT_TRUE(reviews_->SuggestReviewers(AuthContext(coordinator_).get(), req, &resp).ok());
  std::vector<std::string> people;
  for (const auto& s : resp.suggestions()) people.push_back(s.person());
  EXPECT_EQ(people, (std::vector<std::string>{"people/dilnoza", "people/serik", "people/lee"}));
  // Conflicted people (authors, their organisations) and non-experts are absent.
  for (const char* conflicted :
       {"people/aigerim", "people/kim", "people/yerlan", "people/park", "people/minho"}) {
    EXPECT_EQ(std::count(people.begin(), people.end(), conflicted), 0) << conflicted;
  }
  wv1::AcceptSuggestionsRequest accept;
  accept.set_name(cycle.name());
  accept.add_people("people/dilnoza");
  accept.add_people("people/serik");
  wv1::AcceptSuggestionsResponse accepted;
  ASSERT_TRUE(reviews_->AcceptSuggestions(AuthContext(coordinator_).get(), accept, &accepted).ok());
  EXPECT_EQ(accepted.assignments_size(), 2);
  EXPECT_EQ(accepted.assignments(1).pseudonym(), "Reviewer 2");
}

TEST_F(ReviewsTest, OverdueIsDerivedFromTheInjectedClock) {
  const wv1::ReviewCycle cycle = OpenCycle(Submitted().name());
  wv1::Assignment slow, quick;
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &slow, absl::Hours(1)).ok());
  ASSERT_TRUE(Assign(cycle.name(), "people/dilnoza", &quick, absl::Hours(48)).ok());
  ASSERT_TRUE(Respond(other_expert_, quick.name(), true, &quick).ok());
  EXPECT_EQ(slow.overdue(), wv1::Assignment::OVERDUE_NONE);
  server_->clock().Advance(absl::Hours(2));
  wv1::ListAssignmentsRequest list;
  list.set_parent(cycle.name());
  wv1::ListAssignmentsResponse resp;
  ASSERT_TRUE(reviews_->ListAssignments(AuthContext(coordinator_).get(), list, &resp).ok());
  ASSERT_EQ(resp.assignments_size(), 2);
  EXPECT_EQ(resp.assignments(0).overdue(), wv1::Assignment::OVERDUE_RESPONSE);
  EXPECT_EQ(resp.assignments(1).overdue(), wv1::Assignment::OVERDUE_NONE);
  server_->clock().Advance(absl::Hours(72));  // past dilnoza's review due date (48h + 24h)
  ASSERT_TRUE(reviews_->ListAssignments(AuthContext(coordinator_).get(), list, &resp).ok());
  EXPECT_EQ(resp.assignments(1).overdue(), wv1::Assignment::OVERDUE_REVIEW);
}

}  // namespace
}  // namespace summit::testing
