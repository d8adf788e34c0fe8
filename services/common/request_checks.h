#pragma once
// Checks every request gets before its use case runs, driven by the
// message's descriptor so that a new field or RPC is covered without a line
// of its own.

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace summit {

// Parses `bytes` into `message`. A request that does not parse is
// INVALID_ARGUMENT naming the first string field that holds invalid UTF-8
// ("person.display_name: is not valid UTF-8"), or saying the message is
// malformed when no such field explains it.
absl::Status ParseRequest(absl::string_view bytes, google::protobuf::Message* message);

// INVALID_ARGUMENT naming the first field, at any depth, whose value parses
// but is not valid: an enum value the enum does not declare (proto3 enums are
// open: `kind = 17` parses), a Timestamp outside years 1–9999 or with nanos
// outside [0, 1e9), a Duration out of its range.
absl::Status CheckFieldValues(const google::protobuf::Message& message);

// Both, as every request gets them: ParseRequest, then CheckFieldValues.
absl::Status ReadRequest(absl::string_view bytes, google::protobuf::Message* message);

// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(absl::string_view s);

}  // namespace summit
