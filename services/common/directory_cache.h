#pragma once
// The directory lookups other services make on nearly every call (a summit,
// a track, an organisation, a person), kept for a moment instead of asked
// again each time. Bounded in count; an entry is served for at most
// `max_age`. A directory change committed in this process drops its entry
// at once, before the changing call answers (CommitSignal names the changed
// resources), so here a change is seen at once and on other replicas within
// `max_age`. Refusals (NOT_FOUND, UNAVAILABLE) are never kept. The lists
// (People, PeopleWithRole) go to the directory every time.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/directory_client.h"

namespace summit {

struct DirectoryCacheOptions {
  absl::Duration max_age = absl::Seconds(2);
  size_t max_entries = 10000;
  // The time an entry's age is told by (tests move it by hand).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class CachedDirectory final : public DirectoryClient {
 public:
  CachedDirectory(const DirectoryClient* directory, DirectoryCacheOptions options = {});
  ~CachedDirectory() override;
  CachedDirectory(const CachedDirectory&) = delete;
  CachedDirectory& operator=(const CachedDirectory&) = delete;

  absl::StatusOr<directory::v1::Summit> Summit(const std::string& name,
                                               absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Track> Track(const std::string& name,
                                             absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Organization> Organization(const std::string& name,
                                                           absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Person> Person(const std::string& name,
                                               absl::Time deadline) const override;
  absl::StatusOr<std::vector<directory::v1::Person>> People(directory::v1::ListPeopleRequest filter,
                                                            absl::Time deadline) const override;
  absl::StatusOr<std::vector<directory::v1::Person>> PeopleWithRole(
      directory::v1::Role role, absl::Time deadline) const override;

  // Drops what is kept about these resources.
  void Forget(const std::vector<std::string>& resources) const;

 private:
  struct Entry {
    std::string bytes;  // the resource, serialized
    absl::Time fetched;
  };

  template <typename Resource, typename Fetch>
  absl::StatusOr<Resource> Lookup(const std::string& name, Fetch fetch) const;

  const DirectoryClient* directory_;
  const DirectoryCacheOptions options_;
  const int subscription_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Counts invalidations: a lookup that raced one does not keep its answer.
  mutable uint64_t forgotten_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace summit
