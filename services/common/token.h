#pragma once
// Signed bearer tokens that any server holding the key can verify without a
// database round trip. Format in proto/summit/auth/internal/v1/token_claims.proto.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "summit/auth/internal/v1/token_claims.pb.h"

namespace summit {

class TokenCodec final {
 public:
  // The key must be at least 32 bytes.
  static absl::StatusOr<TokenCodec> Create(std::string key);

  std::string Sign(const auth::internal::v1::TokenClaims& claims) const;

  // UNAUTHENTICATED for a malformed, forged or expired token.
  absl::StatusOr<auth::internal::v1::TokenClaims> Verify(absl::string_view token,
                                                         absl::Time now) const;

  // A keyed digest (HMAC-SHA256, hex) of `purpose` and `data`: stored in
  // place of secrets such as sign-in codes, useless without the key.
  std::string KeyedDigest(absl::string_view purpose, absl::string_view data) const;

 private:
  explicit TokenCodec(std::string key) : key_(std::move(key)) {}
  std::string Mac(absl::string_view data) const;

  std::string key_;
};

// Reads a key from a file (trailing whitespace dropped).
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

}  // namespace summit
