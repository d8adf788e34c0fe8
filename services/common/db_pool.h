#pragma once
// A bounded pool of database worker threads and as many PostgreSQL
// connections. gRPC callback handlers hand work to it instead of blocking
// their own threads on the database (the fast design on this stack, see
// shared/PITFALLS.md); a full queue is refused, never grown without bound.
// A short read may instead borrow an idle connection on the gRPC thread
// itself (TryRunInline, see inline_attempt.h): the connections are the
// pool's, lent to whichever runs the work.

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/metrics.h"
#include "services/common/session_connection.h"

namespace summit {

// A statement's name and its SQL, side by side; it converts to its name, so
// `txn.exec_prepared(sql::kGetPerson, ...)` reads as the statement itself.
struct PreparedStatement {
  std::string name;
  std::string sql;
  operator const std::string&() const { return name; }
};

// libpq settings so a dead or blackholed server is noticed in seconds, not
// minutes, and sessions say whose they are in pg_stat_activity and the log
// (a pool's are `summitd/<service>`, background work's `summitd/background`).
// Appended to a key=value or URI connection string; the caller's own win.
std::string WithConnectionDefaults(const std::string& conninfo,
                                   absl::string_view application_name = "summitd");

// One worker's connection: opened lazily, reopened after it broke, with every
// registered statement prepared.
class DbSession final {
 public:
  // `statements` may be null: nothing is prepared.
  DbSession(std::string conninfo, const std::vector<PreparedStatement>* statements)
      : conninfo_(std::move(conninfo)), statements_(statements) {}

  // UNAVAILABLE when the database cannot be reached. The caller may begin
  // its own transaction on it: the kept nontransaction below is closed
  // first (unless a read is running on it, which a second one meets).
  absl::StatusOr<pqxx::connection_base*> Connection();
  // The connection as it is, open or not (null before the first Open).
  SessionConnection* current_connection() const { return conn_.get(); }
  // Whether the connection is open now (it may still turn out broken).
  bool IsOpen() const { return conn_ && conn_->is_open(); }
  // Drops the connection so the next call reconnects.
  void Reset() {
    kept_.reset();
    conn_.reset();
    statement_timeout_ms_ = -1;
  }

  // Autocommit statements (RunRead, RunAutocommit) run on a nontransaction
  // the session keeps open from one call to the next: beginning one makes
  // libpqxx ask the socket for notifications (a system call that finds
  // nothing) and build and tear down its state. UNAVAILABLE as Connection().
  absl::StatusOr<pqxx::nontransaction*> KeptNontransaction();
  // Closes it (after a failure, or before another transaction begins).
  void CloseKeptNontransaction() { kept_.reset(); }
  // While set, Connection() leaves the kept nontransaction open.
  void set_kept_in_use(bool in_use) { kept_in_use_ = in_use; }

  // Bounds the session's statements by the time left until `deadline`, at
  // most a minute: no call holds a connection for long, deadline or not.
  // The bound is rounded down to a step of a fixed ladder (60 s, 30 s, 15 s,
  // 8 s, 4 s, 2 s, 1 s, 500 ms, ...) and sent (SET statement_timeout, outside
  // any transaction) only when the step changes, so calls with like
  // deadlines add no round trip. DEADLINE_EXCEEDED once it has passed.
  absl::Status BoundStatements(absl::Time deadline);
  // The step a deadline that far away gets, in milliseconds; 0 once passed.
  static int64_t StatementTimeoutStep(absl::Duration left);

 private:
  // The open connection, opened (statements prepared) when there is none.
  absl::StatusOr<pqxx::connection_base*> Open();

  std::string conninfo_;
  const std::vector<PreparedStatement>* statements_;
  std::unique_ptr<SessionConnection> conn_;
  // Declared after conn_: closed before it.
  std::unique_ptr<pqxx::nontransaction> kept_;
  bool kept_in_use_ = false;
  // The connection's statement_timeout as last set; -1 when not known.
  int64_t statement_timeout_ms_ = -1;
};

struct DbPoolOptions {
  // The service it serves: the `service` label of its metrics.
  std::string name;
  std::string conninfo;
  int workers = 8;
  size_t max_queue = 2048;
  // The queue is bounded by time as well as length: a job that waited longer
  // is shed instead of run, and while the oldest queued job has waited
  // longer, new jobs are refused at once. Under overload callers get a fast
  // RESOURCE_EXHAUSTED to back off from, instead of everyone timing out.
  absl::Duration max_queue_wait = absl::Seconds(1);
  // Whether short reads may run on the calling gRPC thread (TryRunInline).
  bool inline_reads = true;
};

class DbPool final {
 public:
  using Job = std::function<void(DbSession&)>;
  // Told why a queued job will not run (RESOURCE_EXHAUSTED).
  using Shed = std::function<void(const absl::Status&)>;

  static std::unique_ptr<DbPool> Create(DbPoolOptions options,
                                        std::vector<PreparedStatement> statements);
  ~DbPool();

  // RESOURCE_EXHAUSTED when the queue is full or standing (its oldest job
  // waited past max_queue_wait), UNAVAILABLE after Shutdown. A queued job
  // that waits past max_queue_wait gets `shed` instead of running.
  absl::Status Submit(Job job, Shed shed);
  // Runs the queued jobs, then stops the workers.
  void Shutdown();

  // Runs `job` now on the calling thread with an idle, already open
  // connection, and says so; false (nothing run) when nothing is idle and
  // open, work is queued (it goes first), inline reads are off or paused.
  bool TryRunInline(absl::FunctionRef<void(DbSession&)> job);
  // No inline runs until `until` (the database is struggling: let the
  // workers and their queue, which sheds, take the load).
  void PauseInline(absl::Time until);
  // Counts an inline run's outcome (summit_db_inline_reads_total).
  void CountInline(bool answered) const { metrics_.CountInline(answered); }

 private:
  DbPool(DbPoolOptions options, std::vector<PreparedStatement> statements);
  void WorkerLoop();

  const DbPoolOptions options_;
  const std::vector<PreparedStatement> statements_;
  const metrics::PoolMetrics metrics_;
  absl::Mutex mu_;
  struct Queued {
    Job job;
    Shed shed;
    absl::Time since;
  };
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  // The connections no one is using, the most recently used last.
  std::vector<std::unique_ptr<DbSession>> idle_ ABSL_GUARDED_BY(mu_);
  absl::Time inline_paused_until_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
  std::atomic<int> busy_{0};
};

}  // namespace summit
