#pragma once
// A direct reader for the one JSON shape list pages decode many times a
// page: an array of strings (`["people/a", "people/b"]`, as jsonb prints it).
// Going through protobuf's JSON parser cost most of a list call's CPU. And a
// direct writer of one JSON string, for log lines and held-back audit events.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace summit {

// The strings, unescaped (\uXXXX with surrogate pairs to UTF-8); nullopt for
// anything that is not exactly an array of strings.
std::optional<std::vector<std::string>> ParseJsonStringArray(absl::string_view json);

// Appends `s` as a JSON string literal: quotes, backslashes and control
// characters escaped, UTF-8 kept as it is.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace summit
