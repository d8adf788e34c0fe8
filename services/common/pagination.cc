#include "services/common/pagination.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"

namespace summit {
namespace {
constexpr char kSep = '\x1f';
std::string ShortDigest(absl::string_view s) { return Sha256Hex(s).substr(0, 16); }
}  // namespace

absl::StatusOr<int> EffectivePageSize(int requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string EncodePageToken(absl::string_view query_fingerprint, absl::string_view last_key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("p1", std::string(1, kSep), ShortDigest(query_fingerprint),
                   std::string(1, kSep), last_key));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view query_fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return InvalidField("page_token", "is not a token this server issued");
  }
  const std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits(kSep, 2));
  if (parts.size() != 3 || parts[0] != "p1" || parts[2].empty()) {
    return InvalidField("page_token", "is not a token this server issued");
  }
  if (parts[1] != ShortDigest(query_fingerprint)) {
    return InvalidField("page_token", "belongs to a list call with other filters");
  }
  return parts[2];
}

}  // namespace summit
