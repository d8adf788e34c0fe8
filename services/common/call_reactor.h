#pragma once
// The reactor of a unary call that Summit's own dispatch serves (ProtoService,
// the event source): it answers the call and writes the call's access log
// line and metrics sample on the way (access_log.h), so these calls need no
// gRPC interceptor. It deletes itself when gRPC is done with the call.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <string>

#include "services/common/access_log.h"

namespace summit {

class CallReactor final : public grpc::ServerUnaryReactor {
 public:
  // `method`: the call's full path.
  CallReactor(const grpc::CallbackServerContext& ctx, std::string method)
      : entry_(ctx, std::move(method)) {}

  // The call's ids and peer; the principal once authenticated. Set before
  // Respond, on the thread that handles the call.
  const CallLogEntry& entry() const { return entry_; }
  void set_principal(std::string subject) { entry_.set_principal(std::move(subject)); }

  // Logs the call with `status`'s code and finishes it. Once per call: a
  // second answer (a bug) is logged as an error and dropped.
  void Respond(const grpc::Status& status);

  void OnDone() override { delete this; }

 private:
  CallLogEntry entry_;
  std::atomic<bool> responded_{false};
};

}  // namespace summit
