#include "services/common/directory_cache.h"

namespace summit {

namespace dv1 = directory::v1;

CachedDirectory::CachedDirectory(const DirectoryClient* directory, DirectoryCacheOptions options)
    : directory_(directory), cache_(ResourceCache::Forgets::kTheResource, std::move(options)) {}

absl::StatusOr<dv1::Summit> CachedDirectory::Summit(const std::string& name,
                                                    absl::Time deadline) const {
  return cache_.Lookup<dv1::Summit>(name, [&] { return directory_->Summit(name, deadline); });
}

absl::StatusOr<dv1::Track> CachedDirectory::Track(const std::string& name,
                                                  absl::Time deadline) const {
  return cache_.Lookup<dv1::Track>(name, [&] { return directory_->Track(name, deadline); });
}

absl::StatusOr<dv1::Organization> CachedDirectory::Organization(const std::string& name,
                                                                absl::Time deadline) const {
  return cache_.Lookup<dv1::Organization>(name,
                                          [&] { return directory_->Organization(name, deadline); });
}

absl::StatusOr<dv1::Person> CachedDirectory::Person(const std::string& name,
                                                    absl::Time deadline) const {
  return cache_.Lookup<dv1::Person>(name, [&] { return directory_->Person(name, deadline); });
}

absl::StatusOr<std::vector<dv1::Person>> CachedDirectory::People(dv1::ListPeopleRequest filter,
                                                                 absl::Time deadline) const {
  return directory_->People(std::move(filter), deadline);
}

absl::StatusOr<std::vector<dv1::Person>> CachedDirectory::PeopleWithRole(
    dv1::Role role, absl::Time deadline) const {
  return directory_->PeopleWithRole(role, deadline);
}

}  // namespace summit
