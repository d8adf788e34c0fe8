#include "services/common/call_reactor.h"

#include "services/common/logging.h"

namespace summit {

void CallReactor::Respond(const grpc::Status& status) {
  if (responded_.exchange(true)) {
    log::Error("a call was answered twice; the second answer ({}) is dropped",
               static_cast<int>(status.error_code()));
    return;
  }
  entry_.Write(status.error_code());
  Finish(status);
}

}  // namespace summit
