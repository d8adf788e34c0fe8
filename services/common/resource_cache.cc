#include "services/common/resource_cache.h"

#include "absl/strings/string_view.h"
#include "services/common/commit_signal.h"

namespace summit {

ResourceCache::ResourceCache(Forgets rule, ResourceCacheOptions options)
    : rule_(rule),
      options_(std::move(options)),
      subscription_(CommitSignal::Process().Subscribe(
          [this](const std::vector<std::string>& resources) { Forget(resources); })) {}

ResourceCache::~ResourceCache() { CommitSignal::Process().Unsubscribe(subscription_); }

void ResourceCache::Forget(const std::vector<std::string>& resources) const {
  absl::MutexLock lock(&mu_);
  ++forgotten_;
  for (const std::string& name : resources) {
    entries_.erase(name);
    if (rule_ != Forgets::kTheResourceAndParents) continue;
    for (size_t slash = name.rfind('/'); slash != std::string::npos && slash > 0;
         slash = name.rfind('/', slash - 1)) {
      entries_.erase(absl::string_view(name).substr(0, slash));  // no copy of the prefix
    }
  }
}

bool ResourceCache::Find(const std::string& name, absl::Time now, uint64_t& forgotten_before,
                         std::string& bytes) const {
  absl::MutexLock lock(&mu_);
  forgotten_before = forgotten_;
  auto it = entries_.find(name);
  if (it == entries_.end()) return false;
  if (now - it->second.fetched > options_.max_age) {
    entries_.erase(it);
    return false;
  }
  bytes = it->second.bytes;
  return true;
}

void ResourceCache::Keep(const std::string& name, std::string bytes, absl::Time fetched,
                         uint64_t forgotten_before) const {
  absl::MutexLock lock(&mu_);
  if (forgotten_ != forgotten_before) return;
  if (entries_.size() >= options_.max_entries) entries_.clear();  // bounded: start over
  entries_[name] = Entry{.bytes = std::move(bytes), .fetched = fetched};
}

}  // namespace summit
