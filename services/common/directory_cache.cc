#include "services/common/directory_cache.h"

#include "absl/time/clock.h"
#include "services/common/commit_signal.h"

namespace summit {

namespace dv1 = directory::v1;

CachedDirectory::CachedDirectory(const DirectoryClient* directory, DirectoryCacheOptions options)
    : directory_(directory),
      options_(options),
      subscription_(CommitSignal::Process().Subscribe(
          [this](const std::vector<std::string>& resources) { Forget(resources); })) {}

CachedDirectory::~CachedDirectory() { CommitSignal::Process().Unsubscribe(subscription_); }

void CachedDirectory::Forget(const std::vector<std::string>& resources) const {
  absl::MutexLock lock(&mu_);
  ++forgotten_;
  for (const std::string& name : resources) entries_.erase(name);
}

template <typename Resource, typename Fetch>
absl::StatusOr<Resource> CachedDirectory::Lookup(const std::string& name, Fetch fetch) const {
  const absl::Time now = options_.now();
  uint64_t forgotten_before;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = entries_.find(name); it != entries_.end()) {
      Resource kept;
      if (now - it->second.fetched <= options_.max_age && kept.ParseFromString(it->second.bytes)) {
        return kept;
      }
      entries_.erase(it);
    }
    forgotten_before = forgotten_;
  }
  absl::StatusOr<Resource> fetched = fetch();
  if (!fetched.ok()) return fetched;
  absl::MutexLock lock(&mu_);
  if (forgotten_ == forgotten_before) {
    if (entries_.size() >= options_.max_entries) entries_.clear();  // bounded: start over
    entries_[name] = Entry{.bytes = fetched->SerializeAsString(), .fetched = now};
  }
  return fetched;
}

absl::StatusOr<dv1::Summit> CachedDirectory::Summit(const std::string& name,
                                                    absl::Time deadline) const {
  return Lookup<dv1::Summit>(name, [&] { return directory_->Summit(name, deadline); });
}

absl::StatusOr<dv1::Track> CachedDirectory::Track(const std::string& name,
                                                  absl::Time deadline) const {
  return Lookup<dv1::Track>(name, [&] { return directory_->Track(name, deadline); });
}

absl::StatusOr<dv1::Organization> CachedDirectory::Organization(const std::string& name,
                                                                absl::Time deadline) const {
  return Lookup<dv1::Organization>(name, [&] { return directory_->Organization(name, deadline); });
}

absl::StatusOr<dv1::Person> CachedDirectory::Person(const std::string& name,
                                                    absl::Time deadline) const {
  return Lookup<dv1::Person>(name, [&] { return directory_->Person(name, deadline); });
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
