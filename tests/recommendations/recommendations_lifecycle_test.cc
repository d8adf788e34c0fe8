// Creation, every lifecycle transition through the API, versions,
// idempotency, etags and who may drive what.
#include "absl/strings/str_cat.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {
namespace {

TEST_F(RecommendationsTest, CreateNumbersPerSummitAndRecordsTheFirstVersion) {
  const Rec first = Draft();
  const Rec second = Draft("Green hydrogen pilots");
  EXPECT_EQ(first.number(), "REC-1");
  EXPECT_EQ(second.number(), "REC-2");
  EXPECT_EQ(first.name(), "summits/ca-kr-2025/recommendations/rec-1");
  EXPECT_EQ(first.state(), Rec::STATE_DRAFT);
  EXPECT_EQ(first.authors_size(), 2);
  EXPECT_EQ(first.authors(0), "people/aigerim");  // the creator is always an author
  EXPECT_EQ(first.owner_organization(), "organizations/kisi");
  EXPECT_EQ(first.owner_country(), "KZ");
  EXPECT_EQ(first.current_version(), 1);
  rv1::GetVersionRequest get;
  get.set_name(first.name() + "/versions/1");
  rv1::RecommendationVersion v;
  ASSERT_TRUE(recs_->GetVersion(AuthContext(coauthor_).get(), get, &v).ok());
  EXPECT_EQ(v.author(), "people/aigerim");
  EXPECT_EQ(v.title(), "Digital customs corridor");
  EXPECT_EQ(
      Count("SELECT count(*) FROM recommendations.events WHERE resource = '" + first.name() + "'"),
      1);
}

TEST_F(RecommendationsTest, OnlyExpertsWriteAndReferencesMustExist) {
  Rec rec;
  EXPECT_EQ(Create(coordinator_, Text("T", "S", "B", "en"), &rec).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status s =
      Create(author_, Text("T", "S", "B", "en"), &rec, "summits/ca-kr-2025/tracks/robotics");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("recommendation.track", 0), 0u) << s.error_message();
  s = Create(author_, Text("T", "S", "B", "en"), &rec, "summits/other/tracks/ai");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  s = Create(author_, Text("T", "S", "B", "en"), &rec, "summits/ca-kr-2025/tracks/ai",
             {"people/nobody"});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("recommendation.authors[1]", 0), 0u) << s.error_message();
  s = Create(author_, Text("T", "S", "B", "en"), &rec, "summits/ca-kr-2025/tracks/ai",
             {"people/dana"});
  EXPECT_NE(s.error_message().find("is not an expert"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.recommendations"), 0);
}

TEST_F(RecommendationsTest, FullPathToAdoptionWithChangesRequested) {
  const Rec draft = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, draft.name(), &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_SUBMITTED);
  EXPECT_TRUE(r.has_submit_time());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "e1", &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_CHANGES_REQUESTED, "e2", &r).ok());
  rv1::CreateVersionRequest v;
  v.set_parent(draft.name());
  *v.mutable_version() =
      Text("Digital customs corridor", "Revised.", "## Proposal\nRevised.\n", "en");
  v.mutable_version()->set_change_note("Addressed the reviewers");
  rv1::RecommendationVersion v2;
  ASSERT_TRUE(recs_->CreateVersion(AuthContext(coauthor_).get(), v, &v2).ok());
  EXPECT_EQ(v2.version_number(), 2);
  ASSERT_TRUE(Submit(coauthor_, draft.name(), &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "e3", &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_APPROVED, "e4", &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_ADOPTED, "e5", &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_ADOPTED);
  EXPECT_EQ(r.current_version(), 2);

  rv1::WithdrawRecommendationRequest w;
  w.set_name(draft.name());
  grpc::Status s = recs_->WithdrawRecommendation(AuthContext(author_).get(), w, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("final state"), std::string::npos);
}

