// Author responses (rebuttals) against real servers and PostgreSQL: the
// authors read the reviews once they are in and answer by a due date; the
// decision waits for the answer or the date; reviewers read it (double-blind
// reviewers without the author's name); nobody else writes it.
#include "absl/strings/match.h"
#include "tests/reviews/collaboration_test_base.h"

namespace summit::testing {
namespace {

class AuthorResponseTest : public CollaborationTest {
 protected:
  // A double-blind round of one review that asks for the authors' answer
  // within `respond_in`.
  wv1::ReviewCycle OpenAskingForResponse(const std::string& rec, absl::Duration respond_in) {
    wv1::OpenReviewCycleRequest req;
    req.set_parent(rec);
    req.mutable_policy()->set_required_reviews(1);
    req.mutable_policy()->set_blind_mode(wv1::BLIND_MODE_DOUBLE_BLIND);
    req.mutable_policy()->set_author_response(true);
    *req.mutable_author_response_due_time() = In(respond_in);
    wv1::ReviewCycle c;
    Check(reviews_->OpenReviewCycle(AuthContext(coordinator_).get(), req, &c));
    return c;
  }

  grpc::Status Respond(const std::string& token, const std::string& cycle, const std::string& body,
                       wv1::AuthorResponse* out, const std::string& etag = "") {
    wv1::SubmitAuthorResponseRequest req;
    req.set_parent(cycle);
    req.mutable_author_response()->set_body(body);
    req.set_etag(etag);
    return reviews_->SubmitAuthorResponse(AuthContext(token).get(), req, out);
  }

