#pragma once
// The shape of every unary RPC: authenticate the call (on the gRPC thread,
// no database), then run the work on the database pool, which refuses to
// start it once the call is cancelled or past its deadline, and answer with
// the mapped status through the call's reactor, which logs it
// (call_reactor.h). Handlers stay one line: no SQL, no threading.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/common/call_context.h"
#include "services/common/call_reactor.h"
#include "services/common/db_pool.h"
#include "services/common/status.h"

namespace summit {

// When the caller stops waiting; InfiniteFuture for a call without deadline
// (gRPC reports that as a time point near the end of the clock).
absl::Time DeadlineOf(const grpc::ServerContextBase& ctx);

// What a method's inline attempts taught (RpcRunner::Execute): a method
// whose attempt was given up (it writes, locks or calls another service) goes
// straight to the pool for a while instead of trying again each call.
class InlinePolicy final {
 public:
  bool MayTry(absl::Time now) const {
    return now >= absl::FromUnixNanos(pool_only_until_ns_.load(std::memory_order_relaxed));
  }
  void GaveUp(absl::Time now) {
    pool_only_until_ns_.store(absl::ToUnixNanos(now + kPoolOnlyAfterGivingUp),
                              std::memory_order_relaxed);
  }

  static constexpr absl::Duration kPoolOnlyAfterGivingUp = absl::Seconds(10);

 private:
  std::atomic<int64_t> pool_only_until_ns_{0};
};

class RpcRunner final {
 public:
  // The work of one call, run on a database worker; OK lets the call finish OK.
  using Work = std::function<absl::Status(const CallContext&, DbSession&)>;

  RpcRunner(const Authenticator* authenticator, DbPool* pool)
      : authenticator_(authenticator), pool_(pool) {}

  // The caller's identity (noted in `reactor`'s log entry) and deadline,
  // from this call's own metadata, with the entry's request id and span.
  absl::StatusOr<CallContext> Begin(const grpc::CallbackServerContext& ctx,
                                    CallReactor* reactor) const;
  // The same for a method open to anyone: no credentials needed (any sent
  // are ignored), the principal stays empty.
  CallContext BeginAnonymous(const grpc::CallbackServerContext& ctx,
                             const CallReactor& reactor) const;

  // Runs `work` on the pool and answers `reactor` with its status. With a
  // policy (a read), it is first tried on this thread with an idle connection
  // (DbPool::TryRunInline), bounded by kInlineBudget; an attempt given up,
  // or failed for the database's sake, runs again on the pool.
  void Execute(grpc::CallbackServerContext* ctx, CallReactor* reactor, CallContext call, Work work,
               InlinePolicy* inline_policy = nullptr);

  // How long an inline attempt may keep a gRPC thread waiting on the
  // database (its statements' timeout, with the ladder's rounding down).
  static constexpr absl::Duration kInlineBudget = absl::Milliseconds(250);
  // After an attempt failed for the database's sake (timeout, lost
  // connection, error), no pool tries inline for this long.
  static constexpr absl::Duration kInlinePauseAfterFailure = absl::Seconds(1);

  const Authenticator& authenticator() const { return *authenticator_; }

 private:
  const Authenticator* authenticator_;
  DbPool* pool_;
};

}  // namespace summit
