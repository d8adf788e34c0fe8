#pragma once
// Keyset pagination with opaque page tokens. A token carries the last key
// seen and a fingerprint of the query, signed with the server's page-token
// key: a token the server did not issue (edited, cut short, made up) is
// refused, and one issued for other filters cannot be replayed.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> default; above the cap -> the cap; negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int requested);

// The key page tokens are signed with, set once at start-up before any call
// (replicas derive it from the shared token key, so a token from one replica
// is good on another). Until set, a random key of this process signs.
void SetPageTokenKey(absl::string_view key);

std::string EncodePageToken(absl::string_view query_fingerprint, absl::string_view last_key);

// Empty token -> empty key (start from the beginning).
absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view query_fingerprint);

}  // namespace summit
