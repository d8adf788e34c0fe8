// Who sees what, for each role, through Get and through List.
#include <set>

#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {
namespace {

class VisibilityTest : public RecommendationsTest {
 protected:
  std::set<std::string> Listed(const std::string& token) {
    rv1::ListRecommendationsRequest req;
    req.set_parent("summits/ca-kr-2025");
    rv1::ListRecommendationsResponse resp;
    Check(recs_->ListRecommendations(AuthContext(token).get(), req, &resp));
    std::set<std::string> names;
    for (const auto& r : resp.recommendations()) names.insert(r.name());
    return names;
  }

  // Whether `token` sees `name` through Get, and List agrees.
  bool Sees(const std::string& token, const std::string& name) {
    Rec r;
    const grpc::Status s = Get(token, name, &r);
    EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::NOT_FOUND) << s.error_message();
    EXPECT_EQ(s.ok(), Listed(token).count(name) == 1) << name;
    return s.ok();
  }

  void SetReviewers(const std::string& name, std::vector<std::string> people) {
    recommendations::internal::v1::SetReviewersRequest req;
    req.set_name(name);
    req.set_event_id("assign-" + name.substr(name.rfind('/') + 1));
    for (const auto& p : people) req.add_reviewers(p);
    recommendations::internal::v1::SetReviewersResponse resp;
    Check(internal_recs_->SetReviewers(AuthContext(review_service_).get(), req, &resp));
  }
};

TEST_F(VisibilityTest, ADraftIsForItsAuthorsOnly) {
  const Rec draft = Draft();
  EXPECT_TRUE(Sees(author_, draft.name()));
  EXPECT_TRUE(Sees(coauthor_, draft.name()));
  EXPECT_FALSE(Sees(same_org_, draft.name()));
  EXPECT_FALSE(Sees(other_expert_, draft.name()));
  EXPECT_FALSE(Sees(reviewer_, draft.name()));
  EXPECT_FALSE(Sees(coordinator_, draft.name()));
  EXPECT_FALSE(Sees(observer_, draft.name()));
}

TEST_F(VisibilityTest, SubmittedWorkAddsCoordinatorsAndAssignedReviewers) {
  const Rec rec = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, rec.name(), &r).ok());
  EXPECT_TRUE(Sees(coordinator_, rec.name()));
  EXPECT_FALSE(Sees(reviewer_, rec.name()));
  SetReviewers(rec.name(), {"people/park"});
  EXPECT_TRUE(Sees(reviewer_, rec.name()));
  EXPECT_TRUE(Sees(author_, rec.name()));
  EXPECT_TRUE(Sees(coauthor_, rec.name()));
  EXPECT_FALSE(Sees(same_org_, rec.name()));
  EXPECT_FALSE(Sees(other_expert_, rec.name()));
  EXPECT_FALSE(Sees(observer_, rec.name()));
}

TEST_F(VisibilityTest, ApprovedAndAdoptedWorkIsForEveryParticipant) {
  const Rec rec = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, rec.name(), &r).ok());
  ASSERT_TRUE(Review(review_service_, rec.name(), Rec::STATE_IN_REVIEW, "v1", &r).ok());
  ASSERT_TRUE(Review(review_service_, rec.name(), Rec::STATE_APPROVED, "v2", &r).ok());
  for (const std::string* token :
       {&author_, &coauthor_, &same_org_, &other_expert_, &reviewer_, &coordinator_, &observer_}) {
    EXPECT_TRUE(Sees(*token, rec.name()));
  }
  ASSERT_TRUE(Review(review_service_, rec.name(), Rec::STATE_ADOPTED, "v3", &r).ok());
  EXPECT_TRUE(Sees(observer_, rec.name()));
}

TEST_F(VisibilityTest, HiddenLooksExactlyLikeMissing) {
  const Rec draft = Draft();
  Rec r;
  const grpc::Status hidden = Get(other_expert_, draft.name(), &r);
  const grpc::Status missing = Get(other_expert_, "summits/ca-kr-2025/recommendations/rec-999", &r);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.error_message(), draft.name() + " not found");
  EXPECT_EQ(missing.error_message(), "summits/ca-kr-2025/recommendations/rec-999 not found");
  // Versions, diffs and translations of a hidden draft are hidden too.
  rv1::GetVersionRequest v;
  v.set_name(draft.name() + "/versions/1");
  rv1::RecommendationVersion out;
  EXPECT_EQ(recs_->GetVersion(AuthContext(other_expert_).get(), v, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  rv1::DiffVersionsRequest d;
  d.set_name(draft.name());
  d.set_from_version(1);
  d.set_to_version(1);
  rv1::DiffVersionsResponse diff;
  EXPECT_EQ(recs_->DiffVersions(AuthContext(coordinator_).get(), d, &diff).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace summit::testing
