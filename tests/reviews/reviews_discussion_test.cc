// Discussion threads on a recommendation, against real servers and
// PostgreSQL: who reads and writes each audience (and the refusals),
// replies in their thread, edits with history, soft deletion, and the blind
// rules in every answer, the activity feed and the notifications.
#include "absl/strings/match.h"
#include "tests/reviews/collaboration_test_base.h"

namespace summit::testing {
namespace {

using C = wv1::Comment;

class DiscussionTest : public CollaborationTest {
 protected:
  // A submitted recommendation in review: serik has accepted (no review
  // yet), lee has reviewed.
  void SetUpRound(wv1::BlindMode mode) {
    rec_ = Submitted().name();
    cycle_ = OpenCycle(rec_, 1, mode).name();
    serik_assignment_ = Accepted(cycle_, "people/serik", serik_).name();
    Reviewed(cycle_, "people/lee", lee_, wv1::Review::VERDICT_APPROVE);
  }

  std::string rec_, cycle_, serik_assignment_;
};

TEST_F(DiscussionTest, EachAudienceIsReadAndWrittenByItsPeopleOnly) {
  SetUpRound(wv1::BLIND_MODE_SINGLE_BLIND);
  C c;
  // Authors with coordinators.
  ASSERT_TRUE(Comment(author_, rec_, C::AUDIENCE_AUTHORS, "", "Can we add Uzbekistan?", &c).ok());
  EXPECT_EQ(c.author(), "people/aigerim");
  EXPECT_EQ(c.author_label(), "Author");
  EXPECT_EQ(c.thread(), c.name());
  // The reviewers' discussion: lee's review is in, serik's is not yet.
  ASSERT_TRUE(Comment(lee_, rec_, C::AUDIENCE_REVIEWERS, cycle_, "Costs are thin.", &c).ok());
  EXPECT_EQ(c.author_label(), "Reviewer 2");
  const grpc::Status early = Comment(serik_, rec_, C::AUDIENCE_REVIEWERS, cycle_, "I agree", &c);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(early.error_message(), "comment.audience:"))
      << early.error_message();
  ASSERT_TRUE(Comment(serik_, rec_, C::AUDIENCE_ALL, cycle_, "Which years?", &c).ok());
  ASSERT_TRUE(Comment(coordinator_, rec_, C::AUDIENCE_COORDINATORS, "", "Decide Friday", &c).ok());

  using V = std::vector<std::string>;
  EXPECT_EQ(Bodies(author_, rec_), (V{"Can we add Uzbekistan?", "Which years?"}));
  EXPECT_EQ(Bodies(coauthor_, rec_), (V{"Can we add Uzbekistan?", "Which years?"}));
  EXPECT_EQ(Bodies(lee_, rec_), (V{"Costs are thin.", "Which years?"}));
  EXPECT_EQ(Bodies(serik_, rec_), (V{"Which years?"}));
  EXPECT_EQ(Bodies(coordinator_, rec_),
            (V{"Can we add Uzbekistan?", "Costs are thin.", "Which years?", "Decide Friday"}));

