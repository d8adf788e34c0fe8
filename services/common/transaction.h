#pragma once
// Runs one unit of work in a PostgreSQL transaction, translating database
// exceptions into absl::Status in one place (STYLE.md convention 3):
//   serialization failure / deadlock -> retried, then ABORTED
//   broken connection before commit  -> reconnect and retry, then UNAVAILABLE
//   commit outcome unknown (in doubt) -> UNAVAILABLE, never re-executed
//   unique violation                 -> ALREADY_EXISTS
//   statement timeout (deadline)     -> DEADLINE_EXCEEDED
// No SQL text or driver message reaches the client.

#include <pqxx/transaction>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/call_context.h"
#include "services/common/db_pool.h"

namespace summit {

// Maps the exception currently being handled to a status. Sets *retry when
// running the whole transaction again is safe. `call`, when given, names the
// call in the log line about an unexpected error.
absl::Status TranslateDbException(bool* retry, const CallContext* call = nullptr);

// Bounds statements by the time left until the call's deadline; refuses to
// start when it has passed.
absl::Status ApplyDeadline(pqxx::work& txn, absl::Time deadline);

void BackoffBeforeRetry(int attempt);

inline constexpr int kMaxTransactionAttempts = 4;

// fn returns absl::Status or absl::StatusOr<T>; a non-OK result rolls back.
// `call` (may be null) is the call the work is for, for the log.
template <typename Fn>
auto RunTransactionFor(DbSession& session, absl::Time deadline, const CallContext* call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::work&> {
  using Result = std::invoke_result_t<Fn, pqxx::work&>;
  absl::Status last = absl::UnavailableError("the database is unavailable");
  for (int attempt = 1; attempt <= kMaxTransactionAttempts; ++attempt) {
    if (absl::Now() >= deadline) return Result(absl::DeadlineExceededError("deadline exceeded"));
    absl::StatusOr<pqxx::connection*> conn = session.Connection();
    if (!conn.ok()) return Result(conn.status());
    bool retry = false;
    try {
      pqxx::work txn(**conn);
      if (absl::Status s = ApplyDeadline(txn, deadline); !s.ok()) return Result(s);
      Result result = fn(txn);
      if (!result.ok()) return result;  // the transaction rolls back unwritten
      txn.commit();
      return result;
    } catch (...) {
      last = TranslateDbException(&retry, call);
      if (last.code() == absl::StatusCode::kUnavailable) session.Reset();
    }
    if (!retry) return Result(last);
    BackoffBeforeRetry(attempt);
  }
  if (last.code() == absl::StatusCode::kAborted) {
    return Result(absl::AbortedError("conflicting concurrent change; retry the call"));
  }
  return Result(last);
}

// The work of a call: bounded by its deadline, logged with its request id.
template <typename Fn>
auto RunTransaction(DbSession& session, const CallContext& call, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::work&> {
  return RunTransactionFor(session, call.deadline, &call, std::forward<Fn>(fn));
}

// Work that is not a call's (background work, start-up).
template <typename Fn>
auto RunTransaction(DbSession& session, absl::Time deadline, Fn&& fn)
    -> std::invoke_result_t<Fn, pqxx::work&> {
  return RunTransactionFor(session, deadline, nullptr, std::forward<Fn>(fn));
}

}  // namespace summit
