#pragma once
// Who makes a call and until when they wait: all that use cases need to know
// about the call itself. Free of gRPC, so domain headers stay light.

#include <string>

#include "absl/time/time.h"
#include "services/common/principal.h"
#include "services/common/trace_context.h"

namespace summit {

// Metadata by which the web gateway, calling in-process, passes on the
// browser's address, with this process's proof (a random secret that never
// leaves the process); ignored without the proof.
inline constexpr char kClientAddressMetadata[] = "x-summit-client-address";
inline constexpr char kGatewayProofMetadata[] = "x-summit-gateway-proof";
const std::string& GatewayProof();

struct CallContext {
  Principal principal;
  // When the caller stops waiting; InfiniteFuture without a deadline.
  absl::Time deadline = absl::InfiniteFuture();
  // The caller's `x-request-id`, or one made up for this call: it ties the
  // log lines of one call together.
  std::string request_id;
  // The client's address as gRPC reports it ("ipv4:10.0.0.7:51234"), for
  // rate limits on calls without credentials.
  std::string peer;
  // This call's span in its W3C trace: the caller's trace id (or a new one)
  // and a span id of its own; calls to other services carry it as their
  // parent (ServiceClient).
  TraceParent trace;
};

// The call whose work runs on this thread (set by RpcRunner around a call's
// work on a database worker), or null: how a call to another service finds
// the trace and request id to pass on without threading them through every
// use case.
const CallContext* CurrentCall();
class ScopedCurrentCall final {
 public:
  explicit ScopedCurrentCall(const CallContext* call);
  ~ScopedCurrentCall();
  ScopedCurrentCall(const ScopedCurrentCall&) = delete;
  ScopedCurrentCall& operator=(const ScopedCurrentCall&) = delete;

 private:
  const CallContext* previous_;
};

}  // namespace summit
