#pragma once
// The one way the services write logs. Levels mean something: error means
// someone must act, warn that something degraded, info a fact an operator
// wants (start, stop), debug the rest. Lines are text or JSON (one object a
// line); a line about a call carries the call's request id and principal.
//   log::Info("serving on port {}", port);
//   log::Error(call, "outbox delivery refused: {}", status.message());

#include <spdlog/fmt/fmt.h>

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/call_context.h"

// Abseil's string_view (a type of its own on Debian) formats as text.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view s, FormatContext& ctx) const {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};

namespace summit::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

// Once at start-up; until then lines are text at info and above, to stderr.
void Configure(Format format, Level min_level);
// "text"/"json" and "debug"/"info"/"warn"/"error"; false for anything else.
bool ParseFormat(std::string_view name, Format* format);
bool ParseLevel(std::string_view name, Level* level);

bool Enabled(Level level);

// One access log line (AccessLog interceptor): text "access <method> <code>
// <ms> ms ..." or a JSON object with each field under its own key.
struct AccessRecord {
  std::string_view method;
  std::string_view code;
  absl::Duration latency;
  std::string_view principal;
  std::string_view request_id;
  std::string_view peer;
  std::string_view trace_id;
  std::string_view span_id;
  std::string_view parent_span_id;
};
// Access lines are written in blocks, at least every 100 ms and before any
// other line; Flush writes out those gathered so far (at exit it runs itself).
void WriteAccess(Level level, const AccessRecord& record);
void Flush();
// One line; `call` may be null for lines that are not about a call.
void Write(Level level, const CallContext* call, std::string_view message);

template <typename... Args>
void At(Level level, const CallContext* call, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(level)) Write(level, call, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
void Debug(fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kDebug, nullptr, f, std::forward<Args>(a)...);
}
template <typename... Args>
void Info(fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kInfo, nullptr, f, std::forward<Args>(a)...);
}
template <typename... Args>
void Warn(fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kWarn, nullptr, f, std::forward<Args>(a)...);
}
template <typename... Args>
void Error(fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kError, nullptr, f, std::forward<Args>(a)...);
}

template <typename... Args>
void Warn(const CallContext& call, fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kWarn, &call, f, std::forward<Args>(a)...);
}
template <typename... Args>
void Error(const CallContext& call, fmt::format_string<Args...> f, Args&&... a) {
  At(Level::kError, &call, f, std::forward<Args>(a)...);
}

}  // namespace summit::log
