#include "services/common/db_pool.h"

#include <algorithm>
#include <iterator>
#include <pqxx/nontransaction>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"

namespace summit {

std::string WithConnectionDefaults(const std::string& conninfo,
                                   absl::string_view application_name) {
  const std::string kDefaults[][2] = {
      {"connect_timeout", "5"},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"},
      {"tcp_user_timeout", "30000"},
      {"application_name", std::string(application_name)},
      // A session of ours left idle inside a transaction is ended after a
      // minute: it would hold the activity feed back behind it. No JIT: its
      // compiling costs the short statements of a call far more than it saves.
      // No parallel workers: starting them took 30-45 ms here, for a call
      // that reads one page (a search for an absent fragment at a million
      // rows: under 1 ms of work in a 45 ms parallel plan).
      {"options",
       "-c idle_in_transaction_session_timeout=60000 -c jit=off "
       "-c max_parallel_workers_per_gather=0"}};
  const bool is_uri =
      absl::StartsWith(conninfo, "postgresql://") || absl::StartsWith(conninfo, "postgres://");
  std::string out = conninfo;
  for (const auto& kv : kDefaults) {
    if (absl::StrContains(conninfo, absl::StrCat(kv[0], "="))) continue;  // caller's choice wins
    const absl::string_view value = kv[1];
    if (is_uri) {
      // Percent-encoded: the value may hold spaces and '='.
      std::string encoded;
      for (const char c : value) {
        if (c == ' ') {
          encoded += "%20";
        } else if (c == '=') {
          encoded += "%3D";
        } else if (c == '/') {
          encoded += "%2F";
        } else {
          encoded += c;
        }
      }
      absl::StrAppend(&out, absl::StrContains(out, "?") ? "&" : "?", kv[0], "=", encoded);
    } else {
      const bool quote = absl::StrContains(value, " ");
      absl::StrAppend(&out, out.empty() ? "" : " ", kv[0], "=", quote ? "'" : "", value,
                      quote ? "'" : "");
    }
  }
  return out;
}

absl::StatusOr<pqxx::connection_base*> DbSession::Connection() {
  if (!kept_in_use_) kept_.reset();
  return Open();
}

absl::StatusOr<pqxx::nontransaction*> DbSession::KeptNontransaction() {
  if (kept_ && conn_ && conn_->is_open()) return kept_.get();
  kept_.reset();
  absl::StatusOr<pqxx::connection_base*> conn = Open();
  if (!conn.ok()) return conn.status();
  kept_ = std::make_unique<pqxx::nontransaction>(**conn);
  return kept_.get();
}

absl::StatusOr<pqxx::connection_base*> DbSession::Open() {
  if (conn_ && conn_->is_open()) return conn_.get();
  kept_.reset();
  statement_timeout_ms_ = -1;
  try {
    auto conn = std::make_unique<SessionConnection>(conninfo_);
    if (statements_) {
      for (const PreparedStatement& s : *statements_) conn->prepare(s.name, s.sql);
    }
    conn_ = std::move(conn);
    return conn_.get();
  } catch (const std::exception& e) {
    log::Warn("cannot connect to PostgreSQL: {}", e.what());
    conn_.reset();
    return absl::UnavailableError("the database is unavailable; try again shortly");
  }
}

int64_t DbSession::StatementTimeoutStep(absl::Duration left) {
  // Each step at least half the one above it: a bound is never under half
  // the time left.
  constexpr int64_t kSteps[] = {60000, 30000, 15000, 8000, 4000, 2000, 1000, 500, 250,
                                125,   60,    30,    15,   8,    4,    2,    1};
  const int64_t ms = absl::ToInt64Milliseconds(left);
  for (const int64_t step : kSteps) {
    if (ms >= step) return step;
  }
  return 0;
}

absl::Status DbSession::BoundStatements(absl::Time deadline) {
  const int64_t step = StatementTimeoutStep(deadline - absl::Now());
  if (step == 0) return absl::DeadlineExceededError("deadline exceeded");
  if (step == statement_timeout_ms_) return absl::OkStatus();
  absl::StatusOr<pqxx::nontransaction*> txn = KeptNontransaction();
  if (!txn.ok()) return txn.status();
  statement_timeout_ms_ = -1;  // unknown should the statement fail
  (*txn)->exec(absl::StrCat("SET statement_timeout = ", step));
  statement_timeout_ms_ = step;
  return absl::OkStatus();
}

std::unique_ptr<DbPool> DbPool::Create(DbPoolOptions options,
                                       std::vector<PreparedStatement> statements) {
  return std::unique_ptr<DbPool>(new DbPool(std::move(options), std::move(statements)));
}

DbPool::DbPool(DbPoolOptions options, std::vector<PreparedStatement> statements)
    : options_(std::move(options)), statements_(std::move(statements)), metrics_(options_.name) {
  metrics_.SetWorkers(options_.workers);
  metrics_.SetQueueDepth(0);
  metrics_.SetBusyWorkers(0);
  for (int i = 0; i < options_.workers; ++i) {
    idle_.push_back(std::make_unique<DbSession>(
        WithConnectionDefaults(options_.conninfo, "summitd/" + options_.name), &statements_));
  }
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

DbPool::~DbPool() { Shutdown(); }

absl::Status DbPool::Submit(Job job, Shed shed) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("server is shutting down");
  if (queue_.size() >= options_.max_queue) {
    metrics_.CountShed();
    return absl::ResourceExhaustedError("server is overloaded; retry with backoff");
  }
  if (!queue_.empty() && now - queue_.front().since > options_.max_queue_wait) {
    metrics_.CountShed();
    return absl::ResourceExhaustedError(
        "server is overloaded (calls wait too long for the database); retry with backoff");
  }
  queue_.push_back(Queued{.job = std::move(job), .shed = std::move(shed), .since = now});
  metrics_.SetQueueDepth(queue_.size());
  return absl::OkStatus();
}

void DbPool::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

bool DbPool::TryRunInline(absl::FunctionRef<void(DbSession&)> job) {
  if (!options_.inline_reads) return false;
  std::unique_ptr<DbSession> session;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ || !queue_.empty() || absl::Now() < inline_paused_until_) return false;
    // The most recently used open one: connecting here would block a gRPC
    // thread for up to connect_timeout.
    for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
      if ((*it)->IsOpen()) {
        session = std::move(*it);
        idle_.erase(std::next(it).base());
        break;
      }
    }
    if (!session) return false;
  }
  job(*session);
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(session));
  return true;
}

