#pragma once
// Runs one unit of work in a PostgreSQL transaction, translating database
// exceptions into absl::Status in one place (STYLE.md convention 3):
//   serialization failure / deadlock -> retried, then ABORTED
//   broken connection before commit  -> reconnect and retry, then UNAVAILABLE
//   commit outcome unknown (in doubt) -> UNAVAILABLE, never re-executed
//   unique violation                 -> ALREADY_EXISTS
//   statement timeout (deadline)     -> DEADLINE_EXCEEDED
// No SQL text or driver message reaches the client.
//
// Round trips: a transaction sends BEGIN, its statements and COMMIT; reads
// that need no transaction (RunRead) send their statements alone. The
// statement timeout that bounds them by the call's deadline is a session
// setting, sent only when it changes (DbSession::BoundStatements).

#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/call_context.h"
#include "services/common/commit_signal.h"
#include "services/common/db_pool.h"
#include "services/common/inline_attempt.h"

namespace summit {

// Maps the exception currently being handled to a status. Sets *retry when
// running the whole transaction again is safe. `call`, when given, names the
// call in the log line about an unexpected error.
absl::Status TranslateDbException(bool* retry, const CallContext* call = nullptr);

void BackoffBeforeRetry(int attempt);

inline constexpr int kMaxTransactionAttempts = 4;

// Runs `fn` on a fresh Txn (pqxx::work or pqxx::nontransaction), retrying
// what is safe to retry.
template <typename Txn, typename Fn>
auto RunOnSession(DbSession& session, absl::Time deadline, const CallContext* call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  using Result = std::invoke_result_t<Fn, pqxx::transaction_base&>;
  absl::Status last = absl::UnavailableError("the database is unavailable");
  for (int attempt = 1; attempt <= kMaxTransactionAttempts; ++attempt) {
    if (absl::Now() >= deadline) return Result(absl::DeadlineExceededError("deadline exceeded"));
    bool retry = false;
    try {
      if (absl::Status s = session.BoundStatements(deadline); !s.ok()) return Result(s);
      if constexpr (std::is_same_v<Txn, pqxx::nontransaction>) {
        // Autocommit: the session's kept nontransaction (nothing to commit).
        absl::StatusOr<pqxx::nontransaction*> kept = session.KeptNontransaction();
        if (!kept.ok()) return Result(kept.status());
        const SessionConnection::InUse in_use(session.current_connection());
        CommitSignal::TransactionStarted();
        session.set_kept_in_use(true);
        Result result = fn(static_cast<pqxx::transaction_base&>(**kept));
        session.set_kept_in_use(false);
        if (result.ok()) CommitSignal::Process().TransactionCommitted();
        return result;
      } else {
        absl::StatusOr<pqxx::connection_base*> conn = session.Connection();
        if (!conn.ok()) return Result(conn.status());
        Txn txn(**conn);
        const SessionConnection::InUse in_use(session.current_connection());
        CommitSignal::TransactionStarted();
        Result result = fn(static_cast<pqxx::transaction_base&>(txn));
        if (!result.ok()) return result;  // the transaction rolls back unwritten
        txn.commit();
        CommitSignal::Process().TransactionCommitted();
        return result;
      }
    } catch (...) {
      session.set_kept_in_use(false);
      session.CloseKeptNontransaction();
      last = TranslateDbException(&retry, call);
      if (last.code() == absl::StatusCode::kUnavailable) session.Reset();
    }
    if (!retry) return Result(last);
    if (InlineAttempt::Active()) {  // no sleeping or reconnecting on a gRPC thread
      InlineAttempt::GiveUp("the database asked for a retry");
      return Result(last);
    }
    BackoffBeforeRetry(attempt);
  }
  if (last.code() == absl::StatusCode::kAborted) {
    return Result(absl::AbortedError("conflicting concurrent change; retry the call"));
  }
  return Result(last);
}

// fn returns absl::Status or absl::StatusOr<T>; a non-OK result rolls back.
// `call` (may be null) is the call the work is for, for the log.
template <typename Fn>
auto RunTransactionFor(DbSession& session, absl::Time deadline, const CallContext* call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  using Result = std::invoke_result_t<Fn, pqxx::transaction_base&>;
  if (InlineAttempt::Active()) {
    InlineAttempt::GiveUp("a transaction");
    return Result(absl::UnavailableError("a transaction does not run inline"));
  }
  return RunOnSession<pqxx::work>(session, deadline, call, std::forward<Fn>(fn));
}

// Statements that each commit on their own as soon as they ran (autocommit),
// for a write that must not wait for the rest of the call's transaction,
// such as taking the next number from a counter.
template <typename Fn>
auto RunAutocommit(DbSession& session, const CallContext& call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  using Result = std::invoke_result_t<Fn, pqxx::transaction_base&>;
  if (InlineAttempt::Active()) {
    InlineAttempt::GiveUp("an autocommitted write");
    return Result(absl::UnavailableError("a write does not run inline"));
  }
  return RunOnSession<pqxx::nontransaction>(session, call.deadline, &call, std::forward<Fn>(fn));
}

// A call's reads that write nothing and need no snapshot shared between
// statements, in autocommit: one round trip per statement instead of BEGIN,
// the statements and COMMIT. (Under READ COMMITTED, which transactions here
// use, each statement takes its own snapshot anyway.) Writes, locks and
// reads that must agree with each other use RunTransaction.
// The only helper an inline attempt (inline_attempt.h) may use.
template <typename Fn>
auto RunRead(DbSession& session, const CallContext& call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  return RunOnSession<pqxx::nontransaction>(session, call.deadline, &call, std::forward<Fn>(fn));
}

// The work of a call: bounded by its deadline, logged with its request id.
template <typename Fn>
auto RunTransaction(DbSession& session, const CallContext& call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  return RunTransactionFor(session, call.deadline, &call, std::forward<Fn>(fn));
}

// Work that is not a call's (background work, start-up).
template <typename Fn>
auto RunTransaction(DbSession& session, absl::Time deadline, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::transaction_base&> {
  return RunTransactionFor(session, deadline, nullptr, std::forward<Fn>(fn));
}

}  // namespace summit
