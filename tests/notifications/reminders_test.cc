// Reminders from due dates, moved by the injected clock: each is produced
// once per (person, resource, kind, due date) however many rounds run, the
// overdue one follows the due one, and the inbox and "my work" show them.
#include <gtest/gtest.h>

#include <functional>

#include "summit/notifications/v1/notification_service.grpc.pb.h"
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

namespace nv1 = notifications::v1;

class RemindersTest : public ReviewsTest {
 protected:
  void SetUp() override {
    ReviewsTest::SetUp();
    notifications_ = nv1::NotificationService::NewStub(server_->Channel());
  }

  // Every kind in the person's inbox, one entry per notification.
  std::vector<nv1::NotificationKind> Inbox(const std::string& token) {
    nv1::ListNotificationsRequest req;
    req.set_page_size(100);
    nv1::ListNotificationsResponse resp;
    Check(notifications_->ListNotifications(AuthContext(token).get(), req, &resp));
    std::vector<nv1::NotificationKind> kinds;
    for (const auto& n : resp.notifications()) kinds.push_back(n.kind());
    return kinds;
  }

  int Count(const std::string& token, nv1::NotificationKind kind) {
    const auto kinds = Inbox(token);
    return static_cast<int>(std::count(kinds.begin(), kinds.end(), kind));
  }

  // Several rounds: a reminder must not come twice however often they run.
  void Rounds() {
    for (int i = 0; i < 3; ++i) Deliver();
  }

  void DeliverUntil(const std::function<bool()>& done) {
    ASSERT_TRUE(server_->RunPendingWorkUntil(done))
        << "the notifier never saw the event; writers open in the cluster:\n"
        << server_->db().DescribeOpenTransactions();
  }

  std::string AssignmentState(const std::string& token) {
    nv1::GetMyWorkResponse work;
    Check(notifications_->GetMyWork(AuthContext(token).get(), {}, &work));
    return work.assignments_size() == 0 ? "none" : work.assignments(0).state();
  }

  std::unique_ptr<nv1::NotificationService::Stub> notifications_;
};

TEST_F(RemindersTest, ReviewerIsToldOnceThenRemindedOnceThenOverdueOnce) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  wv1::Assignment a;
  // Answer due in 5 days.
  Check(Assign(cycle.name(), "people/serik", &a, absl::Hours(24 * 5)));
  DeliverUntil([&] { return Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_ASSIGNED) > 0; });
  EXPECT_EQ(1, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_ASSIGNED));
  EXPECT_EQ(0, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE));

  // My work lists the invitation with its date, across cycles.
  nv1::GetMyWorkResponse work;
  Check(notifications_->GetMyWork(AuthContext(serik_).get(), {}, &work));
  ASSERT_EQ(1, work.assignments_size());
  EXPECT_EQ(a.name(), work.assignments(0).resource());
  EXPECT_EQ("STATE_INVITED", work.assignments(0).state());
  EXPECT_FALSE(work.assignments(0).overdue());

  server_->clock().Advance(absl::Hours(24 * 3) + absl::Hours(12));  // 36 h before the date
  Rounds();
  EXPECT_EQ(1, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE));
  EXPECT_EQ(0, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_OVERDUE));

  server_->clock().Advance(absl::Hours(48));  // 12 h past it
  Rounds();
  EXPECT_EQ(1, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE));
  EXPECT_EQ(1, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_OVERDUE));
  Check(notifications_->GetMyWork(AuthContext(serik_).get(), {}, &work));
  ASSERT_EQ(1, work.assignments_size());
  EXPECT_TRUE(work.assignments(0).overdue());
}