void DbPool::PauseInline(absl::Time until) {
  absl::MutexLock lock(&mu_);
  inline_paused_until_ = std::max(inline_paused_until_, until);
}

void DbPool::WorkerLoop() {
  while (true) {
    Queued next;
    std::unique_ptr<DbSession> session;
    {
      absl::MutexLock lock(&mu_);
      // A job needs a connection: one may be lent to a gRPC thread for a
      // moment.
      mu_.Await(absl::Condition(
          +[](DbPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
            return (p->stopping_ && p->queue_.empty()) || (!p->queue_.empty() && !p->idle_.empty());
          },
          this));
      if (queue_.empty()) return;  // stopping, and nothing left to run
      next = std::move(queue_.front());
      queue_.pop_front();
      metrics_.SetQueueDepth(queue_.size());
      session = std::move(idle_.back());
      idle_.pop_back();
    }
    const absl::Duration waited = absl::Now() - next.since;
    metrics_.ObserveWait(waited);
    if (waited > options_.max_queue_wait && next.shed) {
      metrics_.CountShed();
      next.shed(absl::ResourceExhaustedError(
          absl::StrCat("server is overloaded (waited ", absl::ToInt64Milliseconds(waited),
                       " ms for the database); retry with backoff")));
      absl::MutexLock lock(&mu_);
      idle_.push_back(std::move(session));
      continue;
    }
    metrics_.SetBusyWorkers(++busy_);
    next.job(*session);
    {
      absl::MutexLock lock(&mu_);
      idle_.push_back(std::move(session));
    }
    // Only once its connection is back: a worker counted idle has nothing
    // in hand (tests wait on it before expecting an inline run).
    metrics_.SetBusyWorkers(--busy_);
  }
}

}  // namespace summit
