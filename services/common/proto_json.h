#pragma once
// Protobuf messages <-> JSON text, for jsonb columns and the CLI's --json.

#include <google/protobuf/message.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace summit {

// Field names as in the .proto (snake_case), enums by name.
std::string ToJson(const google::protobuf::Message& message);
absl::Status FromJson(absl::string_view json, google::protobuf::Message* message);

// JSON arrays of strings, for jsonb columns.
std::string ToJsonArray(const std::vector<std::string>& items);
std::vector<std::string> FromJsonArray(absl::string_view json);

// A stable digest of a message (hex SHA-256 of its deterministic encoding).
std::string Fingerprint(const google::protobuf::Message& message);
std::string Sha256Hex(absl::string_view data);

}  // namespace summit
