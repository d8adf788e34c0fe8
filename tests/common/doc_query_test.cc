// Document reads below libpqxx (doc_query.h) on a real PostgreSQL: the rows
// read straight through libpq in binary equal the rows libpqxx reads in
// text, the direct path is taken only on the connection in use on the
// thread, and its failures are the exceptions libpqxx would throw, so
// transaction.h's rules (retry, deadline, reconnect) treat them alike.
#include "services/common/doc_query.h"

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/transaction.h"
#include "services/directory/sql/queries.h"
#include "tests/support/test_database.h"

namespace summit::testing {
namespace {

namespace sql = directory::sql;

// A document read like the service's, with a way to fail on demand.
const PreparedStatement kFailing{
    "test_doc_failing", "SELECT " SUMMIT_DOC_COLUMNS
                        " FROM directory.organizations WHERE name = $1 AND "
                        "CASE WHEN $2 = 'divide' THEN 1 / (length($2) - 6) = 1 "
                        "WHEN $2 = 'sleep' THEN (SELECT true FROM pg_sleep(30)) ELSE true END"};
const PreparedStatement kWithoutVersion{
    "test_doc_without_version",
    "SELECT name, doc, doc_pb, directory.micros(create_time) AS create_time_micros, "
    "directory.micros(update_time) AS update_time_micros FROM directory.organizations "
    "WHERE name = $1"};

std::vector<PreparedStatement> Statements() {
  std::vector<PreparedStatement> all = sql::Statements();
  all.push_back(kFailing);
  all.push_back(kWithoutVersion);
  return all;
}

class DocQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    statements_ = Statements();
    session_ = std::make_unique<DbSession>(db_->conninfo(), &statements_);
  }

  CallContext Call() const {
    CallContext call;
    call.deadline = absl::Now() + absl::Minutes(1);
    return call;
  }

  // Creates organizations/<id> through the direct path (InsertDoc).
  void Create(const std::string& id, const std::string& json, const std::string& binary) {
    const CallContext call = Call();
    absl::Status s = RunTransaction(*session_, call, [&](pqxx::transaction_base& txn) {
      return InsertDoc(txn, sql::kOrganizations, "organizations/" + id,
                       StoredDoc{.json = json, .binary = binary})
          .status();
    });
    ASSERT_TRUE(s.ok()) << s;
  }

  absl::StatusOr<std::optional<DocRow>> ReadThroughSession(const std::string& name) {
    const CallContext call = Call();
    return RunRead(*session_, call,
                   [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::optional<DocRow>> {
                     return GetDoc(txn, sql::kOrganizations.get, name);
                   });
  }

  // The same read on the test's own libpqxx connection: libpqxx's text path.
  std::optional<DocRow> ReadThroughLibpqxx(const std::string& name) {
    db_->conn().prepare(sql::kOrganizations.get, GetSql());
    pqxx::nontransaction txn(db_->conn());
    return GetDoc(txn, sql::kOrganizations.get, name);
  }

  static std::string GetSql() {
    for (const PreparedStatement& s : sql::Statements()) {
      if (s.name == sql::kOrganizations.get) return s.sql;
    }
    return "";
  }

  std::unique_ptr<TestDatabase> db_;
  std::vector<PreparedStatement> statements_;
  std::unique_ptr<DbSession> session_;
};

void ExpectSameRow(const DocRow& a, const DocRow& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.doc, b.doc);
  EXPECT_EQ(a.doc_pb, b.doc_pb);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.create_time, b.create_time);
  EXPECT_EQ(a.update_time, b.update_time);
}

