#include "tests/support/test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <random>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "services/common/migrations.h"
#include "services/common/proto_json.h"
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

// The migrated schema of every service, built once per cluster and copied for
// each test's database (CREATE DATABASE ... TEMPLATE), instead of migrating
// per test. Its name carries a digest of the migrations, so a changed
// migration builds a new one.
std::string TemplateDatabase(const std::string& admin) {
  std::string all;
  for (const ServiceModule& m : AllServiceModules()) {
    if (m.migrations == nullptr) continue;
    for (const Migration& g : m.migrations->migrations) absl::StrAppend(&all, g.file, g.sql);
  }
  const std::string name = absl::StrCat("summit_template_", Sha256Hex(all).substr(0, 16));
  pqxx::connection conn(admin);
  pqxx::nontransaction txn(conn);
  // Test processes run in parallel: one builds, the others wait for it.
  txn.exec("SELECT pg_advisory_lock(7361626)");
  const bool exists =
      !txn.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty();
  if (!exists) {
    // Built under another name and renamed when whole: a process that dies
    // part-way leaves no half-migrated template behind.
    const std::string building = name + "_building";
    txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", building));
    txn.exec(absl::StrCat("CREATE DATABASE ", building));
    {
      std::string conninfo = admin;
      conninfo.replace(conninfo.find("dbname=postgres"), 15, "dbname=" + building);
      pqxx::connection target(conninfo);
      for (const ServiceModule& m : AllServiceModules()) {
        if (m.migrations == nullptr) continue;
        absl::StatusOr<int> applied = ApplyMigrations(target, *m.migrations);
        if (!applied.ok()) throw std::runtime_error(std::string(applied.status().message()));
      }
    }
    txn.exec(absl::StrCat("ALTER DATABASE ", building, " RENAME TO ", name));
  }
  txn.exec("SELECT pg_advisory_unlock(7361626)");
  return name;
}

}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::Create() {
  std::mt19937_64 rng{std::random_device{}()};
  const std::string name = absl::StrCat("summit_test_", getpid(), "_", rng() % 1000000);
  const std::string admin = ClusterConninfo();
  static const std::string from = TemplateDatabase(admin);
  {
    pqxx::connection conn(admin);
    pqxx::nontransaction txn(conn);
    txn.exec(absl::StrCat("CREATE DATABASE ", name, " TEMPLATE ", from));
  }
  return std::unique_ptr<TestDatabase>(new TestDatabase(admin, name));
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

std::string TestDatabase::DescribeOpenTransactions() {
  pqxx::nontransaction txn(conn());
  const pqxx::result rows = txn.exec(
      "SELECT format('%s pid %s xid %s %s for %s s, waiting on %s: %s', "
      "datname, pid, backend_xid, state, "
      "round(EXTRACT(EPOCH FROM now() - xact_start)::numeric, 1), "
      "COALESCE(wait_event_type || '/' || wait_event, 'nothing'), left(query, 200)) "
      "FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start");
  std::string out = absl::StrCat("this database: ", name_, "\n");
  for (const pqxx::row& row : rows) absl::StrAppend(&out, row[0].c_str(), "\n");
  if (rows.empty()) out += "(none)\n";
  return out;
}

}  // namespace summit::testing
