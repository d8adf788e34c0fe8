#pragma once
// A bounded pool of database worker threads, each owning one PostgreSQL
// connection. gRPC callback handlers hand work to it instead of blocking
// their own threads on the database (the fast design on this stack, see
// shared/PITFALLS.md); a full queue is refused, never grown without bound.

#include <deque>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace summit {

// A statement's name and its SQL, side by side; it converts to its name, so
// `txn.exec_prepared(sql::kGetPerson, ...)` reads as the statement itself.
struct PreparedStatement {
  std::string name;
  std::string sql;
  operator const std::string&() const { return name; }
};

// libpq settings so a dead or blackholed server is noticed in seconds, not
// minutes. Appended to a key=value or URI connection string.
std::string WithConnectionDefaults(const std::string& conninfo);

// One worker's connection: opened lazily, reopened after it broke, with every
// registered statement prepared.
class DbSession final {
 public:
  // `statements` may be null: nothing is prepared.
  DbSession(std::string conninfo, const std::vector<PreparedStatement>* statements)
      : conninfo_(std::move(conninfo)), statements_(statements) {}

  // UNAVAILABLE when the database cannot be reached.
  absl::StatusOr<pqxx::connection*> Connection();
  // Drops the connection so the next call reconnects.
  void Reset() { conn_.reset(); }

 private:
  std::string conninfo_;
  const std::vector<PreparedStatement>* statements_;
  std::unique_ptr<pqxx::connection> conn_;
};

struct DbPoolOptions {
  std::string conninfo;
  int workers = 8;
  size_t max_queue = 2048;
};

class DbPool final {
 public:
  using Job = std::function<void(DbSession&)>;

  static std::unique_ptr<DbPool> Create(DbPoolOptions options,
                                        std::vector<PreparedStatement> statements);
  ~DbPool();

  // RESOURCE_EXHAUSTED when the queue is full, UNAVAILABLE after Shutdown.
  absl::Status Submit(Job job);
  // Runs the queued jobs, then stops the workers.
  void Shutdown();

 private:
  DbPool(DbPoolOptions options, std::vector<PreparedStatement> statements);
  void WorkerLoop();

  const DbPoolOptions options_;
  const std::vector<PreparedStatement> statements_;
  absl::Mutex mu_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace summit
