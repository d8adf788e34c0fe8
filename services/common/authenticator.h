#pragma once
// Turns the `authorization: Bearer <token>` metadata of one call into a
// Principal. Identity is derived per call, never stored on the connection's
// AuthContext (it leaks across calls; see shared/PITFALLS.md).

#include <grpcpp/support/string_ref.h>

#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/clock.h"
#include "services/common/principal.h"
#include "services/common/revocation_list.h"
#include "services/common/token.h"
#include "services/common/verified_tokens.h"

namespace summit {

class Authenticator final {
 public:
  // With a finite `max_revocation_age`, people's tokens are refused with
  // UNAVAILABLE (fail closed) while the revocation list has never been
  // loaded or is older than that: a revoked token must not pass because this
  // server cannot reach the directory. Servers' own short-lived tokens are
  // never revoked and pass, so that replicas can still reach each other.
  Authenticator(const TokenCodec* codec, RevocationList* revoked, const Clock* clock,
                absl::Duration max_revocation_age = absl::InfiniteDuration())
      : codec_(codec), revoked_(revoked), clock_(clock), max_revocation_age_(max_revocation_age) {}

  // From the `Bearer <token>` under `key` in the call's metadata.
  absl::StatusOr<Principal> Authenticate(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
      const char* key = "authorization") const;

  absl::StatusOr<Principal> AuthenticateToken(absl::string_view token) const;

  // How many verified tokens it remembers (tests).
  size_t remembered_tokens() const { return verified_.size(); }

 private:
  const TokenCodec* codec_;
  RevocationList* revoked_;
  const Clock* clock_;
  const absl::Duration max_revocation_age_;
  // Tokens whose signature was checked: the codec's keys never change.
  mutable VerifiedTokens verified_;
};

}  // namespace summit
