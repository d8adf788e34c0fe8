#pragma once
// A fresh, migrated PostgreSQL database for one test process, in the cluster
// the CTest fixture started (SUMMIT_TEST_PG_DIR). Run by hand without the
// fixture, it starts a private cluster itself and removes it at exit.

#include <memory>
#include <pqxx/connection>
#include <string>

namespace summit::testing {

class TestDatabase final {
 public:
  // Creates the database and applies every service's migrations.
  static std::unique_ptr<TestDatabase> Create();
  ~TestDatabase();

  const std::string& conninfo() const { return conninfo_; }
  // The cluster's own `postgres` database: another database than this one.
  const std::string& admin_conninfo() const { return admin_conninfo_; }
  // A plain connection for assertions on stored rows.
  pqxx::connection& conn();
  // Runs one SQL statement and returns the first column of the first row.
  std::string QueryValue(const std::string& sql);
  // Every transaction in the cluster that holds a transaction ID (the writers
  // the activity feed may wait for), a line each: for a test's failure message.
  std::string DescribeOpenTransactions();

 private:
  TestDatabase(std::string admin_conninfo, std::string name);

  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace summit::testing
