#pragma once
// Rendered exports (HTML, PDF) of briefing packages, kept in memory: a
// package's documents do not change once compiled, and rendering a PDF
// takes seconds of a child process while a kept copy takes microseconds.
// Keyed by the package, its etag (so any change is a new key), the language
// and the format; bounded in bytes, the least recently used dropped first.

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "summit/briefing/v1/briefing_service.pb.h"

namespace summit::briefing {

class ExportCache final {
 public:
  explicit ExportCache(size_t max_bytes = 64 << 20) : max_bytes_(max_bytes) {}

  static std::string Key(const v1::BriefingPackage& package, const std::string& language,
                         v1::DocumentFormat format);

  std::optional<v1::BriefingDocument> Get(const std::string& key);
  // A document larger than the whole bound is not kept.
  void Put(const std::string& key, const v1::BriefingDocument& document);

  size_t bytes() const;

 private:
  using Entry = std::pair<std::string, v1::BriefingDocument>;  // key, document
  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  std::list<Entry> entries_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace summit::briefing
