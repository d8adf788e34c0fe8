#include "services/server/database_monitor.h"

#include <pqxx/pqxx>

#include "services/common/logging.h"
#include "services/common/metrics.h"

namespace summit {

DatabaseMonitor::DatabaseMonitor(Options options)
    : options_(std::move(options)), session_(WithConnectionDefaults(options_.conninfo), nullptr) {
  // Health and metrics are right from the start, not one interval later.
  CheckNow();
  thread_ = std::thread([this] { Loop(); });
}

DatabaseMonitor::~DatabaseMonitor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

bool DatabaseMonitor::CheckNow() {
  absl::MutexLock check(&check_mu_);  // one round at a time on the one session
  bool up = false;
  absl::StatusOr<pqxx::connection_base*> conn = session_.Connection();
  if (conn.ok()) {
    try {
      // Autocommit statements: this connection never holds a snapshot that
      // would itself hold the feed back.
      pqxx::nontransaction txn(**conn);
      txn.exec("SET statement_timeout = '2s'");
      txn.exec1("SELECT 1");
      up = true;
      // Writers still running in this database hold the feed back (it never
      // shows an event while an older transaction could still commit one
      // before it); those in other databases do not.
      const pqxx::row held = txn.exec1(
          "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(xact_start)), 0)::float8 "
          "FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() "
          "AND datname = current_database()");
      metrics::SetFeedHoldback(held[0].as<double>());
      for (const ServiceModule& service : options_.services) {
        for (const BacklogQuery& backlog : service.backlogs) {
          const pqxx::row row = txn.exec1(backlog.sql);
          metrics::SetBacklog(backlog.queue, row[0].as<double>(), row[1].as<double>());
        }
      }
    } catch (const std::exception& e) {
      if (up) {
        log::Warn("database monitor: a measurement failed: {}", e.what());
      } else {
        log::Warn("database monitor: the database does not answer: {}", e.what());
      }
      session_.Reset();
    }
  } else {
    log::Warn("database monitor: {}", conn.status().message());
  }
  for (const ServiceModule& service : options_.services) metrics::SetDatabaseUp(service.name, up);
  if (options_.on_round) options_.on_round();
  if (options_.on_result) options_.on_result(up);
  return up;
}

void DatabaseMonitor::Loop() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) {
    mu_.Unlock();
    CheckNow();
    mu_.Lock();
  }
}

}  // namespace summit