TEST_F(RecommendationsTest, RefusedTransitionsSayWhatIsAllowed) {
  const Rec draft = Draft();
  Rec r;
  // A coordinator cannot see a draft at all: the transition is not even considered.
  EXPECT_EQ(Review(review_service_, draft.name(), Rec::STATE_APPROVED, "x0", &r).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Submit(author_, draft.name(), &r).ok());
  grpc::Status s = Review(review_service_, draft.name(), Rec::STATE_APPROVED, "x1", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "cannot go from submitted to approved; from submitted it can go to: in_review, "
            "withdrawn");
  s = Submit(author_, draft.name(), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("from submitted it can go to: in_review, withdrawn"),
            std::string::npos);
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "x2", &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_REJECTED, "x3", &r).ok());
  EXPECT_EQ(Review(review_service_, draft.name(), Rec::STATE_ADOPTED, "x4", &r).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Withdrawal from a non-final state, by an author only.
  const Rec other = Draft("Other");
  rv1::WithdrawRecommendationRequest w;
  w.set_name(other.name());
  w.set_reason("merged into REC-1");
  EXPECT_EQ(recs_->WithdrawRecommendation(AuthContext(coordinator_).get(), w, &r).error_code(),
            grpc::StatusCode::NOT_FOUND);  // a draft is invisible to coordinators
  ASSERT_TRUE(recs_->WithdrawRecommendation(AuthContext(coauthor_).get(), w, &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_WITHDRAWN);
}

TEST_F(RecommendationsTest, AuthorsWithdrawFromEveryNonFinalState) {
  // The review steps that lead to each state, from a fresh draft.
  const std::vector<std::vector<Rec::State>> paths = {
      {},                                            // draft
      {Rec::STATE_SUBMITTED},                        // submitted
      {Rec::STATE_SUBMITTED, Rec::STATE_IN_REVIEW},  // in_review
      {Rec::STATE_SUBMITTED, Rec::STATE_IN_REVIEW, Rec::STATE_CHANGES_REQUESTED},
      {Rec::STATE_SUBMITTED, Rec::STATE_IN_REVIEW, Rec::STATE_APPROVED},
  };
  int event = 0;
  for (const auto& path : paths) {
    const Rec rec = Draft(absl::StrCat("Path ", path.size()));
    Rec r;
    for (Rec::State step : path) {
      if (step == Rec::STATE_SUBMITTED) {
        ASSERT_TRUE(Submit(author_, rec.name(), &r).ok());
      } else {
        ASSERT_TRUE(Review(review_service_, rec.name(), step, absl::StrCat("w", ++event), &r).ok());
      }
    }
    rv1::WithdrawRecommendationRequest w;
    w.set_name(rec.name());
    w.set_reason("no longer needed");
    const grpc::Status s = recs_->WithdrawRecommendation(AuthContext(author_).get(), w, &r);
    ASSERT_TRUE(s.ok()) << path.size() << ": " << s.error_message();
    EXPECT_EQ(r.state(), Rec::STATE_WITHDRAWN);
  }
}

TEST_F(RecommendationsTest, VersionsAreAddedOnlyWhileAuthorsHoldThePenAndNeverChange) {
  const Rec draft = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, draft.name(), &r).ok());
  rv1::CreateVersionRequest v;
  v.set_parent(draft.name());
  *v.mutable_version() = Text("New", "S", "B", "en");
  rv1::RecommendationVersion out;
  grpc::Status s = recs_->CreateVersion(AuthContext(author_).get(), v, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("REC-1 is submitted"), std::string::npos);
  EXPECT_THROW(server_->db().QueryValue("UPDATE recommendations.versions SET title = 'x'"),
               std::exception);
  EXPECT_THROW(server_->db().QueryValue("DELETE FROM recommendations.versions"), std::exception);
  EXPECT_EQ(server_->db().QueryValue("SELECT title FROM recommendations.versions"),
            "Digital customs corridor");
}

TEST_F(RecommendationsTest, SubmitNeedsRequiredFieldsAndTheDeadline) {
  Rec rec;
  ASSERT_TRUE(Create(author_, Text("Title only", "", "", "en"), &rec).ok());
  Rec r;
  grpc::Status s = Submit(author_, rec.name(), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("without: summary, body"), std::string::npos)
      << s.error_message();

  const Rec late = Draft("Late");
  server_->clock().Advance(absl::Hours(24 * 11));  // past the deadline, tokens still valid
  s = Submit(author_, late.name(), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("submission deadline"), std::string::npos) << s.error_message();
}

TEST_F(RecommendationsTest, RetriesWithTheSameRequestIdCreateOnce) {
  Rec a, b;
  ASSERT_TRUE(
      Create(author_, Text("T", "S", "B", "en"), &a, "summits/ca-kr-2025/tracks/ai", {}, "k-1")
          .ok());
  ASSERT_TRUE(
      Create(author_, Text("T", "S", "B", "en"), &b, "summits/ca-kr-2025/tracks/ai", {}, "k-1")
          .ok());
  EXPECT_EQ(a.name(), b.name());
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.recommendations"), 1);
  rv1::SubmitRecommendationRequest submit;
  submit.set_name(a.name());
  submit.set_request_id("submit-1");
  Rec s1, s2;
  ASSERT_TRUE(recs_->SubmitRecommendation(AuthContext(author_).get(), submit, &s1).ok());
  ASSERT_TRUE(recs_->SubmitRecommendation(AuthContext(author_).get(), submit, &s2).ok());
  EXPECT_EQ(s1.etag(), s2.etag());
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.events WHERE type = "
                  "'recommendations.recommendation.submitted'"),
            1);
}

