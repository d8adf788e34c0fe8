#pragma once
// Signed bearer tokens that any server holding the key can verify without a
// database round trip. Format in proto/summit/auth/internal/v1/token_claims.proto.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "summit/auth/internal/v1/token_claims.pb.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX

namespace summit {

// Signing keys carry ids so that they can be rotated: the key file holds one
// key per line, `<key id>:<key>` (id: 1-32 of a-z 0-9 -), the first line
// signs, every line verifies. Tokens name the key that signed them:
//   smt2.<key id>.<base64url(TokenClaims)>.<base64url(HMAC-SHA256(key, all before))>
// A file of one bare key (no id, the old format) signs as before:
//   smt1.<base64url(TokenClaims)>.<base64url(HMAC-SHA256(key, "smt1." + payload))>
// and smt1 tokens are verified against every key, so tokens issued before
// ids were given keep working while their key is listed.
class TokenCodec final {
 public:
  // `keyring`: the key file's text as above. Each key at least 32 bytes.
  static absl::StatusOr<TokenCodec> Create(std::string keyring);

  std::string Sign(const auth::internal::v1::TokenClaims& claims) const;

  // UNAUTHENTICATED for a malformed, forged or expired token.
  absl::StatusOr<auth::internal::v1::TokenClaims> Verify(absl::string_view token,
                                                         absl::Time now) const;

  // A keyed digest (HMAC-SHA256, hex) of `purpose` and `data` under the
  // signing key: stored in place of secrets such as sign-in codes, useless
  // without the key.
  std::string KeyedDigest(absl::string_view purpose, absl::string_view data) const;

  // The signing key's id; empty for a bare key.
  const std::string& signing_key_id() const { return keys_.front().id; }

 private:
  struct Key {
    std::string id;  // empty: a bare key (smt1)
    std::string secret;
    // HMAC-SHA256 already keyed with `secret`: each MAC starts from a copy
    // instead of looking the algorithm up and hashing the key again.
    std::shared_ptr<const evp_mac_ctx_st> keyed;
  };
  explicit TokenCodec(std::vector<Key> keys) : keys_(std::move(keys)) {}
  static std::string Mac(const Key& key, absl::string_view data);

  std::vector<Key> keys_;  // never empty; the first signs
};

// Reads a key from a file (trailing whitespace dropped).
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

}  // namespace summit
