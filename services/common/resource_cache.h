#pragma once
// Resources another service answers for, kept for a moment instead of asked
// again on every call. Bounded in count; an entry is served for at most
// `max_age`. A change committed in this process drops its entry at once,
// before the changing call answers (CommitSignal names the resources of the
// transaction's events), so in this process a change is seen at once and on
// other replicas within `max_age`. A lookup that raced such a change is used
// once and not kept. Refusals (NOT_FOUND, UNAVAILABLE, ...) are never kept.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace summit {

struct ResourceCacheOptions {
  absl::Duration max_age = absl::Seconds(2);
  size_t max_entries = 10000;
  // The time an entry's age is told by (tests move it by hand).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class ResourceCache final {
 public:
  // Which entries an event about resource R drops.
  enum class Forgets {
    kTheResource,            // R's own entry
    kTheResourceAndParents,  // also every resource R is under: an event about
                             // `a/b/versions/3` drops `a/b` (its version changed)
  };

  ResourceCache(Forgets rule, ResourceCacheOptions options);
  ~ResourceCache();
  ResourceCache(const ResourceCache&) = delete;
  ResourceCache& operator=(const ResourceCache&) = delete;

  // The kept answer for `name`, or fetch()'s, kept when it succeeded.
  template <typename Resource, typename Fetch>
  absl::StatusOr<Resource> Lookup(const std::string& name, Fetch fetch) const {
    uint64_t forgotten_before = 0;
    const absl::Time now = options_.now();
    if (std::string bytes; Find(name, now, forgotten_before, bytes)) {
      if (Resource kept; kept.ParseFromString(bytes)) return kept;
    }
    absl::StatusOr<Resource> fetched = fetch();
    if (fetched.ok()) Keep(name, fetched->SerializeAsString(), now, forgotten_before);
    return fetched;
  }

  // Drops what is kept about these resources (by the rule).
  void Forget(const std::vector<std::string>& resources) const;

 private:
  struct Entry {
    std::string bytes;  // the resource, serialized
    absl::Time fetched;
  };

  // Copies out a fresh entry's bytes; either way notes the invalidation count
  // an answer fetched now must still see to be kept.
  bool Find(const std::string& name, absl::Time now, uint64_t& forgotten_before,
            std::string& bytes) const;
  void Keep(const std::string& name, std::string bytes, absl::Time fetched,
            uint64_t forgotten_before) const;

  const Forgets rule_;
  const ResourceCacheOptions options_;
  const int subscription_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Counts invalidations: a lookup that raced one does not keep its answer.
  mutable uint64_t forgotten_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace summit
