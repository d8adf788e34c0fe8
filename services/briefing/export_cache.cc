#include "services/briefing/export_cache.h"

#include "absl/strings/str_cat.h"

namespace summit::briefing {

std::string ExportCache::Key(const v1::BriefingPackage& package, const std::string& language,
                             v1::DocumentFormat format) {
  return absl::StrCat(package.name(), "\n", package.etag(), "\n", language, "\n",
                      v1::DocumentFormat_Name(format));
}

std::optional<v1::BriefingDocument> ExportCache::Get(const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, it->second);  // now the most recent
  return it->second->second;
}

void ExportCache::Put(const std::string& key, const v1::BriefingDocument& document) {
  const size_t size = document.content().size() + key.size();
  if (size > max_bytes_) return;
  absl::MutexLock lock(&mu_);
  if (index_.contains(key)) return;  // rendered twice at once: the first is kept
  entries_.emplace_front(key, document);
  index_[key] = entries_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_) {
    const Entry& oldest = entries_.back();
    bytes_ -= oldest.second.content().size() + oldest.first.size();
    index_.erase(oldest.first);
    entries_.pop_back();
  }
}

size_t ExportCache::bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace summit::briefing
