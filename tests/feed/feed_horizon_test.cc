// The feed serves an event only once every older writer that could still
// commit one before it has ended. Writers in this database count; a writer
// in another database of the same cluster (another application, another
// test) must not hold this feed back.
#include <gtest/gtest.h>

#include <pqxx/transaction>

#include "tests/feed/feed_test_base.h"

namespace summit::testing {
namespace {

class FeedHorizonTest : public FeedTest {
 protected:
  // One page of the feed as the coordinator sees it now, with no settling.
  bool FeedShows(const std::string& resource) {
    fv1::ListEventsRequest req;
    req.set_page_size(500);
    for (int pages = 0; pages < 100; ++pages) {
      fv1::ListEventsResponse resp;
      Check(feed_->ListEvents(AuthContext(coordinator_).get(), req, &resp));
      for (const fv1::Event& e : resp.events()) {
        if (e.resource() == resource) return true;
      }
      if (resp.next_page_token().empty()) return false;
      req.set_page_token(resp.next_page_token());
    }
    return false;
  }

  // Whether `resource` shows within a few seconds (the outbox deliverer and
  // the notifier are writers too, briefly).
  bool ShowsSoon(const std::string& resource) {
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (absl::Now() < give_up) {
      if (FeedShows(resource)) return true;
    }
    return false;
  }
};

TEST_F(FeedHorizonTest, AWriterInAnotherDatabaseDoesNotHoldTheFeedBack) {
  pqxx::connection elsewhere(server_->db().admin_conninfo());
  pqxx::work open(elsewhere);
  open.exec("SELECT pg_current_xact_id()");  // holds a transaction ID from here on

  CreateOrganization("after-the-other-writer");
  EXPECT_TRUE(ShowsSoon("organizations/after-the-other-writer"))
      << server_->db().DescribeOpenTransactions();
  open.abort();
}

TEST_F(FeedHorizonTest, AWriterInThisDatabaseHoldsLaterEventsBackUntilItEnds) {
  pqxx::connection here(server_->db().conninfo());
  pqxx::work open(here);
  open.exec("SELECT pg_current_xact_id()");

  CreateOrganization("behind-an-open-writer");
  // Rounds of reads while the writer stays open: never shown, since that
  // writer could still commit an event that sorts before it.
  for (int i = 0; i < 20; ++i) {
    ASSERT_FALSE(FeedShows("organizations/behind-an-open-writer")) << "read " << i;
  }
  open.abort();
  EXPECT_TRUE(ShowsSoon("organizations/behind-an-open-writer"))
      << server_->db().DescribeOpenTransactions();
}

}  // namespace
}  // namespace summit::testing
