#pragma once
// A direct reader for the one JSON shape list pages decode many times a
// page: an array of strings (`["people/a", "people/b"]`, as jsonb prints it).
// Going through protobuf's JSON parser cost most of a list call's CPU.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace summit {

// The strings, unescaped (\uXXXX with surrogate pairs to UTF-8); nullopt for
// anything that is not exactly an array of strings.
std::optional<std::vector<std::string>> ParseJsonStringArray(absl::string_view json);

}  // namespace summit
