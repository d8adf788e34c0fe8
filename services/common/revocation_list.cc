#include "services/common/revocation_list.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace summit {

bool RevocationList::Contains(const std::string& token_id) const {
  absl::ReaderMutexLock lock(&mu_);
  return revoked_.contains(token_id);
}

void RevocationList::Add(const std::string& token_id) {
  absl::MutexLock lock(&mu_);
  revoked_.insert(token_id);
  recent_.emplace_back(token_id, absl::Now());
}

void RevocationList::Replace(const std::vector<std::string>& token_ids, absl::Time snapshot_start) {
  absl::flat_hash_set<std::string> fresh(token_ids.begin(), token_ids.end());
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<std::string, absl::Time>> keep;
  for (auto& [id, added] : recent_) {
    if (added >= snapshot_start) {
      fresh.insert(id);
      keep.emplace_back(std::move(id), added);
    }
  }
  recent_ = std::move(keep);
  revoked_ = std::move(fresh);
  snapshot_time_ = std::max(snapshot_time_, snapshot_start);
}

absl::Time RevocationList::snapshot_time() const {
  absl::ReaderMutexLock lock(&mu_);
  return snapshot_time_;
}

void RevocationList::NoteUse(const std::string& token_id, absl::Time when) {
  const absl::Time minute =
      absl::Floor(when - absl::UnixEpoch(), absl::Minutes(1)) + absl::UnixEpoch();
  absl::MutexLock lock(&uses_mu_);
  auto [it, fresh] = uses_.try_emplace(token_id, minute);
  if (!fresh && it->second < minute) it->second = minute;
}

std::vector<std::pair<std::string, absl::Time>> RevocationList::TakeUses() {
  absl::flat_hash_map<std::string, absl::Time> taken;
  {
    absl::MutexLock lock(&uses_mu_);
    taken.swap(uses_);
  }
  return {taken.begin(), taken.end()};
}

}  // namespace summit