TEST_F(RecommendationsTest, ReviewEventsApplyOncePerEventId) {
  const Rec draft = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, draft.name(), &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "outbox-17", &r).ok());
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "outbox-17", &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_IN_REVIEW);
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.events WHERE type = "
                  "'recommendations.recommendation.in_review'"),
            1);
  const Rec other = Draft("Other");
  ASSERT_TRUE(Submit(author_, other.name(), &r).ok());
  grpc::Status s = Review(review_service_, other.name(), Rec::STATE_IN_REVIEW, "outbox-17", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("event_id", 0), 0u);
}

// Review states change only through the review process: the internal API
// refuses every person, coordinators and admins included.
TEST_F(RecommendationsTest, OnlyTheReviewProcessDrivesReview) {
  const Rec draft = Draft();
  Rec r;
  ASSERT_TRUE(Submit(author_, draft.name(), &r).ok());
  int event = 0;
  for (const std::string& person : {author_, reviewer_, coordinator_, server_->admin_token()}) {
    const grpc::Status s =
        Review(person, draft.name(), Rec::STATE_APPROVED, absl::StrCat("a", ++event), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
    EXPECT_NE(s.error_message().find("is internal"), std::string::npos) << s.error_message();
  }
  recommendations::internal::v1::SetReviewersRequest set;
  set.set_name(draft.name());
  set.set_event_id("s1");
  set.add_reviewers("people/other");
  recommendations::internal::v1::SetReviewersResponse out;
  EXPECT_EQ(internal_recs_->SetReviewers(AuthContext(coordinator_).get(), set, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get(author_, draft.name(), &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_SUBMITTED);  // nothing moved it
  // The review service's own credential drives it.
  ASSERT_TRUE(Review(review_service_, draft.name(), Rec::STATE_IN_REVIEW, "a9", &r).ok());
  EXPECT_EQ(r.state(), Rec::STATE_IN_REVIEW);
}

// The one update_mask rule (AIP-134), as in the directory: an empty mask
// means the fields that are set; a named field that cannot change is refused.
TEST_F(RecommendationsTest, AnEmptyUpdateMaskMeansTheFieldsThatAreSet) {
  const Rec draft = Draft();
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name(draft.name());
  up.mutable_recommendation()->set_priority(Rec::PRIORITY_HIGH);
  Rec updated;
  ASSERT_TRUE(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated).ok());
  EXPECT_EQ(updated.priority(), Rec::PRIORITY_HIGH);
  EXPECT_EQ(updated.track(), draft.track());  // not set, so not changed
  up.mutable_update_mask()->add_paths("state");
  const grpc::Status s = recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("update_mask: \"state\" cannot be changed", 0), 0u)
      << s.error_message();
}

TEST_F(RecommendationsTest, StaleEtagsAreRefused) {
  const Rec draft = Draft();
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name(draft.name());
  up.mutable_recommendation()->set_etag(draft.etag());
  up.mutable_recommendation()->set_priority(Rec::PRIORITY_HIGH);
  up.mutable_update_mask()->add_paths("priority");
  Rec updated;
  ASSERT_TRUE(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated).ok());
  EXPECT_EQ(updated.priority(), Rec::PRIORITY_HIGH);
  EXPECT_EQ(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  rv1::CreateVersionRequest v;
  v.set_parent(draft.name());
  v.set_etag(draft.etag());
  *v.mutable_version() = Text("T", "S", "B", "en");
  rv1::RecommendationVersion out;
  EXPECT_EQ(recs_->CreateVersion(AuthContext(author_).get(), v, &out).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(RecommendationsTest, AuthorsManageCoAuthors) {
  const Rec draft = Draft();
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name(draft.name());
  up.mutable_recommendation()->add_authors("people/aigerim");
  up.mutable_recommendation()->add_authors("people/dilnoza");
  up.mutable_update_mask()->add_paths("authors");
  Rec updated;
  EXPECT_EQ(recs_->UpdateRecommendation(AuthContext(same_org_).get(), up, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);  // not an author, cannot even see the draft
  ASSERT_TRUE(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated).ok());
  EXPECT_EQ(updated.authors_size(), 2);
  Rec seen;
  EXPECT_TRUE(Get(other_expert_, draft.name(), &seen).ok());   // dilnoza joined
  EXPECT_EQ(Get(coauthor_, draft.name(), &seen).error_code(),  // kim left
            grpc::StatusCode::NOT_FOUND);
  up.mutable_recommendation()->clear_authors();
  grpc::Status s = recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace summit::testing
