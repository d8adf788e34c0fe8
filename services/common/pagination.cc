#include "services/common/pagination.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"

namespace summit {
namespace {

constexpr char kSep = '\x1f';
constexpr char kVersion[] = "p2";

std::string ShortDigest(absl::string_view s) { return Sha256Hex(s).substr(0, 16); }

absl::Mutex key_mu(absl::kConstInit);
std::string& Key() ABSL_EXCLUSIVE_LOCKS_REQUIRED(key_mu) {
  static std::string* key = [] {
    auto* k = new std::string(32, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(k->data()), static_cast<int>(k->size()));
    return k;
  }();
  return *key;
}

// 128 bits of HMAC-SHA256 over everything the token says.
std::string Mac(absl::string_view body) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  absl::MutexLock lock(&key_mu);
  const std::string& key = Key();
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), 16);
}

}  // namespace

void SetPageTokenKey(absl::string_view key) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // A key of its own, so a page token never doubles as anything else.
  constexpr absl::string_view kPurpose = "summit page tokens v2";
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(kPurpose.data()), kPurpose.size(), out, &len);
  absl::MutexLock lock(&key_mu);
  Key().assign(reinterpret_cast<const char*>(out), len);
}

absl::StatusOr<int> EffectivePageSize(int requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string EncodePageToken(absl::string_view query_fingerprint, absl::string_view last_key) {
  const std::string body =
      absl::StrCat(kVersion, std::string(1, kSep), ShortDigest(query_fingerprint),
                   std::string(1, kSep), last_key);
  return absl::WebSafeBase64Escape(absl::StrCat(Mac(body), body));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view query_fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  const absl::Status not_ours = InvalidField("page_token", "is not a token this server issued");
  // Only the exact spelling issued: base64 leaves slack in its last character.
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() <= 16 ||
      absl::WebSafeBase64Escape(raw) != token) {
    return not_ours;
  }
  const absl::string_view mac = absl::string_view(raw).substr(0, 16);
  const absl::string_view body = absl::string_view(raw).substr(16);
  if (CRYPTO_memcmp(mac.data(), Mac(body).data(), 16) != 0) return not_ours;
  const std::vector<std::string> parts = absl::StrSplit(body, absl::MaxSplits(kSep, 2));
  if (parts.size() != 3 || parts[0] != kVersion || parts[2].empty()) return not_ours;
  if (parts[1] != ShortDigest(query_fingerprint)) {
    return InvalidField("page_token", "belongs to a list call with other filters");
  }
  return parts[2];
}

absl::StatusOr<PageRequest> StartPage(int page_size, absl::string_view page_token,
                                      std::string fingerprint) {
  PageRequest page;
  ASSIGN_OR_RETURN(page.size, EffectivePageSize(page_size));
  ASSIGN_OR_RETURN(page.after, DecodePageToken(page_token, fingerprint));
  page.fingerprint = std::move(fingerprint);
  return page;
}

absl::StatusOr<int64_t> AfterNumber(const PageRequest& page) {
  int64_t after = 0;
  if (!page.after.empty() && !absl::SimpleAtoi(page.after, &after)) {
    return InvalidField("page_token", "is not a token this server issued");
  }
  return after;
}

}  // namespace summit
