#pragma once
// One access log line and one metrics sample per gRPC call:
//   time, method, status code, latency, principal, request id, peer, and the
//   call's W3C trace (trace id, its own span id, the caller's span id).
// Every call gets an `x-request-id` and a trace span (the caller's request id
// when it sent a sane one, else one made up; a span that is the child of the
// caller's `traceparent`, else a new trace), so handlers, their log lines and
// the calls they make to other services all carry the same ones.
//
// Two ways in, one line format:
// - The unary calls Summit's own dispatch serves (ProtoService, the event
//   source) keep their entry in their reactor (call_reactor.h) and write it
//   when they answer. A gRPC interceptor cost them ~5% of a short read's
//   instructions (its hooks run on every batch of every call, and a shared
//   registry let the handler find it to name the principal).
// - Every other call (health, reflection, channelz, the feed's own methods,
//   methods nobody serves) passes the interceptor of NewAccessLogFactory,
//   which also leaves the request id and the server span's traceparent in the
//   call's metadata for the handler.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/trace_context.h"

namespace summit {

inline constexpr char kRequestIdMetadata[] = "x-request-id";
inline constexpr char kTraceParentMetadata[] = "traceparent";

// What one call's access line says, gathered as the call goes.
class CallLogEntry final {
 public:
  // Starts the call's clock; its ids from the caller's metadata as above.
  // `method`: the full path ("/summit.directory.v1.DirectoryService/GetPerson").
  CallLogEntry(const grpc::ServerContextBase& ctx, std::string method,
               absl::Time start = absl::Now());

  const std::string& request_id() const { return request_id_; }
  // This server's span: the caller's trace id (or a new one), a new span id.
  const TraceParent& span() const { return span_; }
  // The client's address: gRPC's peer, or for a call through the web
  // gateway (which proves it is this process) the browser's.
  const std::string& peer() const { return peer_; }
  void set_principal(std::string subject) { principal_ = std::move(subject); }

  // The metrics sample and, at the level the call deserves, the log line.
  void Write(grpc::StatusCode code) const;

 private:
  std::string method_;
  absl::Time start_;
  std::string request_id_;
  TraceParent span_;
  std::string parent_span_id_;  // the caller's span; empty for a new trace
  std::string peer_;
  std::string principal_;
};

// The interceptor for every method not in `logged_by_their_reactors` (filled
// before the server starts, read-only after).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewAccessLogFactory(
    std::shared_ptr<const absl::flat_hash_set<std::string>> logged_by_their_reactors);

// The authenticated caller of an intercepted call on `ctx`, for its line.
void NoteCallPrincipal(const grpc::ServerContextBase& ctx, const std::string& subject);

}  // namespace summit
