#pragma once
// Why a server cannot be reached, in one sentence, instead of gRPC's silent
// retries and raw log lines: nothing listens there; something answers that
// is not a gRPC server (an HTTP/1 server, say); or TLS on one side only.
// Found by speaking a few bytes of HTTP/2 to it over plain TCP.

#include <string>

namespace summit::ctl {

enum class ProbeAnswer {
  kNothingListens,  // refused, unreachable, or no such host
  kPlaintextGrpc,   // answered the HTTP/2 preface with SETTINGS
  kHttp1,           // answered "HTTP/1.x ..."
  kTlsOnly,         // answered with a TLS record, or hung up on plain text
  kSomethingElse,
  kUnknownTarget,  // a target form the probe does not handle
};

// `target` as given to --server: host:port or dns:///host:port.
ProbeAnswer ProbeServer(const std::string& target);

// The sentence for a server that did not connect, or "" when the probe finds
// nothing wrong (a slow server: keep waiting).
std::string ExplainUnreachable(const std::string& target, bool tls, ProbeAnswer answer);

}  // namespace summit::ctl
