// Pure rules of the reviews service.
#include <gtest/gtest.h>

#include "services/reviews/comment_rules.h"
#include "services/reviews/conflicts.h"
#include "services/reviews/review_status.h"
#include "services/reviews/suggestions.h"

namespace summit::reviews {
namespace {

const PersonFacts kAigerim{"people/aigerim", "organizations/kisi", "KZ", true};
const PersonFacts kKim{"people/kim", "organizations/iepr", "KR", true};
const PersonFacts kYerlan{"people/yerlan", "organizations/kisi", "KZ",
                          true};  // same org as aigerim
const PersonFacts kSerik{"people/serik", "organizations/astana-u", "KZ", true};  // same country
const PersonFacts kDilnoza{"people/dilnoza", "organizations/cerr", "UZ", true};  // other country
const PersonFacts kPark{"people/park", "organizations/kdi", "KR", true};
const PersonFacts kMinho{"people/minho", "organizations/kdi", "KR", false};  // observer

const std::vector<PersonFacts> kAuthors = {kAigerim, kKim};

v1::ReviewPolicy Policy(int required, bool cross_country) {
  v1::ReviewPolicy p;
  p.set_required_reviews(required);
  p.set_require_cross_country(cross_country);
  return p;
}

TEST(Conflicts, EachRuleRefusesWithItsReason) {
  const auto refused = [](const PersonFacts& who, std::vector<PersonFacts> assigned,
                          v1::ReviewPolicy policy) {
    const absl::Status s = CheckAssignable(who, kAuthors, assigned, policy);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << who.name;
    return std::string(s.message());
  };
  EXPECT_EQ(refused(kKim, {}, Policy(2, false)), "people/kim is an author of this recommendation");
  EXPECT_EQ(refused(kYerlan, {}, Policy(2, false)),
            "people/yerlan works at organizations/kisi, like author people/aigerim");
  EXPECT_EQ(refused(kMinho, {}, Policy(2, false)), "people/minho is not an expert");
  EXPECT_EQ(refused(kDilnoza, {kDilnoza}, Policy(2, false)), "people/dilnoza is already assigned");
  EXPECT_TRUE(CheckAssignable(kSerik, kAuthors, {}, Policy(2, false)).ok());
}

TEST(Conflicts, CrossCountryPolicyGuardsTheLastPlace) {
  // Authors are from KZ and KR: only UZ (dilnoza) is cross-country here.
  EXPECT_TRUE(CheckAssignable(kSerik, kAuthors, {}, Policy(2, true)).ok());  // a place is left
  const absl::Status last = CheckAssignable(kPark, kAuthors, {kSerik}, Policy(2, true));
  EXPECT_EQ(last.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(last.message(),
            "the cycle needs a reviewer from outside KR, KZ; assigning people/park (KR) would "
            "fill its last place without one");
  EXPECT_TRUE(CheckAssignable(kDilnoza, kAuthors, {kSerik}, Policy(2, true)).ok());
  EXPECT_TRUE(CheckAssignable(kPark, kAuthors, {kDilnoza}, Policy(2, true)).ok());
  EXPECT_TRUE(CheckAssignable(kPark, kAuthors, {kSerik}, Policy(2, false)).ok());
}

TEST(Conflicts, ACoAuthorAddedLaterMakesAReviewerConflicted) {
  EXPECT_TRUE(CheckConflict(kPark, kAuthors).ok());
  const PersonFacts new_coauthor{"people/lee", "organizations/kdi", "KR", true};
  std::vector<PersonFacts> authors = kAuthors;
  authors.push_back(new_coauthor);
  EXPECT_EQ(CheckConflict(kPark, authors).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Suggestions, RankByExpertiseLoadAndCountryAndLeaveOutConflicts) {
  const std::string track = "summits/ca-kr-2025/tracks/ai";
  const std::vector<Candidate> candidates = {
      {kYerlan, {track}, 0},  // conflicted: same organisation
      {kKim, {track}, 0},     // conflicted: author
      {kMinho, {track}, 0},   // not an expert
      {kSerik, {track}, 2},   // expert, busy
      {kPark, {track}, 0},    // expert, free
      {kDilnoza, {}, 0},      // not an expert in the track, cross-country
  };
  SuggestionContext ctx{track, kAuthors, {}, Policy(2, true)};
  const std::vector<v1::Suggestion> ranked = RankReviewers(candidates, ctx, 10);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].person(), "people/park");     // 10
  EXPECT_EQ(ranked[1].person(), "people/serik");    // 10 - 4
  EXPECT_EQ(ranked[2].person(), "people/dilnoza");  // 0 + 5 cross-country
  EXPECT_DOUBLE_EQ(ranked[2].score(), 5.0);
  EXPECT_EQ(ranked[2].reasons(1), "from UZ: cross-country");
  EXPECT_EQ(RankReviewers(candidates, ctx, 1).size(), 1u);

  ctx.assigned = {kDilnoza};  // the policy is met: no more bonus, and no repeat
  const std::vector<v1::Suggestion> again = RankReviewers(candidates, ctx, 10);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].person(), "people/park");
}

