// Managing a review round against real servers and PostgreSQL: moving a
// reviewer's dates, unassigning (and replacing) a silent reviewer with the
// reviewer told, and a reviewer editing their review until the decision.
#include "absl/strings/match.h"
#include "tests/reviews/collaboration_test_base.h"

namespace summit::testing {
namespace {

using A = wv1::Assignment;

class ReviewRoundTest : public CollaborationTest {
 protected:
  grpc::Status Redate(const std::string& token, const A& a, absl::Duration review_in, A* out,
                      const std::string& etag) {
    wv1::UpdateAssignmentRequest req;
    req.mutable_assignment()->set_name(a.name());
    *req.mutable_assignment()->mutable_review_due_time() = In(review_in);
    req.mutable_update_mask()->add_paths("review_due_time");
    req.set_etag(etag);
    return reviews_->UpdateAssignment(AuthContext(token).get(), req, out);
  }

  grpc::Status Remove(const std::string& token, const std::string& assignment,
                      const std::string& reason, const std::string& replacement,
                      wv1::RemoveAssignmentResponse* out, const std::string& request_id = "") {
    wv1::RemoveAssignmentRequest req;
    req.set_name(assignment);
    req.set_reason(reason);
    req.set_replacement(replacement);
    req.set_request_id(request_id);
    return reviews_->RemoveAssignment(AuthContext(token).get(), req, out);
  }

