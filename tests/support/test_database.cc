#include "tests/support/test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <random>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "services/common/migrations.h"
#include "services/server/service_catalog.h"

namespace summit::testing {
namespace {

std::string RunAndRead(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The cluster's admin conninfo: the fixture's, or a private one.
std::string ClusterConninfo() {
  static const std::string conninfo = [] {
    const char* dir = std::getenv("SUMMIT_TEST_PG_DIR");
    if (dir && *dir) {
      std::ifstream port_file(absl::StrCat(dir, "/port"));
      std::string port;
      if (!(port_file >> port)) throw std::runtime_error("no cluster in SUMMIT_TEST_PG_DIR");
      return absl::StrCat("host=", dir, " port=", port, " user=postgres dbname=postgres");
    }
    const std::string own = absl::StrCat("/tmp/summit-test-pg-", getpid());
    const std::string out =
        RunAndRead(absl::StrCat(SUMMIT_SOURCE_DIR, "/deploy/local/pg_cluster.sh start ", own));
    static const std::string destroy =
        absl::StrCat(SUMMIT_SOURCE_DIR, "/deploy/local/pg_cluster.sh destroy ", own);
    std::atexit([] { (void)std::system(destroy.c_str()); });
    return out;
  }();
  return conninfo;
}

}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::Create() {
  std::mt19937_64 rng{std::random_device{}()};
  const std::string name = absl::StrCat("summit_test_", getpid(), "_", rng() % 1000000);
  const std::string admin = ClusterConninfo();
  {
    pqxx::connection conn(admin);
    pqxx::nontransaction txn(conn);
    txn.exec(absl::StrCat("CREATE DATABASE ", name));
  }
  std::unique_ptr<TestDatabase> db(new TestDatabase(admin, name));
  for (const ServiceModule& m : AllServiceModules()) {
    if (m.migrations == nullptr) continue;
    absl::StatusOr<int> applied = ApplyMigrations(db->conn(), *m.migrations);
    if (!applied.ok()) throw std::runtime_error(std::string(applied.status().message()));
  }
  return db;
}

TestDatabase::TestDatabase(std::string admin_conninfo, std::string name)
    : admin_conninfo_(std::move(admin_conninfo)), name_(std::move(name)) {
  conninfo_ = admin_conninfo_;
  conninfo_.replace(conninfo_.find("dbname=postgres"), 15, "dbname=" + name_);
}

TestDatabase::~TestDatabase() {
  conn_.reset();
  try {
    pqxx::connection conn(admin_conninfo_);
    pqxx::nontransaction txn(conn);
    txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  } catch (const std::exception&) {
    // The fixture removes the whole cluster anyway.
  }
}

pqxx::connection& TestDatabase::conn() {
  if (!conn_ || !conn_->is_open()) conn_ = std::make_unique<pqxx::connection>(conninfo_);
  return *conn_;
}

std::string TestDatabase::QueryValue(const std::string& sql) {
  pqxx::work txn(conn());
  pqxx::result r = txn.exec(sql);
  txn.commit();
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].as<std::string>();
}

}  // namespace summit::testing