TEST_F(DocQueryTest, ReadsTheRowsLibpqxxReads) {
  // Bytes a text form would escape: NUL, high bit, a backslash.
  const std::string binary =
      absl::StrCat("\x0a\x04", "Bank", absl::string_view("\x00\xff\\\x01", 4));
  Create("kisi", R"({"display_name": "KISI"})", binary);

  absl::StatusOr<std::optional<DocRow>> direct = ReadThroughSession("organizations/kisi");
  ASSERT_TRUE(direct.ok()) << direct.status();
  ASSERT_TRUE(direct->has_value());
  std::optional<DocRow> text = ReadThroughLibpqxx("organizations/kisi");
  ASSERT_TRUE(text.has_value());
  ExpectSameRow(**direct, *text);
  EXPECT_EQ((*direct)->doc_pb, binary);
  EXPECT_EQ((*direct)->doc, "");  // the jsonb only where the copy is missing
  EXPECT_EQ((*direct)->version, 1);
  EXPECT_GT((*direct)->create_time, absl::Now() - absl::Hours(1));

  // Without the binary copy, the jsonb arrives as its JSON text.
  db_->conn().prepare("drop_copy", "UPDATE directory.organizations SET doc_pb = NULL");
  pqxx::nontransaction(db_->conn()).exec_prepared("drop_copy");
  direct = ReadThroughSession("organizations/kisi");
  ASSERT_TRUE(direct.ok()) << direct.status();
  text = ReadThroughLibpqxx("organizations/kisi");
  ASSERT_TRUE(direct->has_value() && text.has_value());
  ExpectSameRow(**direct, *text);
  EXPECT_EQ((*direct)->doc, R"({"display_name": "KISI"})");
  EXPECT_FALSE((*direct)->doc_pb.has_value());

  // No row: none, both ways.
  direct = ReadThroughSession("organizations/absent");
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_FALSE(direct->has_value());
  EXPECT_FALSE(ReadThroughLibpqxx("organizations/absent").has_value());
}

TEST_F(DocQueryTest, GoesBelowLibpqxxOnlyOnTheConnectionInUse) {
  const CallContext call = Call();
  absl::Status s = RunRead(*session_, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    EXPECT_NE(SessionConnection::HandleOf(txn.conn()), nullptr);
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  // Outside a unit of work, and on any other connection: libpqxx's path.
  EXPECT_EQ(SessionConnection::HandleOf(*session_->current_connection()), nullptr);
  pqxx::nontransaction other(db_->conn());
  EXPECT_EQ(SessionConnection::HandleOf(other.conn()), nullptr);
}

// The exceptions, seen directly: a statement's error with its SQLSTATE, the
// statement timeout as 57014, a lost backend as broken_connection, a read
// without a document column as a usage error.
TEST_F(DocQueryTest, FailsAsLibpqxxFails) {
  Create("kisi", R"({"display_name": "KISI"})", "x");
  ASSERT_TRUE(session_->Connection().ok());
  SessionConnection* conn = session_->current_connection();
  const SessionConnection::InUse in_use(conn);
  pqxx::nontransaction txn(*conn);
  ASSERT_EQ(QueryDocRows(txn, kFailing, "organizations/kisi", "no").size(), 1u);

  try {
    QueryDocRows(txn, kFailing, "organizations/kisi", "divide");
    ADD_FAILURE() << "no error";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "22012");
  }
  txn.exec("SET statement_timeout = 100");
  try {
    QueryDocRows(txn, kFailing, "organizations/kisi", "sleep");
    ADD_FAILURE() << "no timeout";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "57014");
  }
  txn.exec("SET statement_timeout = 0");
  EXPECT_THROW(QueryDocRows(txn, kWithoutVersion, "organizations/kisi"), pqxx::usage_error);

  const std::string pid = txn.exec1("SELECT pg_backend_pid()")[0].as<std::string>();
  pqxx::nontransaction(db_->conn()).exec("SELECT pg_terminate_backend(" + pid + ")");
  EXPECT_THROW(QueryDocRows(txn, kFailing, "organizations/kisi", "no"), pqxx::broken_connection);
}

// Through transaction.h, a lost backend is met by reconnecting: the read
// after it answers.
TEST_F(DocQueryTest, AReadAfterALostBackendReconnects) {
  Create("kisi", R"({"display_name": "KISI"})", "x");
  const std::string pid = pqxx::nontransaction(**session_->Connection())
                              .exec1("SELECT pg_backend_pid()")[0]
                              .as<std::string>();
  pqxx::nontransaction(db_->conn()).exec("SELECT pg_terminate_backend(" + pid + ")");
  absl::StatusOr<std::optional<DocRow>> row = ReadThroughSession("organizations/kisi");
  ASSERT_TRUE(row.ok()) << row.status();
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->name, "organizations/kisi");
}

}  // namespace
}  // namespace summit::testing
