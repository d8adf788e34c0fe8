// Recommendation rows read straight through libpq in binary
// (QueryRecommendations on a session's connection) equal the rows libpqxx
// reads in text, on the real schema: every column, NULL and not, arrays
// empty and not, text that a text form escapes; and a column of a type the
// reader does not expect is refused, not misread.
#include "services/recommendations/recommendation_rows.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/binary_query.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"
#include "services/recommendations/sql/queries.h"
#include "tests/support/test_database.h"

namespace summit::testing {
namespace {

using recommendations::QueryRecommendations;
using recommendations::ReadRecommendations;
using recommendations::RecommendationRow;
namespace sql = recommendations::sql;

// Every recommendation of a summit, in number order: a result of many rows.
const PreparedStatement kAllOfSummit{
    "test_rec_all", "SELECT " REC_COLUMNS
                    " FROM recommendations.recommendations WHERE summit = $1 ORDER BY number"};
// The same columns with the number as a bigint, which the reader takes too.
const PreparedStatement kNumberAsBigint{
    "test_rec_bigint",
    absl::StrReplaceAll(kAllOfSummit.sql, {{"name, number,", "name, number::bigint AS number,"}})};
// ... and as text, which it must refuse.
const PreparedStatement kNumberAsText{
    "test_rec_text",
    absl::StrReplaceAll(kAllOfSummit.sql, {{"name, number,", "name, number::text AS number,"}})};

class RecommendationRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    statements_ = sql::Statements();
    for (const PreparedStatement* s : {&kAllOfSummit, &kNumberAsBigint, &kNumberAsText}) {
      statements_.push_back(*s);
      db_->conn().prepare(s->name, s->sql);
    }
    session_ = std::make_unique<DbSession>(db_->conninfo(), &statements_);
    // A submitted one with every array filled, double-blind, and text a
    // text result would escape; a draft with empty arrays and no submit time.
    pqxx::nontransaction(db_->conn()).exec(R"sql(
      INSERT INTO recommendations.recommendations (name, summit, number, track,
        owner_organization, owner_country, authors, reviewers, reviewers_double_blind,
        meeting_readers, draft_readers, shared_meetings, state, priority, current_version,
        title, summary, version, create_time, update_time, submit_time)
      VALUES
       ('summits/s/recommendations/r1', 'summits/s', 7, 'summits/s/tracks/ai',
        'organizations/kisi', 'KZ', '["people/aigerim", "people/kim"]', '["people/park"]', true,
        '["people/minho"]', '["people/dana"]', '["summits/s/meetings/m1"]',
        'STATE_CHANGES_REQUESTED', 'PRIORITY_HIGH', 3,
        E'디지털 \\ "통관" — tab\there', E'Back\\slash, quote " and\nnewline', 12,
        '2001-01-02 03:04:05.678901+00', '2001-01-03 00:00:00+00', '2001-01-02 12:00:00.5+00'),
       ('summits/s/recommendations/r2', 'summits/s', 8, 'summits/s/tracks/green',
        'organizations/iepr', 'KR', '["people/kim"]', '[]', false, '[]', '[]', '[]',
        'STATE_DRAFT', 'PRIORITY_NORMAL', 1, 'Green corridor', '', 1,
        '2001-01-04 00:00:00+00', '2001-01-04 00:00:00+00', NULL))sql");
  }

  CallContext Call() const {
    CallContext call;
    call.deadline = absl::Now() + absl::Minutes(1);
    return call;
  }

