#pragma once
// Ids of revoked tokens, kept in memory so verifying a token needs no
// database round trip. Refreshed from the directory service's API.

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace summit {

class RevocationList final {
 public:
  bool Contains(const std::string& token_id) const;
  // Adds one id at once (the replica that revoked it).
  void Add(const std::string& token_id);
  // Replaces the set with a fresh snapshot; ids added since `snapshot_start`
  // stay, so a revocation is never lost to a refresh that began before it.
  void Replace(const std::vector<std::string>& token_ids, absl::Time snapshot_start);
  // When the snapshot in use was started (wall clock); absl::InfinitePast()
  // before the first one.
  absl::Time snapshot_time() const;

  // People's tokens accepted since the last TakeUses, with the latest time
  // (to the minute), so credentials can show when they were last used.
  void NoteUse(const std::string& token_id, absl::Time when);
  std::vector<std::pair<std::string, absl::Time>> TakeUses();

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_set<std::string> revoked_ ABSL_GUARDED_BY(mu_);
  // Local additions with the time they were made.
  std::vector<std::pair<std::string, absl::Time>> recent_ ABSL_GUARDED_BY(mu_);
  absl::Time snapshot_time_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Mutex uses_mu_;
  absl::flat_hash_map<std::string, absl::Time> uses_ ABSL_GUARDED_BY(uses_mu_);
};

}  // namespace summit
