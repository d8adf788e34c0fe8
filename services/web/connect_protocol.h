#pragma once
// The Connect protocol's wire rules, free of any HTTP library: error codes
// and their HTTP statuses, the error body, and the 5-byte envelopes of
// streaming calls (https://connectrpc.com/docs/protocol).

#include <grpcpp/support/status.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace summit::web {

// "invalid_argument", "not_found", … (Connect spells CANCELLED "canceled").
std::string ConnectCode(grpc::StatusCode code);
// The HTTP status of an error with this code in a unary response.
int HttpStatusOf(grpc::StatusCode code);
// {"code": "...", "message": "..."}: the body of a unary error, and the
// `error` of a stream's end.
std::string ErrorJson(const grpc::Status& status);

// Codec of a call's body, from its Content-Type.
enum class Codec { kJson, kProto };
// Unary: application/json or application/proto (a charset is allowed).
std::optional<Codec> UnaryCodecOf(absl::string_view content_type);
// Streaming: application/connect+json or application/connect+proto.
std::optional<Codec> StreamCodecOf(absl::string_view content_type);

// Envelope flags.
inline constexpr uint8_t kCompressedFlag = 0x01;
inline constexpr uint8_t kEndStreamFlag = 0x02;

std::string Envelope(uint8_t flags, absl::string_view payload);
// The one message of a request stream; nullopt when `body` is not exactly
// one uncompressed envelope.
std::optional<std::string> SingleEnvelope(absl::string_view body);
// The end of a response stream: {} when OK, else {"error": {...}}.
std::string EndStream(const grpc::Status& status);

// `Connect-Timeout-Ms`: at most 10 digits, else nullopt.
std::optional<int64_t> ParseTimeoutMs(absl::string_view header);

}  // namespace summit::web