TEST(ReviewStatus, OverdueFollowsTheClock) {
  const absl::Time response = absl::FromUnixSeconds(1000);
  const absl::Time review = absl::FromUnixSeconds(5000);
  using A = v1::Assignment;
  EXPECT_EQ(DeriveOverdue(A::STATE_INVITED, response, review, absl::FromUnixSeconds(999)),
            A::OVERDUE_NONE);
  EXPECT_EQ(DeriveOverdue(A::STATE_INVITED, response, review, absl::FromUnixSeconds(1001)),
            A::OVERDUE_RESPONSE);
  EXPECT_EQ(DeriveOverdue(A::STATE_ACCEPTED, response, review, absl::FromUnixSeconds(4000)),
            A::OVERDUE_NONE);
  EXPECT_EQ(DeriveOverdue(A::STATE_ACCEPTED, response, review, absl::FromUnixSeconds(5001)),
            A::OVERDUE_REVIEW);
  EXPECT_EQ(DeriveOverdue(A::STATE_SUBMITTED, response, review, absl::FromUnixSeconds(9999)),
            A::OVERDUE_NONE);
  EXPECT_EQ(DeriveOverdue(A::STATE_DECLINED, response, review, absl::FromUnixSeconds(9999)),
            A::OVERDUE_NONE);
}

TEST(ReviewStatus, Agreement) {
  using V = v1::Review;
  EXPECT_EQ(ClassifyAgreement({}), v1::AGREEMENT_NONE);
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_APPROVE, V::VERDICT_MINOR_CHANGES}),
            v1::AGREEMENT_ALL_POSITIVE);
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_APPROVE, V::VERDICT_MAJOR_CHANGES}), v1::AGREEMENT_MIXED);
  // One reviewer who rejects is in no disagreement with anyone.
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_REJECT}), v1::AGREEMENT_ALL_NEGATIVE);
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_REJECT, V::VERDICT_MAJOR_CHANGES}),
            v1::AGREEMENT_ALL_NEGATIVE);
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_MINOR_CHANGES, V::VERDICT_REJECT}), v1::AGREEMENT_MIXED);
  EXPECT_EQ(ClassifyAgreement({V::VERDICT_APPROVE, V::VERDICT_REJECT}), v1::AGREEMENT_CONFLICTING);
}

TEST(ReviewStatus, WhoAnItemWaitsOn) {
  using R = recommendations::v1::Recommendation;
  EXPECT_EQ(DeriveWaitingOn({R::STATE_DRAFT}), v1::WAITING_ON_AUTHORS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_SUBMITTED}), v1::WAITING_ON_COORDINATORS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_IN_REVIEW, true, 2, 1, 0}), v1::WAITING_ON_COORDINATORS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_IN_REVIEW, true, 2, 2, 1}), v1::WAITING_ON_REVIEWERS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_IN_REVIEW, true, 2, 2, 2}), v1::WAITING_ON_COORDINATORS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_CHANGES_REQUESTED}), v1::WAITING_ON_AUTHORS);
  EXPECT_EQ(DeriveWaitingOn({R::STATE_ADOPTED}), v1::WAITING_ON_NOBODY);
}

TEST(ReviewStatus, BlindModesAndPseudonyms) {
  EXPECT_EQ(Pseudonym(0), "Reviewer 1");
  EXPECT_EQ(Pseudonym(1), "Reviewer 2");
  EXPECT_FALSE(MayKnowReviewer(v1::BLIND_MODE_SINGLE_BLIND, /*author=*/true, false));
  EXPECT_FALSE(MayKnowReviewer(v1::BLIND_MODE_DOUBLE_BLIND, true, false));
  EXPECT_TRUE(MayKnowReviewer(v1::BLIND_MODE_OPEN, true, false));
  EXPECT_TRUE(MayKnowReviewer(v1::BLIND_MODE_DOUBLE_BLIND, false, /*coordinator=*/true));
  // A coordinator who co-authored it is an author first.
  EXPECT_FALSE(MayKnowReviewer(v1::BLIND_MODE_SINGLE_BLIND, true, true));
  EXPECT_FALSE(MayKnowReviewer(v1::BLIND_MODE_SINGLE_BLIND, false, false));  // another reviewer
}

