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

// INVALID_ARGUMENT naming the first enum field, at any depth, whose value is
// not one the enum declares (proto3 enums are open: `kind = 17` parses).
absl::Status CheckEnumValues(const google::protobuf::Message& message);

// Both, as every request gets them: ParseRequest, then CheckEnumValues.
absl::Status ReadRequest(absl::string_view bytes, google::protobuf::Message* message);

// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(absl::string_view s);

}  // namespace summit