  // Refusals: an audience the writer is not in; a cycle-bound audience
  // without its cycle; someone with no part in the work.
  EXPECT_EQ(Comment(author_, rec_, C::AUDIENCE_REVIEWERS, cycle_, "Let me in", &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Comment(author_, rec_, C::AUDIENCE_COORDINATORS, "", "Psst", &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  const grpc::Status no_cycle = Comment(author_, rec_, C::AUDIENCE_ALL, "", "Hello", &c);
  EXPECT_EQ(no_cycle.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(no_cycle.error_message(), "comment.review_cycle:"))
      << no_cycle.error_message();
  EXPECT_EQ(Comment(author_, rec_, C::AUDIENCE_UNSPECIFIED, "", "Hello", &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Comment(author_, rec_, C::AUDIENCE_AUTHORS, "", "", &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  for (const std::string& outsider : {other_expert_, observer_, same_org_}) {
    std::vector<C> seen;
    EXPECT_EQ(Comments(outsider, rec_, &seen).error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(Comment(outsider, rec_, C::AUDIENCE_AUTHORS, "", "Hi", &c).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  // A draft has no discussion yet, even for its coordinators.
  const Rec draft = Draft("Still a draft");
  EXPECT_EQ(Comment(coordinator_, draft.name(), C::AUDIENCE_AUTHORS, "", "Hi", &c).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Nothing refused was written.
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM reviews.comments"), "4");
}

TEST_F(DiscussionTest, RepliesStayInTheirThreadAndAudience) {
  SetUpRound(wv1::BLIND_MODE_SINGLE_BLIND);
  C first, second, reply;
  ASSERT_TRUE(Comment(author_, rec_, C::AUDIENCE_AUTHORS, "", "First thread", &first).ok());
  ASSERT_TRUE(Comment(serik_, rec_, C::AUDIENCE_ALL, cycle_, "Second thread", &second).ok());
  // A reply takes its thread's audience and cycle.
  ASSERT_TRUE(Comment(coordinator_, rec_, C::AUDIENCE_UNSPECIFIED, "", "Reply to first", &reply,
                      first.name())
                  .ok());
  EXPECT_EQ(reply.audience(), C::AUDIENCE_AUTHORS);
  EXPECT_EQ(reply.thread(), first.name());
  EXPECT_EQ(reply.reply_to(), first.name());
  C deeper;
  ASSERT_TRUE(
      Comment(coauthor_, rec_, C::AUDIENCE_UNSPECIFIED, "", "Reply to reply", &deeper, reply.name())
          .ok());
  EXPECT_EQ(deeper.thread(), first.name());
  // Threads in the order they started, replies under them.
  EXPECT_EQ(Bodies(coordinator_, rec_),
            (std::vector<std::string>{"First thread", "Reply to first", "Reply to reply",
                                      "Second thread"}));
  // Another audience for a reply, a thread the writer cannot read, another
  // recommendation's comment: refused.
  C refused;
  const grpc::Status other_audience =
      Comment(coordinator_, rec_, C::AUDIENCE_COORDINATORS, "", "x", &refused, first.name());
  EXPECT_EQ(other_audience.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(other_audience.error_message().find("thread's audience"), std::string::npos);
  EXPECT_EQ(
      Comment(lee_, rec_, C::AUDIENCE_UNSPECIFIED, "", "x", &refused, first.name()).error_code(),
      grpc::StatusCode::NOT_FOUND);
  const Rec other = Submitted("Another corridor");
  EXPECT_EQ(Comment(author_, other.name(), C::AUDIENCE_UNSPECIFIED, "", "x", &refused, first.name())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DiscussionTest, EditsKeepHistoryAndDeletingHidesTheTextButKeepsThePlace) {
  SetUpRound(wv1::BLIND_MODE_SINGLE_BLIND);
  C c;
  ASSERT_TRUE(Comment(author_, rec_, C::AUDIENCE_AUTHORS, "", "Version one", &c).ok());
  const std::string first_etag = c.etag();
  wv1::UpdateCommentRequest edit;
  edit.mutable_comment()->set_name(c.name());
  edit.mutable_comment()->set_body("Version two");
  edit.set_etag(c.etag());
  ASSERT_TRUE(reviews_->UpdateComment(AuthContext(author_).get(), edit, &c).ok());
  EXPECT_EQ(c.revision(), 2);
  edit.mutable_comment()->set_body("Version three");
  EXPECT_EQ(reviews_->UpdateComment(AuthContext(author_).get(), edit, &c).error_code(),
            grpc::StatusCode::ABORTED);  // the etag read before the first edit
  edit.set_etag(c.etag());
  ASSERT_TRUE(reviews_->UpdateComment(AuthContext(author_).get(), edit, &c).ok());
  EXPECT_EQ(c.revision(), 3);
  EXPECT_NE(c.etag(), first_etag);
  // Only the writer edits; a reader who is not the writer is refused.
  C other;
  edit.set_etag("");
  EXPECT_EQ(reviews_->UpdateComment(AuthContext(coauthor_).get(), edit, &other).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reviews_->UpdateComment(AuthContext(lee_).get(), edit, &other).error_code(),
            grpc::StatusCode::NOT_FOUND);

  wv1::ListCommentRevisionsRequest history;
  history.set_parent(c.name());
  wv1::ListCommentRevisionsResponse revisions;
  ASSERT_TRUE(
      reviews_->ListCommentRevisions(AuthContext(coauthor_).get(), history, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 3);
  EXPECT_EQ(revisions.revisions(0).body(), "Version one");
  EXPECT_EQ(revisions.revisions(1).body(), "Version two");
  EXPECT_EQ(revisions.revisions(2).body(), "Version three");

  // A co-author may not delete it; a coordinator may; the place stays.
  wv1::DeleteCommentRequest del;
  del.set_name(c.name());
  EXPECT_EQ(reviews_->DeleteComment(AuthContext(coauthor_).get(), del, &other).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(reviews_->DeleteComment(AuthContext(coordinator_).get(), del, &other).ok());
  EXPECT_EQ(other.state(), C::STATE_DELETED);
  std::vector<C> listed;
  Check(Comments(author_, rec_, &listed));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].state(), C::STATE_DELETED);
  EXPECT_EQ(listed[0].body(), "");
  ASSERT_TRUE(reviews_->ListCommentRevisions(AuthContext(author_).get(), history, &revisions).ok());
  EXPECT_EQ(revisions.revisions_size(), 0);
  ASSERT_TRUE(
      reviews_->ListCommentRevisions(AuthContext(coordinator_).get(), history, &revisions).ok());
  EXPECT_EQ(revisions.revisions_size(), 3);  // kept for the audit
  C reply;
  EXPECT_EQ(
      Comment(author_, rec_, C::AUDIENCE_UNSPECIFIED, "", "But", &reply, c.name()).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // Nothing is erased, not even by hand.
  EXPECT_THROW(server_->db().QueryValue("DELETE FROM reviews.comments"), std::exception);
  EXPECT_THROW(server_->db().QueryValue("UPDATE reviews.comment_revisions SET body = ''"),
               std::exception);
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM reviews.events WHERE type LIKE "
                                     "'reviews.comment.%'"),
            "4");  // created, updated twice, deleted
}

// Double-blind: authors see "Reviewer 1", reviewers see "Author", in the
// answers, in the feed and in the notifications; coordinators see names.
TEST_F(DiscussionTest, BlindRulesHoldInAnswersTheFeedAndNotifications) {
  SetUpRound(wv1::BLIND_MODE_DOUBLE_BLIND);
  C asked, answered;
  ASSERT_TRUE(Comment(author_, rec_, C::AUDIENCE_ALL, cycle_, "Which figures help?", &asked).ok());
  ASSERT_TRUE(Comment(serik_, rec_, C::AUDIENCE_ALL, cycle_, "Trade volumes by year.", &answered,
                      asked.name())
                  .ok());
  EXPECT_EQ(answered.author(), "people/serik");  // the writer knows themself

  std::vector<C> seen;
  Check(Comments(author_, rec_, &seen));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].author(), "");
  EXPECT_EQ(seen[1].author_label(), "Reviewer 1");
  Check(Comments(serik_, rec_, &seen));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].author(), "");
  EXPECT_EQ(seen[0].author_label(), "Author");
  Check(Comments(coordinator_, rec_, &seen));
  EXPECT_EQ(seen[0].author(), "people/aigerim");
  EXPECT_EQ(seen[1].author(), "people/serik");

  // The feed: the author sees that Reviewer 1 answered, never who.
  const std::vector<fv1::Event> author_feed = ListAll(author_);
  const std::string author_sees = Everything(author_feed);
  EXPECT_EQ(author_sees.find("serik"), std::string::npos);
  int comment_events = 0;
  for (const fv1::Event& e : author_feed) {
    if (e.resource() == answered.name()) {
      ++comment_events;
      EXPECT_EQ(e.actor(), "");
    }
  }
  EXPECT_EQ(comment_events, 1);
  std::string reviewer_sees;
  for (const fv1::Event& e : ListAll(serik_)) {
    if (absl::StrContains(e.resource(), "/comments/")) reviewer_sees += e.DebugString();
  }
  EXPECT_NE(reviewer_sees.find(asked.name()), std::string::npos);
  EXPECT_EQ(reviewer_sees.find("aigerim"), std::string::npos);
  EXPECT_EQ(reviewer_sees.find("people/kim"), std::string::npos);

  // Notifications: each reader but the writer is told, under the same rules.
  DeliverUntil([&] {
    return Count(author_, nv1::NOTIFICATION_KIND_COMMENT) > 0 &&
           Count(serik_, nv1::NOTIFICATION_KIND_COMMENT) > 0;
  });
  std::string author_told;
  for (const nv1::Notification& n : Inbox(author_)) author_told += n.DebugString();
  EXPECT_NE(author_told.find("Reviewer 1"), std::string::npos) << author_told;
  EXPECT_NE(author_told.find("Trade volumes by year."), std::string::npos);
  EXPECT_EQ(author_told.find("serik"), std::string::npos) << author_told;
  std::string reviewer_told;
  for (const nv1::Notification& n : Inbox(serik_)) reviewer_told += n.DebugString();
  EXPECT_NE(reviewer_told.find("Author wrote"), std::string::npos) << reviewer_told;
  EXPECT_EQ(reviewer_told.find("aigerim"), std::string::npos) << reviewer_told;
  // The co-author reads the thread and is told; the writer is not; lee
  // (reviewed, accepted) reads ALL threads and is told too.
  EXPECT_EQ(Count(coauthor_, nv1::NOTIFICATION_KIND_COMMENT), 2);
  EXPECT_EQ(Count(author_, nv1::NOTIFICATION_KIND_COMMENT), 1);
  EXPECT_EQ(Count(lee_, nv1::NOTIFICATION_KIND_COMMENT), 2);
  EXPECT_EQ(Count(other_expert_, nv1::NOTIFICATION_KIND_COMMENT), 0);
}

}  // namespace
}  // namespace summit::testing