  int ReviewsReadBy(const std::string& token, const std::string& cycle) {
    wv1::ListReviewsRequest req;
    req.set_parent(cycle);
    wv1::ListReviewsResponse resp;
    Check(reviews_->ListReviews(AuthContext(token).get(), req, &resp));
    return resp.reviews_size();
  }
};

TEST_F(AuthorResponseTest, AuthorsAnswerTheReviewsBeforeTheDecision) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenAskingForResponse(rec.name(), absl::Hours(24 * 10));
  EXPECT_TRUE(cycle.policy().author_response());
  wv1::AuthorResponse response;
  // Not before the reviews are in; the authors read nothing yet.
  const grpc::Status early = Respond(author_, cycle.name(), "Thank you", &response);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(early.error_message().find("0 so far"), std::string::npos) << early.error_message();
  const wv1::Assignment a = Accepted(cycle.name(), "people/serik", serik_);
  EXPECT_EQ(ReviewsReadBy(author_, cycle.name()), 0);
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_MAJOR_CHANGES, &review));
  // Now the authors read the reviews, under pseudonyms, without the
  // confidential part.
  wv1::ListReviewsRequest list;
  list.set_parent(cycle.name());
  wv1::ListReviewsResponse read;
  Check(reviews_->ListReviews(AuthContext(author_).get(), list, &read));
  ASSERT_EQ(read.reviews_size(), 1);
  EXPECT_EQ(read.reviews(0).reviewer(), "");
  EXPECT_EQ(read.reviews(0).confidential_comments(), "");
  // The decision waits for the answer, until its date.
  wv1::ReviewCycle decided;
  const grpc::Status waiting =
      Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided);
  EXPECT_EQ(waiting.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(waiting.error_message().find("waits for the authors' response"), std::string::npos)
      << waiting.error_message();
  // Only authors write it.
  for (const std::string& other : {coordinator_, serik_}) {
    EXPECT_EQ(Respond(other, cycle.name(), "Not mine", &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Respond(author_, cycle.name(), "", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Respond(author_, cycle.name(), "Costs are in annex B.", &response).ok());
  EXPECT_EQ(response.name(), cycle.name() + "/authorResponse");
  EXPECT_EQ(response.revision(), 1);
  // A co-author rewrites it; a stale etag is refused; the earlier text stays.
  wv1::AuthorResponse rewritten;
  ASSERT_TRUE(
      Respond(coauthor_, cycle.name(), "Costs: annex B, table 2.", &rewritten, response.etag())
          .ok());
  EXPECT_EQ(rewritten.revision(), 2);
  EXPECT_EQ(Respond(author_, cycle.name(), "Again", &response, response.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(server_->db().QueryValue("SELECT body FROM reviews.author_response_revisions"),
            "Costs are in annex B.");

  // The reviewer reads it without learning which author wrote it.
  wv1::GetAuthorResponseRequest get;
  get.set_name(response.name());
  wv1::AuthorResponse seen;
  ASSERT_TRUE(reviews_->GetAuthorResponse(AuthContext(serik_).get(), get, &seen).ok());
  EXPECT_EQ(seen.body(), "Costs: annex B, table 2.");
  EXPECT_EQ(seen.author(), "");
  ASSERT_TRUE(reviews_->GetAuthorResponse(AuthContext(coordinator_).get(), get, &seen).ok());
  EXPECT_EQ(seen.author(), "people/kim");
  EXPECT_EQ(reviews_->GetAuthorResponse(AuthContext(other_expert_).get(), get, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  std::string reviewer_feed;
  for (const fv1::Event& e : ListAll(serik_)) reviewer_feed += e.DebugString();
  EXPECT_NE(reviewer_feed.find("reviews.author_response.submitted"), std::string::npos);
  EXPECT_EQ(reviewer_feed.find("people/kim"), std::string::npos);
  EXPECT_EQ(reviewer_feed.find("people/aigerim"), std::string::npos);

  // Told: the authors when the reviews came in, the reviewer when they answered.
  DeliverUntil([&] {
    return Count(author_, nv1::NOTIFICATION_KIND_AUTHOR_RESPONSE_REQUESTED) > 0 &&
           Count(serik_, nv1::NOTIFICATION_KIND_AUTHOR_RESPONSE) > 0;
  });
  EXPECT_EQ(Count(coauthor_, nv1::NOTIFICATION_KIND_AUTHOR_RESPONSE_REQUESTED), 1);
  EXPECT_EQ(Count(serik_, nv1::NOTIFICATION_KIND_AUTHOR_RESPONSE), 1);  // once, not per rewrite
  std::string author_told;
  for (const nv1::Notification& n : Inbox(author_)) author_told += n.DebugString();
  EXPECT_EQ(author_told.find("serik"), std::string::npos) << author_told;

  ASSERT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
  EXPECT_EQ(Respond(author_, cycle.name(), "Late", &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(AuthorResponseTest, ADecisionGoesAheadOnceTheResponseDateHasPassed) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenAskingForResponse(rec.name(), absl::Hours(48));
  const wv1::Assignment a = Accepted(cycle.name(), "people/serik", serik_);
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review));
  wv1::ReviewCycle decided;
  EXPECT_EQ(
      Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  server_->clock().Advance(absl::Hours(49));
  EXPECT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
}

TEST_F(AuthorResponseTest, APolicyThatAsksForAResponseNeedsItsDate) {
  const Rec rec = Submitted();
  wv1::OpenReviewCycleRequest req;
  req.set_parent(rec.name());
  req.mutable_policy()->set_required_reviews(1);
  req.mutable_policy()->set_author_response(true);
  wv1::ReviewCycle c;
  const grpc::Status missing = reviews_->OpenReviewCycle(AuthContext(coordinator_).get(), req, &c);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(missing.error_message(), "author_response_due_time:"));
  *req.mutable_author_response_due_time() = In(-absl::Hours(1));
  EXPECT_EQ(reviews_->OpenReviewCycle(AuthContext(coordinator_).get(), req, &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A cycle that asks for none takes no response.
  const wv1::ReviewCycle plain = OpenCycle(rec.name(), 1);
  const wv1::Assignment a = Accepted(plain.name(), "people/serik", serik_);
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review));
  wv1::AuthorResponse response;
  EXPECT_EQ(Respond(author_, plain.name(), "Thanks", &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReviewsReadBy(author_, plain.name()), 0);  // authors still wait for the decision
}

}  // namespace
}  // namespace summit::testing
