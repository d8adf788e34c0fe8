#include "services/common/service_client.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/access_log.h"
#include "services/common/call_context.h"
#include "services/common/inline_attempt.h"
#include "services/common/logging.h"

namespace summit {

absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceClient::Channel() const {
  if (InlineAttempt::Active()) {
    // The other service's answer would need a gRPC thread, and this one
    // may be the last free one: the call runs again on the pool.
    InlineAttempt::GiveUp("a call to another service");
    return absl::UnavailableError(absl::StrCat("the ", service_, " service is not called inline"));
  }
  std::shared_ptr<grpc::Channel> channel = channel_();
  if (!channel) {
    return absl::UnavailableError(
        absl::StrCat("the ", service_, " service is not reachable from this server"));
  }
  return channel;
}

std::unique_ptr<grpc::ClientContext> ServiceClient::Context(absl::Time deadline) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", authorization_());
  // The same user action, followed into the other service's log.
  if (const CallContext* call = CurrentCall()) {
    ctx->AddMetadata(kTraceParentMetadata, call->trace.ToHeader());
    ctx->AddMetadata(kRequestIdMetadata, call->request_id);
  }
  ctx->set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + kMaxServiceCallTime)));
  return ctx;
}

absl::Status ServiceClient::Result(const grpc::Status& status, absl::string_view what) const {
  const std::string said = absl::StrCat("the ", service_, " service: ", status.error_message());
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(absl::StrCat(what, " does not exist"));
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::OUT_OF_RANGE:
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat(what, ": ", said));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(
          absl::StrCat("deadline exceeded while asking the ", service_, " service"));
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      log::Error("the {} service refused this server's credential about {}: {}", service_, what,
                 status.error_message());
      return absl::InternalError(
          absl::StrCat("the ", service_, " service refused this server's credential"));
    default:
      return absl::UnavailableError(
          absl::StrCat("the ", service_, " service is unavailable: ", status.error_message()));
  }
}

}  // namespace summit