  std::vector<RecommendationRow> ThroughSession(const std::string& statement,
                                                const std::string& param) {
    std::vector<RecommendationRow> rows;
    const absl::Status s = RunRead(*session_, Call(), [&](pqxx::transaction_base& txn) {
      EXPECT_NE(SessionConnection::HandleOf(txn.conn()), nullptr);  // the binary path
      rows = QueryRecommendations(txn, statement, param);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return rows;
  }

  std::vector<RecommendationRow> ThroughLibpqxx(const std::string& statement,
                                                const std::string& param) {
    pqxx::nontransaction txn(db_->conn());
    return ReadRecommendations(txn.exec_prepared(statement, param));
  }

  static void ExpectSame(const RecommendationRow& a, const RecommendationRow& b) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a.resource, b.resource))
        << a.resource.DebugString() << "\n---\n"
        << b.resource.DebugString();
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.authors, b.authors);
    EXPECT_EQ(a.reviewers, b.reviewers);
    EXPECT_EQ(a.reviewers_double_blind, b.reviewers_double_blind);
    EXPECT_EQ(a.meeting_readers, b.meeting_readers);
    EXPECT_EQ(a.draft_readers, b.draft_readers);
    EXPECT_EQ(a.shared_meetings, b.shared_meetings);
  }

  std::unique_ptr<TestDatabase> db_;
  std::vector<PreparedStatement> statements_;
  std::unique_ptr<DbSession> session_;
};

TEST_F(RecommendationRowsTest, BinaryRowsEqualLibpqxxRows) {
  for (const PreparedStatement* statement : {&kAllOfSummit, &kNumberAsBigint}) {
    const std::vector<RecommendationRow> binary = ThroughSession(*statement, "summits/s");
    const std::vector<RecommendationRow> text = ThroughLibpqxx(*statement, "summits/s");
    ASSERT_EQ(binary.size(), 2u) << statement->name;
    ASSERT_EQ(text.size(), 2u);
    ExpectSame(binary[0], text[0]);
    ExpectSame(binary[1], text[1]);
  }

  // The values themselves, not only their agreement.
  const std::vector<RecommendationRow> rows = ThroughSession(kAllOfSummit, "summits/s");
  ASSERT_EQ(rows.size(), 2u);
  const RecommendationRow& r1 = rows[0];
  EXPECT_EQ(r1.resource.name(), "summits/s/recommendations/r1");
  EXPECT_EQ(r1.number, 7);
  EXPECT_EQ(r1.resource.number(), "REC-7");
  EXPECT_EQ(r1.resource.title(), "디지털 \\ \"통관\" — tab\there");
  EXPECT_EQ(r1.resource.summary(), "Back\\slash, quote \" and\nnewline");
  EXPECT_EQ(r1.authors, (std::vector<std::string>{"people/aigerim", "people/kim"}));
  EXPECT_EQ(r1.reviewers, std::vector<std::string>{"people/park"});
  EXPECT_TRUE(r1.reviewers_double_blind);
  EXPECT_EQ(r1.meeting_readers, std::vector<std::string>{"people/minho"});
  EXPECT_EQ(r1.draft_readers, std::vector<std::string>{"people/dana"});
  EXPECT_EQ(r1.shared_meetings, std::vector<std::string>{"summits/s/meetings/m1"});
  EXPECT_EQ(r1.resource.state(), recommendations::v1::Recommendation::STATE_CHANGES_REQUESTED);
  EXPECT_EQ(r1.resource.priority(), recommendations::v1::Recommendation::PRIORITY_HIGH);
  EXPECT_EQ(r1.resource.current_version(), 3);
  EXPECT_EQ(r1.resource.create_time().seconds(),
            absl::ToUnixSeconds(
                absl::FromCivil(absl::CivilSecond(2001, 1, 2, 3, 4, 5), absl::UTCTimeZone())));
  EXPECT_EQ(r1.resource.create_time().nanos(), 678901000);
  EXPECT_EQ(r1.resource.submit_time().nanos(), 500000000);
  const RecommendationRow& r2 = rows[1];
  EXPECT_FALSE(r2.resource.has_submit_time());
  EXPECT_TRUE(r2.reviewers.empty());
  EXPECT_FALSE(r2.reviewers_double_blind);
  EXPECT_EQ(r2.resource.state(), recommendations::v1::Recommendation::STATE_DRAFT);

  // No row: none, both ways.
  EXPECT_TRUE(ThroughSession(kAllOfSummit, "summits/absent").empty());
  EXPECT_TRUE(ThroughLibpqxx(kAllOfSummit, "summits/absent").empty());
}

