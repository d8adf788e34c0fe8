#include "services/common/verified_tokens.h"

#include "absl/hash/hash.h"

namespace summit {

VerifiedTokens::Shard& VerifiedTokens::ShardOf(absl::string_view token) const {
  return shards_[absl::Hash<absl::string_view>{}(token) % kShards];
}

std::shared_ptr<const VerifiedTokens::Claims> VerifiedTokens::Find(absl::string_view token,
                                                                   absl::Time now) const {
  Shard& shard = ShardOf(token);
  std::shared_ptr<const Claims> claims;
  {
    absl::MutexLock lock(&shard.mu);
    auto it = shard.tokens.find(token);
    if (it == shard.tokens.end()) return nullptr;
    claims = it->second;
  }
  // Expired since it was remembered: verifying again says so.
  if (absl::FromUnixSeconds(claims->expire_time_seconds()) <= now) return nullptr;
  return claims;
}

std::shared_ptr<const VerifiedTokens::Claims> VerifiedTokens::Remember(absl::string_view token,
                                                                       Claims claims) {
  auto shared = std::make_shared<const Claims>(std::move(claims));
  Shard& shard = ShardOf(token);
  absl::MutexLock lock(&shard.mu);
  if (shard.tokens.size() >= per_shard_) shard.tokens.clear();
  shard.tokens.insert_or_assign(std::string(token), shared);
  return shared;
}

size_t VerifiedTokens::size() const {
  size_t total = 0;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.tokens.size();
  }
  return total;
}

}  // namespace summit
