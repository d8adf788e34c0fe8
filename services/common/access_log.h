#pragma once
// One access log line and one metrics sample per gRPC call, from a server
// interceptor that sees every call (typed, raw, streaming, health,
// reflection, and the web gateway's in-process calls alike):
//   time, method, status code, latency, principal, request id, peer, and the
//   call's W3C trace (trace id, its own span id, the caller's span id).
// It also makes sure every call has an `x-request-id` and a `traceparent` in
// its metadata (made up when the caller sent none, the traceparent replaced by
// this server's span), so handlers, their log lines and the calls they make
// to other services all carry the same ones.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

namespace summit {

inline constexpr char kRequestIdMetadata[] = "x-request-id";
inline constexpr char kTraceParentMetadata[] = "traceparent";

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewAccessLogFactory();

// The authenticated caller of the call on `ctx`, for its access log line.
void NoteCallPrincipal(const grpc::ServerContextBase& ctx, const std::string& subject);

}  // namespace summit