// libpqxx's text gives times in the session's time zone, with its offset;
// the binary path gets them as an integer. The same instants either way.
TEST_F(RecommendationRowsTest, TextTimesInAnyZoneReadAsTheBinaryOnes) {
  const std::vector<RecommendationRow> binary = ThroughSession(kAllOfSummit, "summits/s");
  ASSERT_EQ(binary.size(), 2u);
  // Half-hour and quarter-hour offsets, west of UTC, and one from before
  // standard time (Amsterdam in 1900: +00:19:32).
  for (const char* zone : {"Asia/Kolkata", "Asia/Kathmandu", "America/Sao_Paulo", "UTC"}) {
    pqxx::nontransaction(db_->conn()).exec(absl::StrCat("SET TimeZone = '", zone, "'"));
    const std::vector<RecommendationRow> text = ThroughLibpqxx(kAllOfSummit, "summits/s");
    ASSERT_EQ(text.size(), 2u) << zone;
    ExpectSame(binary[0], text[0]);
    ExpectSame(binary[1], text[1]);
  }
  pqxx::nontransaction(db_->conn()).exec("SET TimeZone = 'Europe/Amsterdam'");
  EXPECT_EQ(
      UnixMicrosFromTimestamptzText(pqxx::nontransaction(db_->conn())
                                        .exec("SELECT '1900-01-01 12:00:00+00'::timestamptz")[0][0]
                                        .c_str()),
      absl::ToUnixMicros(
          absl::FromCivil(absl::CivilSecond(1900, 1, 1, 12, 0, 0), absl::UTCTimeZone())));
}

TEST(TimestamptzTextTest, ReadsTheIsoFormWithAnyOffset) {
  const auto utc = [](int y, int mo, int d, int h, int mi, int s) {
    return absl::ToUnixMicros(
        absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone()));
  };
  EXPECT_EQ(UnixMicrosFromTimestamptzText("2001-01-02 03:04:05+00"), utc(2001, 1, 2, 3, 4, 5));
  EXPECT_EQ(UnixMicrosFromTimestamptzText("2001-01-02 03:04:05.5+00"),
            utc(2001, 1, 2, 3, 4, 5) + 500'000);
  EXPECT_EQ(UnixMicrosFromTimestamptzText("2001-01-02 03:04:05.000001+00"),
            utc(2001, 1, 2, 3, 4, 5) + 1);
  EXPECT_EQ(UnixMicrosFromTimestamptzText("2001-01-02 08:34:05.678901+05:30"),
            utc(2001, 1, 2, 3, 4, 5) + 678'901);
  EXPECT_EQ(UnixMicrosFromTimestamptzText("2001-01-01 23:04:05-04"), utc(2001, 1, 2, 3, 4, 5));
  EXPECT_EQ(UnixMicrosFromTimestamptzText("1900-01-01 12:19:32+00:19:32"),
            utc(1900, 1, 1, 12, 0, 0));
  for (const char* bad :
       {"", "2001-01-02", "2001-01-02 03:04:05", "2001-13-02 03:04:05+00", "2001-02-30 03:04:05+00",
        "2001-01-02T03:04:05+00", "2001-01-02 03:04:05.+00", "2001-01-02 03:04:05.1234567+00",
        "2001-01-02 03:04:05+00 BC", "infinity", "01/02/2001 03:04:05+00"}) {
    EXPECT_THROW(UnixMicrosFromTimestamptzText(bad), pqxx::conversion_error) << bad;
  }
}

TEST_F(RecommendationRowsTest, AColumnOfAnotherTypeIsRefused) {
  ASSERT_TRUE(session_->Connection().ok());
  SessionConnection* conn = session_->current_connection();
  const SessionConnection::InUse in_use(conn);
  pqxx::nontransaction txn(*conn);
  EXPECT_THROW(QueryRecommendations(txn, kNumberAsText, "summits/s"), pqxx::usage_error);
  // The connection goes on serving.
  EXPECT_EQ(QueryRecommendations(txn, kAllOfSummit, "summits/s").size(), 2u);
}

}  // namespace
}  // namespace summit::testing
