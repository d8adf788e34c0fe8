#include "services/common/rpc.h"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "services/common/inline_attempt.h"
#include "services/common/logging.h"
#include "services/common/status.h"

namespace summit {

absl::Time DeadlineOf(const grpc::ServerContextBase& ctx) {
  const auto d = ctx.deadline();
  if (d >= std::chrono::system_clock::time_point::max() - std::chrono::hours(24 * 365)) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(d);
}

namespace {

thread_local const CallContext* t_current_call = nullptr;

}  // namespace

const CallContext* CurrentCall() { return t_current_call; }
ScopedCurrentCall::ScopedCurrentCall(const CallContext* call) : previous_(t_current_call) {
  t_current_call = call;
}
ScopedCurrentCall::~ScopedCurrentCall() { t_current_call = previous_; }

const std::string& GatewayProof() {
  static const std::string* const kProof = [] {
    unsigned char bytes[32];
    RAND_bytes(bytes, sizeof bytes);
    return new std::string(absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes)));
  }();
  return *kProof;
}

absl::StatusOr<CallContext> RpcRunner::Begin(const grpc::CallbackServerContext& ctx,
                                             CallReactor* reactor) const {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(ctx.client_metadata());
  if (!principal.ok()) return principal.status();
  reactor->set_principal(principal->subject);
  CallContext call = BeginAnonymous(ctx, *reactor);
  call.principal = *std::move(principal);
  return call;
}

CallContext RpcRunner::BeginAnonymous(const grpc::CallbackServerContext& ctx,
                                      const CallReactor& reactor) const {
  return CallContext{.principal = {},
                     .deadline = DeadlineOf(ctx),
                     .request_id = reactor.entry().request_id(),
                     .peer = reactor.entry().peer(),
                     .trace = reactor.entry().span()};
}

namespace {

// Whether an inline attempt's status is the call's answer: OK, or a refusal
// the pool would give alike. Anything the database or the attempt's short
// bound may have caused runs again on the pool.
bool SettledInline(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kUnauthenticated:
      return true;
    default:
      return false;
  }
}

// Tries the call on this gRPC thread with one of the pool's idle, open
// connections (inline_attempt.h). True when that answered the call; false
// when the call is for the pool's workers (the attempt wrote nothing).
bool AnsweredInline(DbPool& pool, InlinePolicy& policy, grpc::CallbackServerContext* ctx,
                    CallReactor* reactor, const CallContext& call, const RpcRunner::Work& work) {
  const absl::Time now = absl::Now();
  if (!policy.MayTry(now) || now >= call.deadline || ctx->IsCancelled()) return false;
  absl::Status status;
  bool given_up = false;
  std::string_view why_given_up;  // a literal (InlineAttempt::GiveUp)
  const bool bound_by_budget = now + RpcRunner::kInlineBudget < call.deadline;
  const bool ran = pool.TryRunInline([&](DbSession& db) {
    CallContext bounded = call;
    bounded.deadline = std::min(call.deadline, now + RpcRunner::kInlineBudget);
    const InlineAttempt attempt;
    const ScopedCurrentCall current(&bounded);
    try {
      status = work(bounded, db);
    } catch (const std::exception&) {
      status = absl::InternalError("internal error");  // logged if the pool's run meets it too
    }
    given_up = attempt.given_up();
    why_given_up = attempt.why();
  });
  if (!ran) return false;
  const bool answered = !given_up && SettledInline(status);
  pool.CountInline(answered);
  if (answered) {
    reactor->Respond(ToGrpcStatus(status));
    return true;
  }
  if (given_up) {
    policy.GaveUp(now);
    log::At(log::Level::kDebug, &call, "method runs on the database workers only for {} s: {}",
            absl::ToInt64Seconds(InlinePolicy::kPoolOnlyAfterGivingUp), why_given_up);
  } else if (status.code() != absl::StatusCode::kDeadlineExceeded || bound_by_budget) {
    // The database's sake, not a caller's short deadline.
    pool.PauseInline(absl::Now() + RpcRunner::kInlinePauseAfterFailure);
  }
  return false;
}

}  // namespace

void RpcRunner::Execute(grpc::CallbackServerContext* ctx, CallReactor* reactor, CallContext call,
                        Work work, InlinePolicy* inline_policy) {
  if (inline_policy != nullptr && pool_ != nullptr &&
      AnsweredInline(*pool_, *inline_policy, ctx, reactor, call, work)) {
    return;
  }
  absl::Status queued = pool_->Submit(
      [ctx, reactor, call = std::move(call), work = std::move(work)](DbSession& db) {
        if (ctx->IsCancelled()) {
          reactor->Respond(grpc::Status::CANCELLED);
          return;
        }
        if (absl::Now() >= call.deadline) {
          reactor->Respond(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                        "deadline exceeded before the work started"));
          return;
        }
        const ScopedCurrentCall current(&call);
        absl::Status status;
        try {
          status = work(call, db);
        } catch (const std::exception& e) {
          log::Error(call, "unexpected error: {}", e.what());
          status = absl::InternalError("internal error");
        }
        reactor->Respond(ToGrpcStatus(status));
      },
      [reactor](const absl::Status& shed) { reactor->Respond(ToGrpcStatus(shed)); });
  if (!queued.ok()) reactor->Respond(ToGrpcStatus(queued));
}

}  // namespace summit
