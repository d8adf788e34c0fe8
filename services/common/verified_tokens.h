#pragma once
// A bounded memory of the bearer tokens whose signature this server has
// already checked, so that the next call with the same token skips the HMAC
// and the decoding (about a tenth of a short read's instructions,
// docs/benchmarks.md). It is keyed by the token's exact text: only those very
// bytes, verified before under the same keys, match. Expiry is checked again
// on every use; revocation stays the Authenticator's, on every call.

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "summit/auth/internal/v1/token_claims.pb.h"

namespace summit {

class VerifiedTokens final {
 public:
  using Claims = auth::internal::v1::TokenClaims;

  // At most `capacity` tokens are remembered; a part that fills up is
  // emptied (its tokens are verified again on their next use).
  explicit VerifiedTokens(size_t capacity = 4096)
      : per_shard_(std::max<size_t>(1, capacity / kShards)) {}

  // The claims of `token` when it was remembered and has not expired at `now`.
  std::shared_ptr<const Claims> Find(absl::string_view token, absl::Time now) const;
  // Remembers a token that has just verified; returns its claims.
  std::shared_ptr<const Claims> Remember(absl::string_view token, Claims claims);

  size_t size() const;

 private:
  static constexpr size_t kShards = 8;  // two gRPC threads rarely meet on one
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, std::shared_ptr<const Claims>> tokens ABSL_GUARDED_BY(mu);
  };
  Shard& ShardOf(absl::string_view token) const;

  const size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace summit
