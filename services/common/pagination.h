#pragma once
// Keyset pagination with opaque page tokens. A token carries the last key
// seen and a fingerprint of the query, so it cannot be replayed against a
// different filter.

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"

namespace summit {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> default; above the cap -> the cap; negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int requested);

std::string EncodePageToken(absl::string_view query_fingerprint, absl::string_view last_key);

// Empty token -> empty key (start from the beginning).
absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view query_fingerprint);

}  // namespace summit
