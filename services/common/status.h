#pragma once
// Errors: domain and store code return absl::Status; this is the one place
// that turns one into a grpc::Status at the RPC boundary.

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace summit {

// The message passes through SafeMessage: messages echo what clients sent.
grpc::Status ToGrpcStatus(const absl::Status& status);

// A message fit to send back and to print on a terminal: at most
// kMaxMessageBytes (cut at a character, saying how much was left out), with
// control characters, bidirectional overrides and invalid UTF-8 escaped
// (\x1b, \u{202e}) so that an echoed value cannot rewrite what a reader sees.
inline constexpr size_t kMaxMessageBytes = 1024;
std::string SafeMessage(absl::string_view message);
// The other way, for what another service answered: same code and message.
absl::Status FromGrpcStatus(const grpc::Status& status);

// INVALID_ARGUMENT naming the field and the rule it broke:
// "summit.time_zone: unknown IANA time zone \"Mars/Base\"".
absl::Status InvalidField(absl::string_view field, absl::string_view rule);

// FAILED_PRECONDITION for a workflow step that is not allowed now.
absl::Status NotAllowed(absl::string_view what);

// The NOT_FOUND a caller sees both for a missing resource and for one it may
// not see, so that ids cannot be probed.
absl::Status ResourceNotFound(absl::string_view name);

// A NOT_FOUND from another service about something the caller referred to
// is the caller's input to fix: INVALID_ARGUMENT naming the field. Other
// statuses pass through.
absl::Status AsFieldError(const absl::Status& status, absl::string_view field);

// Prefixes the message of a non-OK status with context; OK passes through.
absl::Status Annotate(const absl::Status& status, absl::string_view context);

}  // namespace summit