// Every audience against every kind of person: who reads (and so writes).
TEST(CommentRules, EachAudienceHasItsReaders) {
  using C = v1::Comment;
  const DiscussionRole author{.is_author = true};
  const DiscussionRole coordinator{.is_coordinator = true};
  const DiscussionRole accepted{.is_reviewer = true, .reviewer_position = 0};
  const DiscussionRole reviewed{.is_reviewer = true, .has_submitted = true, .reviewer_position = 1};
  const DiscussionRole nobody{};
  struct Row {
    C::Audience audience;
    bool author, coordinator, accepted, reviewed, nobody;
  };
  for (const Row& r : std::vector<Row>{
           {C::AUDIENCE_AUTHORS, true, true, false, false, false},
           {C::AUDIENCE_REVIEWERS, false, true, false, true, false},
           {C::AUDIENCE_ALL, true, true, true, true, false},
           {C::AUDIENCE_COORDINATORS, false, true, false, false, false},
           {C::AUDIENCE_UNSPECIFIED, false, true, false, false, false},
       }) {
    SCOPED_TRACE(C::Audience_Name(r.audience));
    EXPECT_EQ(MayRead(r.audience, author), r.author);
    EXPECT_EQ(MayRead(r.audience, coordinator), r.coordinator);
    EXPECT_EQ(MayRead(r.audience, accepted), r.accepted);
    EXPECT_EQ(MayRead(r.audience, reviewed), r.reviewed);
    EXPECT_EQ(MayRead(r.audience, nobody), r.nobody);
  }
  // Refusals name the field and what the writer may address instead.
  const absl::Status refused = CheckAudience(C::AUDIENCE_REVIEWERS, accepted, "comment.audience");
  EXPECT_EQ(refused.message(),
            "comment.audience: you may not write to reviewers; you may address: all (reviewers, "
            "once your review is in)");
  EXPECT_FALSE(CheckAudience(C::AUDIENCE_UNSPECIFIED, coordinator, "comment.audience").ok());
  EXPECT_TRUE(CheckAudience(C::AUDIENCE_COORDINATORS, coordinator, "comment.audience").ok());
}

TEST(CommentRules, WritersAreNamedUnderTheBlindRules) {
  const DiscussionRole author{.is_author = true};
  const DiscussionRole coordinator{.is_coordinator = true};
  const DiscussionRole reviewer{.is_reviewer = true, .has_submitted = true};
  EXPECT_EQ(WriterLabel(WriterRole::kReviewer, 1), "Reviewer 2");
  EXPECT_EQ(WriterLabel(WriterRole::kAuthor, 0), "Author");
  EXPECT_EQ(WriterLabel(WriterRole::kCoordinator, 0), "Coordinator");
  EXPECT_EQ(WriterRoleOf(reviewer), WriterRole::kReviewer);
  EXPECT_EQ(ParseWriterRole(WriterRoleName(WriterRole::kAuthor)), WriterRole::kAuthor);
  EXPECT_EQ(WriterRoleOfLabel("Reviewer 2"), WriterRole::kReviewer);
  EXPECT_EQ(WriterRoleOfLabel("Author"), WriterRole::kAuthor);
  EXPECT_EQ(WriterRoleOfLabel("Coordinator"), WriterRole::kCoordinator);
  DiscussionRole invited, submitted;
  AddAssignment(v1::Assignment::STATE_INVITED, 0, &invited);
  AddAssignment(v1::Assignment::STATE_SUBMITTED, 2, &submitted);
  EXPECT_FALSE(invited.is_reviewer);
  EXPECT_TRUE(submitted.is_reviewer && submitted.has_submitted);
  EXPECT_EQ(submitted.reviewer_position, 2);
  // Reviewers: hidden from authors unless open; from other reviewers too.
  EXPECT_FALSE(MayKnowWriter(WriterRole::kReviewer, v1::BLIND_MODE_SINGLE_BLIND, author, false));
  EXPECT_FALSE(MayKnowWriter(WriterRole::kReviewer, v1::BLIND_MODE_DOUBLE_BLIND, reviewer, false));
  EXPECT_TRUE(MayKnowWriter(WriterRole::kReviewer, v1::BLIND_MODE_OPEN, author, false));
  EXPECT_TRUE(
      MayKnowWriter(WriterRole::kReviewer, v1::BLIND_MODE_DOUBLE_BLIND, coordinator, false));
  EXPECT_TRUE(MayKnowWriter(WriterRole::kReviewer, v1::BLIND_MODE_DOUBLE_BLIND, reviewer, true));
  // Authors: hidden from reviewers in double-blind only.
  EXPECT_FALSE(MayKnowWriter(WriterRole::kAuthor, v1::BLIND_MODE_DOUBLE_BLIND, reviewer, false));
  EXPECT_TRUE(MayKnowWriter(WriterRole::kAuthor, v1::BLIND_MODE_SINGLE_BLIND, reviewer, false));
  EXPECT_TRUE(MayKnowWriter(WriterRole::kAuthor, v1::BLIND_MODE_DOUBLE_BLIND, author, false));
  // Coordinators sign what they write.
  EXPECT_TRUE(MayKnowWriter(WriterRole::kCoordinator, v1::BLIND_MODE_DOUBLE_BLIND, author, false));
  EXPECT_TRUE(IsActiveAssignment(v1::Assignment::STATE_SUBMITTED));
  EXPECT_FALSE(IsActiveAssignment(v1::Assignment::STATE_REMOVED));
  EXPECT_FALSE(IsActiveAssignment(v1::Assignment::STATE_DECLINED));
}

}  // namespace
}  // namespace summit::reviews
