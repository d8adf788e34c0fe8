// A create's audit events wait for its request-log row and are written with
// it, in one statement: in the order appended, whole (text any JSON must
// escape), and not at all when the create is a retry. Without a request_id
// there is no log row, and events are written at once.
#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/transaction>

#include "services/common/audit.h"
#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/recommendations/sql/queries.h"
#include "tests/support/test_database.h"

namespace summit::testing {
namespace {

using google::protobuf::StringValue;
const ServiceSchema& kSchema = recommendations::sql::kSchema;

class DeferredEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    session_ = std::make_unique<DbSession>(db_->conninfo(), &recommendations::sql::Statements());
  }

  pqxx::connection_base& Conn() { return *session_->Connection().value(); }

  int TestEvents(pqxx::transaction_base& txn) {
    return txn.exec1("SELECT count(*) FROM recommendations.events WHERE type LIKE 'test.%'")[0]
        .as<int>();
  }

  // Runs CreateOnce for `request_id` with a create that appends two events
  // and counts, inside it, the events already in the table.
  absl::StatusOr<StringValue> Create(const std::string& request_id, int* seen_inside,
                                     bool* created) {
    pqxx::work txn(Conn());
    const IdempotencyKey key{
        .actor = "people/a", .request_id = request_id, .method = "Test", .fingerprint = "f"};
    absl::StatusOr<StringValue> result = CreateOnce<StringValue>(
        txn, kSchema.RequestLog(), key, [&]() -> absl::StatusOr<StringValue> {
          *created = true;
          AppendEvent(txn, kSchema.insert_event,
                      {.actor = "people/a",
                       .type = "test.first",
                       .resource = kAwkward,
                       .before_json = "",
                       .after_json = R"({"x": "y\"z"})",
                       .request_id = request_id});
          AppendEvent(txn, kSchema.insert_event,
                      {.actor = "people/a",
                       .type = "test.second",
                       .resource = "b",
                       .before_json = R"({"n": 1})",
                       .after_json = "",
                       .request_id = ""});
          *seen_inside = TestEvents(txn);
          StringValue done;
          done.set_value("done");
          return done;
        });
    txn.commit();
    return result;
  }

  static constexpr char kAwkward[] = "quote \" backslash \\ newline \n tab \t bell \x01 한국어";
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<DbSession> session_;
};

TEST_F(DeferredEventsTest, ACreatesEventsAreWrittenWithItsLogRowInOrderAndWhole) {
  int seen_inside = -1;
  bool created = false;
  ASSERT_TRUE(Create("r1", &seen_inside, &created).ok());
  EXPECT_TRUE(created);
  EXPECT_EQ(seen_inside, 0);  // held back until the log's row

  pqxx::work txn(Conn());
  const pqxx::result rows = txn.exec(
      "SELECT type, resource, before::text, after::text, request_id FROM recommendations.events "
      "WHERE type LIKE 'test.%' ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as<std::string>(), "test.first");
  EXPECT_EQ(rows[0][1].as<std::string>(), kAwkward);
  EXPECT_TRUE(rows[0][2].is_null());
  EXPECT_EQ(rows[0][3].as<std::string>(), R"({"x": "y\"z"})");
  EXPECT_EQ(rows[0][4].as<std::string>(), "r1");
  EXPECT_EQ(rows[1][0].as<std::string>(), "test.second");
  EXPECT_EQ(rows[1][2].as<std::string>(), R"({"n": 1})");
  EXPECT_TRUE(rows[1][3].is_null());
  EXPECT_TRUE(rows[1][4].is_null());
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM recommendations.request_log WHERE request_id = 'r1'")[0]
                .as<int>(),
            1);
}

TEST_F(DeferredEventsTest, ARetryGetsTheFirstResponseAndWritesNoEvent) {
  int seen_inside = -1;
  bool created = false;
  ASSERT_TRUE(Create("r2", &seen_inside, &created).ok());
  created = false;
  absl::StatusOr<StringValue> again = Create("r2", &seen_inside, &created);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(created);
  EXPECT_EQ(again->value(), "done");
  pqxx::work txn(Conn());
  EXPECT_EQ(TestEvents(txn), 2);
}

TEST_F(DeferredEventsTest, WithoutARequestIdEventsAreWrittenAtOnce) {
  int seen_inside = -1;
  bool created = false;
  ASSERT_TRUE(Create("", &seen_inside, &created).ok());
  EXPECT_EQ(seen_inside, 2);
  pqxx::work txn(Conn());
  EXPECT_EQ(TestEvents(txn), 2);
}

}  // namespace
}  // namespace summit::testing
