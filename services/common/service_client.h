#pragma once
// How one service calls another, the same way everywhere: through the other
// service's gRPC API (never its tables), with this server's own short-lived
// service credential, the caller's deadline capped at kMaxServiceCallTime,
// and one mapping of what the other side answered (Result):
//
//   NOT_FOUND                          -> NOT_FOUND "<what> does not exist"
//                                         (AsFieldError makes it the caller's
//                                         INVALID_ARGUMENT where they named it)
//   INVALID_ARGUMENT, FAILED_PRECONDITION,
//   ALREADY_EXISTS, ABORTED, OUT_OF_RANGE -> the same code: a rule of the other
//                                         service, said in its words
//   DEADLINE_EXCEEDED                  -> DEADLINE_EXCEEDED
//   UNAUTHENTICATED, PERMISSION_DENIED -> INTERNAL: this server's credential
//                                         was refused, a deployment fault
//                                         (logged as an error), never the
//                                         caller's
//   anything else                      -> UNAVAILABLE: try again later

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace summit {

inline constexpr absl::Duration kMaxServiceCallTime = absl::Seconds(10);

class ServiceClient final {
 public:
  // `service`: its --services name, e.g. "directory".
  ServiceClient(std::string service, std::function<std::shared_ptr<grpc::Channel>()> channel,
                std::function<std::string()> authorization)
      : service_(std::move(service)),
        channel_(std::move(channel)),
        authorization_(std::move(authorization)) {}

  // UNAVAILABLE when the service is neither hosted here nor given an address.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel() const;
  // A context for one call: this server's credential and the capped deadline.
  std::unique_ptr<grpc::ClientContext> Context(absl::Time deadline) const;
  // What the other service answered about `what`, mapped as above.
  absl::Status Result(const grpc::Status& status, absl::string_view what) const;

  const std::string& service() const { return service_; }

 private:
  std::string service_;
  std::function<std::shared_ptr<grpc::Channel>()> channel_;
  std::function<std::string()> authorization_;
};

}  // namespace summit
