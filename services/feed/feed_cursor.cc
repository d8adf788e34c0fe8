#include "services/feed/feed_cursor.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/status.h"

namespace summit::feed {

std::string EncodeCursor(const internal::v1::FeedCursor& cursor) {
  std::string bytes;
  // Deterministic, so the same position always reads the same.
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    cursor.SerializeToCodedStream(&out);
  }
  return absl::StrCat("f1.", absl::WebSafeBase64Escape(bytes));
}

absl::StatusOr<internal::v1::FeedCursor> DecodeCursor(absl::string_view field,
                                                      absl::string_view token) {
  std::string bytes;
  internal::v1::FeedCursor cursor;
  if (!absl::ConsumePrefix(&token, "f1.") || !absl::WebSafeBase64Unescape(token, &bytes) ||
      !cursor.ParseFromString(bytes)) {
    return InvalidField(field, "is not a cursor this feed issued");
  }
  return cursor;
}

bool operator<(const internal::v1::SourcePosition& a, const internal::v1::SourcePosition& b) {
  return std::make_tuple(a.transaction(), a.event_id()) <
         std::make_tuple(b.transaction(), b.event_id());
}

}  // namespace summit::feed