TEST_F(RemindersTest, AnsweredInvitationGetsTheReviewDateReminderInstead) {
  const Rec rec = Submitted();
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  wv1::Assignment a;
  Check(Assign(cycle.name(), "people/serik", &a, absl::Hours(24 * 5)));  // review due in 6 days
  wv1::Assignment accepted;
  Check(Respond(serik_, a.name(), true, &accepted));
  DeliverUntil([&] { return AssignmentState(serik_) == "STATE_ACCEPTED"; });
  server_->clock().Advance(absl::Hours(24 * 4) + absl::Hours(12));  // review due in 36 h
  Rounds();
  EXPECT_EQ(0, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE));
  EXPECT_EQ(1, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_DUE));
  // Submitting the review ends the reminders.
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review));
  DeliverUntil([&] { return AssignmentState(serik_) == "none"; });
  server_->clock().Advance(absl::Hours(48));
  Rounds();
  EXPECT_EQ(0, Count(serik_, nv1::NOTIFICATION_KIND_REVIEW_OVERDUE));
}

TEST_F(RemindersTest, AuthorsHearOfReceiptAndDecisionButNeverTheReviewersName) {
  const Rec rec = Submitted();
  DeliverUntil([&] { return Count(author_, nv1::NOTIFICATION_KIND_SUBMISSION_RECEIVED) > 0; });
  EXPECT_EQ(1, Count(author_, nv1::NOTIFICATION_KIND_SUBMISSION_RECEIVED));
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  wv1::Assignment a;
  Check(Assign(cycle.name(), "people/serik", &a));
  wv1::Assignment accepted;
  Check(Respond(serik_, a.name(), true, &accepted));
  wv1::Review review;
  Check(Review(serik_, a.name(), wv1::Review::VERDICT_MAJOR_CHANGES, &review));
  wv1::DecideReviewCycleRequest decide;
  decide.set_name(cycle.name());
  decide.set_outcome(wv1::Decision::OUTCOME_REQUEST_CHANGES);
  decide.set_rationale("Add the transit leg.");
  wv1::ReviewCycle decided;
  Check(reviews_->DecideReviewCycle(AuthContext(coordinator_).get(), decide, &decided));
  DeliverUntil([&] { return Count(author_, nv1::NOTIFICATION_KIND_CHANGES_REQUESTED) > 0; });
  EXPECT_EQ(1, Count(author_, nv1::NOTIFICATION_KIND_CHANGES_REQUESTED));
  nv1::ListNotificationsRequest req;
  nv1::ListNotificationsResponse resp;
  Check(notifications_->ListNotifications(AuthContext(author_).get(), req, &resp));
  for (const auto& n : resp.notifications()) {
    EXPECT_EQ(std::string::npos, (n.title() + n.body()).find("serik")) << n.body();
  }
  nv1::GetMyWorkResponse work;
  Check(notifications_->GetMyWork(AuthContext(author_).get(), {}, &work));
  ASSERT_EQ(1, work.waiting_on_me_size());
  EXPECT_EQ(rec.name(), work.waiting_on_me(0).resource());
}

TEST_F(RemindersTest, ReadMarksAreOwnAndAnotherPersonsNotificationIsNotFound) {
  Submitted();
  DeliverUntil([&] { return !Inbox(author_).empty(); });
  nv1::ListNotificationsResponse mine;
  Check(notifications_->ListNotifications(AuthContext(author_).get(), {}, &mine));
  ASSERT_GE(mine.notifications_size(), 1);
  EXPECT_GE(mine.unread_count(), 1);
  nv1::MarkNotificationsReadRequest other;
  other.add_names(mine.notifications(0).name());
  nv1::MarkNotificationsReadResponse marked;
  EXPECT_EQ(grpc::StatusCode::NOT_FOUND,
            notifications_->MarkNotificationsRead(AuthContext(serik_).get(), other, &marked)
                .error_code());
  Check(notifications_->MarkNotificationsRead(AuthContext(author_).get(), other, &marked));
  EXPECT_EQ(1, marked.marked());
  Check(notifications_->MarkNotificationsRead(AuthContext(author_).get(), other, &marked));
  EXPECT_EQ(0, marked.marked());
}

}  // namespace
}  // namespace summit::testing
