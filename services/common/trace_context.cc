#include "services/common/trace_context.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace summit {
namespace {

// Ids may not be all zero; flags may.
bool IsLowerHex(absl::string_view s, size_t length, bool zero_allowed = false) {
  if (s.size() != length) return false;
  bool all_zero = true;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    if (c != '0') all_zero = false;
  }
  return zero_allowed || !all_zero;
}

// Trace and span ids need to be unique, not secret: a generator per thread,
// seeded once from the system's entropy, draws them without a system call
// (OpenSSL's RAND_bytes asks getpid() on every call to notice a fork).
std::string RandomHex(size_t bytes) {
  thread_local absl::BitGen generator;
  std::string raw(bytes, '\0');
  for (size_t i = 0; i < bytes; i += sizeof(uint64_t)) {
    const uint64_t word = absl::Uniform<uint64_t>(generator);
    std::memcpy(raw.data() + i, &word, std::min(sizeof word, bytes - i));
  }
  if (raw == std::string(bytes, '\0')) raw[0] = 1;
  return absl::BytesToHexString(raw);
}

}  // namespace

std::string TraceParent::ToHeader() const {
  return absl::StrCat("00-", trace_id, "-", span_id, "-", flags);
}

std::optional<TraceParent> ParseTraceParent(absl::string_view header) {
  const std::vector<absl::string_view> parts = absl::StrSplit(header, '-');
  if (parts.size() < 4 || parts[0].size() != 2 || parts[0] == "ff") return std::nullopt;
  const bool version_00 = parts[0] == "00";
  if (version_00 && parts.size() != 4) return std::nullopt;
  if (!IsLowerHex(parts[0], 2, true) || !IsLowerHex(parts[1], 32) || !IsLowerHex(parts[2], 16) ||
      !IsLowerHex(parts[3], 2, true)) {
    return std::nullopt;
  }
  return TraceParent{.trace_id = std::string(parts[1]),
                     .span_id = std::string(parts[2]),
                     .flags = std::string(parts[3])};
}

TraceParent NewTrace() { return TraceParent{.trace_id = RandomHex(16), .span_id = RandomHex(8)}; }

TraceParent ChildOf(const TraceParent& parent) {
  return TraceParent{.trace_id = parent.trace_id, .span_id = RandomHex(8), .flags = parent.flags};
}

}  // namespace summit