  std::string CountEvents(const std::string& type) {
    return server_->db().QueryValue(
        absl::StrCat("SELECT count(*) FROM reviews.events WHERE type = '", type, "'"));
  }
};

TEST_F(ReviewRoundTest, ACoordinatorMovesAReviewersDatesAndTheReviewerIsTold) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  const A a = Accepted(cycle.name(), "people/serik", serik_);
  A moved;
  ASSERT_TRUE(Redate(coordinator_, a, absl::Hours(24 * 30), &moved, a.etag()).ok());
  EXPECT_EQ(moved.review_due_time().seconds(), In(absl::Hours(24 * 30)).seconds());
  EXPECT_EQ(moved.response_due_time().seconds(), a.response_due_time().seconds());
  // Refusals: a stale etag, a date in the past, the authors, the reviewer,
  // an empty change; none of them moved anything.
  EXPECT_EQ(Redate(coordinator_, a, absl::Hours(24 * 40), &moved, a.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  const grpc::Status past = Redate(coordinator_, a, -absl::Hours(1), &moved, "");
  EXPECT_EQ(past.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(past.error_message(), "assignment.review_due_time:"))
      << past.error_message();
  EXPECT_EQ(Redate(author_, a, absl::Hours(24 * 40), &moved, "").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Redate(serik_, a, absl::Hours(24 * 40), &moved, "").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  wv1::UpdateAssignmentRequest empty;
  empty.mutable_assignment()->set_name(a.name());
  EXPECT_EQ(reviews_->UpdateAssignment(AuthContext(coordinator_).get(), empty, &moved).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountEvents("reviews.assignment.redated"), "1");

  DeliverUntil([&] { return Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_DATES_CHANGED) > 0; });
  EXPECT_EQ(Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_DATES_CHANGED), 1);
  // "My work" carries the new date.
  nv1::GetMyWorkResponse work;
  Check(notifications_->GetMyWork(AuthContext(serik_).get(), {}, &work));
  ASSERT_EQ(work.assignments_size(), 1);
  EXPECT_EQ(work.assignments(0).due_time().seconds(), In(absl::Hours(24 * 30)).seconds());
}

TEST_F(ReviewRoundTest, ASilentReviewerIsReplacedWithAReasonAndLosesAccess) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  const A silent = Accepted(cycle.name(), "people/serik", serik_);
  wv1::RemoveAssignmentResponse resp;
  // A reason is required; a conflicted replacement (an author) rolls the
  // whole step back.
  const grpc::Status no_reason = Remove(coordinator_, silent.name(), "", "", &resp);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(no_reason.error_message(), "reason:")) << no_reason.error_message();
  const grpc::Status conflicted =
      Remove(coordinator_, silent.name(), "No answer in 3 weeks", "people/kim", &resp);
  EXPECT_EQ(conflicted.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(conflicted.error_message(), "people/kim is an author of this recommendation");
  EXPECT_EQ(Remove(author_, silent.name(), "No answer", "", &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CountEvents("reviews.assignment.removed"), "0");

  ASSERT_TRUE(Remove(coordinator_, silent.name(), "No answer in 3 weeks", "people/lee", &resp,
                     "replace-serik")
                  .ok());
  EXPECT_EQ(resp.removed().state(), A::STATE_REMOVED);
  EXPECT_EQ(resp.removed().removal_reason(), "No answer in 3 weeks");
  EXPECT_EQ(resp.removed().replaced_by(), resp.replacement().name());
  EXPECT_EQ(resp.replacement().reviewer(), "people/lee");
  EXPECT_EQ(resp.replacement().state(), A::STATE_INVITED);
  // The same request again is the same answer, not a second replacement.
  wv1::RemoveAssignmentResponse again;
  ASSERT_TRUE(Remove(coordinator_, silent.name(), "No answer in 3 weeks", "people/lee", &again,
                     "replace-serik")
                  .ok());
  EXPECT_EQ(again.replacement().name(), resp.replacement().name());
  EXPECT_EQ(CountEvents("reviews.assignment.created"), "2");

  // The removed reviewer can no longer see or review the round.
  wv1::GetReviewCycleRequest get;
  get.set_name(cycle.name());
  wv1::ReviewCycle seen;
  EXPECT_EQ(reviews_->GetReviewCycle(AuthContext(serik_).get(), get, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  wv1::Review review;
  EXPECT_EQ(Review(serik_, silent.name(), wv1::Review::VERDICT_APPROVE, &review).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Authors see a pseudonymous removal, without the coordinator's reason.
  wv1::ListAssignmentsRequest list;
  list.set_parent(cycle.name());
  wv1::ListAssignmentsResponse listed;
  Check(reviews_->ListAssignments(AuthContext(author_).get(), list, &listed));
  ASSERT_EQ(listed.assignments_size(), 2);
  EXPECT_EQ(listed.assignments(0).state(), A::STATE_REMOVED);
  EXPECT_EQ(listed.assignments(0).removal_reason(), "");
  EXPECT_EQ(listed.assignments(0).reviewer(), "");
  // Removing twice, or a submitted review, is refused.
  EXPECT_EQ(Remove(coordinator_, silent.name(), "again", "", &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  A lee = resp.replacement();
  Check(Respond(lee_, lee.name(), true, &lee));
  Check(Review(lee_, lee.name(), wv1::Review::VERDICT_APPROVE, &review));
  EXPECT_EQ(Remove(coordinator_, lee.name(), "changed my mind", "", &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // The recommendations service is told the new reviewer set: lee, not serik.
  EXPECT_EQ(server_->db().QueryValue("SELECT reviewers::text FROM reviews.outbox WHERE kind = "
                                     "'reviewers' ORDER BY id DESC LIMIT 1"),
            "[\"people/lee\"]");

  DeliverUntil([&] { return Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_UNASSIGNED) > 0; });
  std::string told;
  for (const nv1::Notification& n : Inbox(serik_)) {
    if (n.kind() == nv1::NOTIFICATION_KIND_REVIEW_UNASSIGNED) told += n.body();
  }
  EXPECT_NE(told.find("No answer in 3 weeks"), std::string::npos) << told;
  nv1::GetMyWorkResponse work;
  Check(notifications_->GetMyWork(AuthContext(serik_).get(), {}, &work));
  EXPECT_EQ(work.assignments_size(), 0);
}

TEST_F(ReviewRoundTest, AReviewerEditsTheirReviewUntilTheDecisionKeepingEveryText) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  const A a = Accepted(cycle.name(), "people/serik", serik_);
  wv1::Review first;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_MAJOR_CHANGES, &first));
  EXPECT_EQ(first.revision(), 1);

  wv1::UpdateReviewRequest edit;
  *edit.mutable_review() = first;
  edit.mutable_review()->set_verdict(wv1::Review::VERDICT_MINOR_CHANGES);
  edit.mutable_review()->set_comments_to_authors("Better after the call; add costs.");
  edit.set_etag(first.etag());
  wv1::Review second;
  ASSERT_TRUE(reviews_->UpdateReview(AuthContext(serik_).get(), edit, &second).ok());
  EXPECT_EQ(second.revision(), 2);
  EXPECT_EQ(second.verdict(), wv1::Review::VERDICT_MINOR_CHANGES);
  EXPECT_EQ(second.submit_time().seconds(), first.submit_time().seconds());
  // A stale etag, someone else, a bad score: refused, nothing written.
  wv1::Review out;
  EXPECT_EQ(reviews_->UpdateReview(AuthContext(serik_).get(), edit, &out).error_code(),
            grpc::StatusCode::ABORTED);
  edit.set_etag("");
  EXPECT_EQ(reviews_->UpdateReview(AuthContext(coordinator_).get(), edit, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reviews_->UpdateReview(AuthContext(lee_).get(), edit, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  edit.mutable_review()->mutable_scores()->set_impact(9);
  const grpc::Status bad = reviews_->UpdateReview(AuthContext(serik_).get(), edit, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(), "review.scores.impact: must be from 1 to 5");

  wv1::ListReviewRevisionsRequest history;
  history.set_parent(first.name());
  wv1::ListReviewRevisionsResponse revisions;
  ASSERT_TRUE(
      reviews_->ListReviewRevisions(AuthContext(coordinator_).get(), history, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 2);
  EXPECT_EQ(revisions.revisions(0).verdict(), wv1::Review::VERDICT_MAJOR_CHANGES);
  EXPECT_EQ(revisions.revisions(0).comments_to_authors(), "Strong proposal; add costs.");
  EXPECT_EQ(revisions.revisions(1).comments_to_authors(), "Better after the call; add costs.");
  EXPECT_EQ(
      reviews_->ListReviewRevisions(AuthContext(author_).get(), history, &revisions).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The decision reads the current text; after it the review is final.
  wv1::ReviewCycle decided;
  Check(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided));
  edit.mutable_review()->mutable_scores()->set_impact(2);
  const grpc::Status late = reviews_->UpdateReview(AuthContext(serik_).get(), edit, &out);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("final"), std::string::npos) << late.error_message();
  // The database keeps the history whatever the path.
  EXPECT_THROW(server_->db().QueryValue(
                   "UPDATE reviews.reviews SET reviewer = 'people/lee', revision = revision + 1"),
               std::exception);
  EXPECT_THROW(server_->db().QueryValue("DELETE FROM reviews.review_revisions"), std::exception);
}

// A track that names its coordinators is run by them; other coordinators
// read its rounds but neither open, assign nor decide.
TEST_F(ReviewRoundTest, ATracksCoordinatorsRunItsRoundsAndOthersRead) {
  auto name_runners = [&](const std::string& lead, const std::vector<std::string>& others) {
    dv1::UpdateTrackRequest up;
    up.mutable_track()->set_name("summits/ca-kr-2025/tracks/ai");
    up.mutable_track()->set_lead_coordinator(lead);
    for (const std::string& o : others) up.mutable_track()->add_coordinators(o);
    up.mutable_update_mask()->add_paths("lead_coordinator");
    up.mutable_update_mask()->add_paths("coordinators");
    dv1::Track out;
    return dir_->UpdateTrack(AuthContext(server_->admin_token()).get(), up, &out);
  };
  const grpc::Status not_coordinator = name_runners("people/bolat", {"people/serik"});
  EXPECT_EQ(not_coordinator.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(not_coordinator.error_message(),
            "track.coordinators[0]: people/serik is not a coordinator");
  ASSERT_TRUE(name_runners("people/bolat", {}).ok());

  const Rec rec = Submitted();
  wv1::ReviewCycle cycle;
  const grpc::Status other =
      Open(coordinator_, rec.name(), 1, wv1::BLIND_MODE_SINGLE_BLIND, false, &cycle);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(other.error_message(),
            "opening a review cycle in summits/ca-kr-2025/tracks/ai is for its coordinators "
            "(people/bolat)");
  ASSERT_TRUE(Open(coordinator2_, rec.name(), 1, wv1::BLIND_MODE_SINGLE_BLIND, false, &cycle).ok());
  // The other coordinator reads, but does not assign.
  wv1::GetReviewCycleRequest get;
  get.set_name(cycle.name());
  wv1::ReviewCycle seen;
  EXPECT_TRUE(reviews_->GetReviewCycle(AuthContext(coordinator_).get(), get, &seen).ok());
  A a;
  EXPECT_EQ(Assign(cycle.name(), "people/serik", &a).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // Assign() calls as dana
  // Named beside the lead, dana runs the track too.
  ASSERT_TRUE(name_runners("people/bolat", {"people/dana"}).ok());
  ASSERT_TRUE(Assign(cycle.name(), "people/serik", &a).ok());
  Check(Respond(serik_, a.name(), true, &a));
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review));
  wv1::ReviewCycle decided;
  EXPECT_TRUE(Decide(coordinator_, cycle.name(), wv1::Decision::OUTCOME_APPROVE, &decided).ok());
}

}  // namespace
}  // namespace summit::testing
