#include "services/common/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace summit {
namespace {
constexpr absl::string_view kPrefix = "smt1";
}  // namespace

absl::StatusOr<TokenCodec> TokenCodec::Create(std::string key) {
  if (key.size() < 32) {
    return absl::InvalidArgumentError("token signing key must be at least 32 bytes");
  }
  return TokenCodec(std::move(key));
}

std::string TokenCodec::Mac(absl::string_view data) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string TokenCodec::KeyedDigest(absl::string_view purpose, absl::string_view data) const {
  return absl::BytesToHexString(Mac(absl::StrCat(purpose, "\n", data)));
}

std::string TokenCodec::Sign(const auth::internal::v1::TokenClaims& claims) const {
  std::string payload;
  claims.SerializeToString(&payload);
  const std::string signed_part = absl::StrCat(kPrefix, ".", absl::WebSafeBase64Escape(payload));
  return absl::StrCat(signed_part, ".", absl::WebSafeBase64Escape(Mac(signed_part)));
}

absl::StatusOr<auth::internal::v1::TokenClaims> TokenCodec::Verify(absl::string_view token,
                                                                   absl::Time now) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0] != kPrefix) {
    return absl::UnauthenticatedError("malformed bearer token");
  }
  std::string mac;
  std::string payload;
  if (!absl::WebSafeBase64Unescape(parts[2], &mac) ||
      !absl::WebSafeBase64Unescape(parts[1], &payload)) {
    return absl::UnauthenticatedError("malformed bearer token");
  }
  const std::string expected = Mac(token.substr(0, parts[0].size() + 1 + parts[1].size()));
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return absl::UnauthenticatedError("bearer token signature is invalid");
  }
  auth::internal::v1::TokenClaims claims;
  if (!claims.ParseFromString(payload) || claims.subject().empty() || claims.token_id().empty()) {
    return absl::UnauthenticatedError("malformed bearer token");
  }
  if (absl::FromUnixSeconds(claims.expire_time_seconds()) <= now) {
    return absl::UnauthenticatedError("bearer token has expired; ask an admin for a new one");
  }
  return claims;
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  // Whoever reads the key can mint any token: only its owner may.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read key file ", path));
  }
  if ((info.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "key file %s is readable or writable by group or others (mode %04o); chmod 600 it", path,
        info.st_mode & 07777));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read key file ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return std::string(absl::StripTrailingAsciiWhitespace(buffer.str()));
}

}  // namespace summit
