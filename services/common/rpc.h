#pragma once
// The shape of every unary RPC: authenticate the call (on the gRPC thread,
// no database), then run the work on the database pool, which refuses to
// start it once the call is cancelled or past its deadline, and finish with
// the mapped status. Handlers stay one line: no SQL, no threading.

#include <exception>
#include <iostream>
#include <utility>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/common/db_pool.h"
#include "services/common/principal.h"
#include "services/common/status.h"

namespace summit {

struct CallContext {
  Principal principal;
  // When the caller stops waiting; InfiniteFuture without a deadline.
  absl::Time deadline = absl::InfiniteFuture();
};

// When the caller stops waiting; InfiniteFuture for a call without deadline
// (gRPC reports that as a time point near the end of the clock).
inline absl::Time DeadlineOf(const grpc::ServerContextBase& ctx) {
  const auto d = ctx.deadline();
  if (d >= std::chrono::system_clock::time_point::max() - std::chrono::hours(24 * 365)) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(d);
}

class RpcRunner final {
 public:
  RpcRunner(const Authenticator* authenticator, DbPool* pool)
      : authenticator_(authenticator), pool_(pool) {}

  // fn: absl::StatusOr<Response>(const CallContext&, DbSession&)
  template <typename Response, typename Fn>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, Response* response, Fn fn) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    absl::StatusOr<Principal> principal = authenticator_->Authenticate(ctx->client_metadata());
    if (!principal.ok()) {
      reactor->Finish(ToGrpcStatus(principal.status()));
      return reactor;
    }
    CallContext call{.principal = *std::move(principal), .deadline = DeadlineOf(*ctx)};
    absl::Status queued = pool_->Submit(
        [ctx, reactor, response, call = std::move(call), fn = std::move(fn)](DbSession& db) {
          if (ctx->IsCancelled()) {
            reactor->Finish(grpc::Status::CANCELLED);
            return;
          }
          if (absl::Now() >= call.deadline) {
            reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                         "deadline exceeded before the work started"));
            return;
          }
          absl::Status status;
          try {
            absl::StatusOr<Response> result = fn(call, db);
            if (result.ok()) *response = *std::move(result);
            status = result.status();
          } catch (const std::exception& e) {
            std::cerr << "summit: unexpected error: " << e.what() << "\n";
            status = absl::InternalError("internal error");
          }
          reactor->Finish(ToGrpcStatus(status));
        });
    if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
    return reactor;
  }

  const Authenticator& authenticator() const { return *authenticator_; }

 private:
  const Authenticator* authenticator_;
  DbPool* pool_;
};

}  // namespace summit
