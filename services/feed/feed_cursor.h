#pragma once
// The feed's opaque cursor: one position per source, base64url-encoded.
// Not signed: a made-up cursor can only skip or repeat events the caller
// may see anyway, since every source applies visibility on each read.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "summit/feed/internal/v1/event_source.pb.h"

namespace summit::feed {

std::string EncodeCursor(const internal::v1::FeedCursor& cursor);
// INVALID_ARGUMENT naming `field` when it is not a cursor this feed issued.
absl::StatusOr<internal::v1::FeedCursor> DecodeCursor(absl::string_view field,
                                                      absl::string_view token);

bool operator<(const internal::v1::SourcePosition& a, const internal::v1::SourcePosition& b);

}  // namespace summit::feed
