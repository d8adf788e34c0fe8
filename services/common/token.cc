#include "services/common/token.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <sys/stat.h>

#include <algorithm>
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

constexpr absl::string_view kBarePrefix = "smt1";
constexpr absl::string_view kKeyIdPrefix = "smt2";

bool IsKeyId(absl::string_view id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// HMAC-SHA256 keyed with `secret`; null if OpenSSL cannot make one.
std::shared_ptr<const EVP_MAC_CTX> KeyedHmac(const std::string& secret) {
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return nullptr;
  std::shared_ptr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(hmac), EVP_MAC_CTX_free);
  if (!ctx) return nullptr;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_END};
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                   params) != 1) {
    return nullptr;
  }
  return ctx;
}

bool SameBytes(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

absl::StatusOr<TokenCodec> TokenCodec::Create(std::string keyring) {
  std::vector<Key> keys;
  const std::vector<absl::string_view> lines =
      absl::StrSplit(keyring, '\n', absl::SkipWhitespace());
  for (absl::string_view raw : lines) {
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (absl::StartsWith(line, "#")) continue;
    Key key;
    const size_t colon = line.find(':');
    if (colon != absl::string_view::npos && IsKeyId(line.substr(0, colon))) {
      key.id = std::string(line.substr(0, colon));
      key.secret = std::string(line.substr(colon + 1));
    } else {
      key.secret = std::string(line);
    }
    if (key.secret.size() < 32) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token signing key ", key.id.empty() ? "" : absl::StrCat("\"", key.id, "\" "),
          "must be at least 32 bytes"));
    }
    for (const Key& other : keys) {
      if (other.id == key.id) {
        return absl::InvalidArgumentError(
            key.id.empty() ? std::string("a token key file holds one key without an id at most; "
                                         "give the keys ids: <key id>:<key>, one a line")
                           : absl::StrCat("token key id \"", key.id, "\" is listed twice"));
      }
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return absl::InvalidArgumentError("no token signing key given");
  for (Key& key : keys) {
    key.keyed = KeyedHmac(key.secret);
    if (!key.keyed) return absl::InternalError("OpenSSL cannot make an HMAC-SHA256 context");
  }
  return TokenCodec(std::move(keys));
}

std::string TokenCodec::Mac(const Key& key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  // EVP_MAC_CTX_dup only reads its source: the keyed context is shared by
  // every thread.
  const std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(
      EVP_MAC_CTX_dup(key.keyed.get()), EVP_MAC_CTX_free);
  if (!ctx ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1 ||
      EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1) {
    // Out of memory for the copy: the one-shot form, slower, same MAC.
    unsigned int one_shot_len = 0;
    HMAC(EVP_sha256(), key.secret.data(), static_cast<int>(key.secret.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &one_shot_len);
    len = one_shot_len;
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string TokenCodec::KeyedDigest(absl::string_view purpose, absl::string_view data) const {
  return absl::BytesToHexString(Mac(keys_.front(), absl::StrCat(purpose, "\n", data)));
}

std::string TokenCodec::Sign(const auth::internal::v1::TokenClaims& claims) const {
  std::string payload;
  claims.SerializeToString(&payload);
  const Key& key = keys_.front();
  const std::string signed_part =
      key.id.empty()
          ? absl::StrCat(kBarePrefix, ".", absl::WebSafeBase64Escape(payload))
          : absl::StrCat(kKeyIdPrefix, ".", key.id, ".", absl::WebSafeBase64Escape(payload));
  return absl::StrCat(signed_part, ".", absl::WebSafeBase64Escape(Mac(key, signed_part)));
}

absl::StatusOr<auth::internal::v1::TokenClaims> TokenCodec::Verify(absl::string_view token,
                                                                   absl::Time now) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  const bool with_id = parts.size() == 4 && parts[0] == kKeyIdPrefix;
  if (!with_id && !(parts.size() == 3 && parts[0] == kBarePrefix)) {
    return absl::UnauthenticatedError("malformed bearer token");
  }
  std::string mac;
  std::string payload;
  if (!absl::WebSafeBase64Unescape(parts.back(), &mac) ||
      !absl::WebSafeBase64Unescape(parts[parts.size() - 2], &payload)) {
    return absl::UnauthenticatedError("malformed bearer token");
  }
  const absl::string_view signed_part = token.substr(0, token.size() - parts.back().size() - 1);
  bool valid = false;
  if (with_id) {
    const auto key =
        std::find_if(keys_.begin(), keys_.end(), [&](const Key& k) { return k.id == parts[1]; });
    if (key == keys_.end()) {
      return absl::UnauthenticatedError(
          "bearer token was signed with a key this server no longer (or not yet) holds; "
          "sign in again");
    }
    valid = SameBytes(mac, Mac(*key, signed_part));
  } else {
    // Issued before keys had ids: any listed key may have signed it.
    for (const Key& key : keys_) valid = SameBytes(mac, Mac(key, signed_part)) || valid;
  }
  if (!valid) return absl::UnauthenticatedError("bearer token signature is invalid");
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
