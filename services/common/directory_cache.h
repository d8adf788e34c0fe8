#pragma once
// The directory lookups other services make on nearly every call (a summit,
// a track, an organisation, a person), kept for a moment instead of asked
// again each time (ResourceCache: at most `max_age`, a change committed in
// this process drops its entry at once). The lists (People, PeopleWithRole)
// go to the directory every time.

#include <string>
#include <vector>

#include "services/common/directory_client.h"
#include "services/common/resource_cache.h"

namespace summit {

using DirectoryCacheOptions = ResourceCacheOptions;

class CachedDirectory final : public DirectoryClient {
 public:
  CachedDirectory(const DirectoryClient* directory, DirectoryCacheOptions options = {});
  ~CachedDirectory() override = default;
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
  void Forget(const std::vector<std::string>& resources) const { cache_.Forget(resources); }

 private:
  const DirectoryClient* directory_;
  ResourceCache cache_;
};

}  // namespace summit
