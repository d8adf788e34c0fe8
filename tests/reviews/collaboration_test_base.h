#pragma once
// Fixture for working together on a draft: the feed fixture (reviews, feed)
// plus the notifier's inbox, and helpers for comments and round management.

#include <functional>

#include "summit/notifications/v1/notification_service.grpc.pb.h"
#include "tests/feed/feed_test_base.h"

namespace summit::testing {

namespace nv1 = notifications::v1;

class CollaborationTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    notifications_ = nv1::NotificationService::NewStub(server_->Channel());
  }

  grpc::Status Comment(const std::string& token, const std::string& rec,
                       wv1::Comment::Audience audience, const std::string& cycle,
                       const std::string& body, wv1::Comment* out,
                       const std::string& reply_to = "") {
    wv1::CreateCommentRequest req;
    req.set_parent(rec);
    req.mutable_comment()->set_audience(audience);
    req.mutable_comment()->set_review_cycle(cycle);
    req.mutable_comment()->set_body(body);
    req.mutable_comment()->set_reply_to(reply_to);
    return reviews_->CreateComment(AuthContext(token).get(), req, out);
  }

  grpc::Status Comments(const std::string& token, const std::string& rec,
                        std::vector<wv1::Comment>* out) {
    wv1::ListCommentsRequest req;
    req.set_parent(rec);
    wv1::ListCommentsResponse resp;
    const grpc::Status s = reviews_->ListComments(AuthContext(token).get(), req, &resp);
    out->assign(resp.comments().begin(), resp.comments().end());
    return s;
  }

  // The bodies of the comments the caller reads, in the listed order.
  std::vector<std::string> Bodies(const std::string& token, const std::string& rec) {
    std::vector<wv1::Comment> comments;
    Check(Comments(token, rec, &comments));
    std::vector<std::string> bodies;
    for (const wv1::Comment& c : comments) bodies.push_back(c.body());
    return bodies;
  }

  // An assignment of `person` they have accepted.
  wv1::Assignment Accepted(const std::string& cycle, const std::string& person,
                           const std::string& token) {
    wv1::Assignment a;
    Check(Assign(cycle, person, &a));
    Check(Respond(token, a.name(), true, &a));
    return a;
  }

  std::vector<nv1::Notification> Inbox(const std::string& token) {
    nv1::ListNotificationsRequest req;
    req.set_page_size(100);
    nv1::ListNotificationsResponse resp;
    Check(notifications_->ListNotifications(AuthContext(token).get(), req, &resp));
    return {resp.notifications().begin(), resp.notifications().end()};
  }

  int Count(const std::string& token, nv1::NotificationKind kind) {
    int n = 0;
    for (const nv1::Notification& note : Inbox(token)) n += note.kind() == kind;
    return n;
  }

  // Notifier rounds until `done`, then more rounds, which must change nothing.
  void DeliverUntil(const std::function<bool()>& done) {
    ASSERT_TRUE(server_->RunPendingWorkUntil(done))
        << "the notifier never saw the event; writers open in the cluster:\n"
        << server_->db().DescribeOpenTransactions();
  }

  google::protobuf::Timestamp In(absl::Duration d) {
    return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(server_->clock().Now() + d));
  }

  std::unique_ptr<nv1::NotificationService::Stub> notifications_;
};

}  // namespace summit::testing
