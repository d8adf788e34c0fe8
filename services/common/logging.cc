#include "services/common/logging.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/json_string_array.h"

namespace summit::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};
std::atomic<Format> g_format{Format::kText};

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// The lines are composed here; spdlog only writes them, whole, from any thread.
// Never destroyed: the access lines' flusher may write during exit.
spdlog::logger& Output() {
  static spdlog::logger* const logger = [] {
    auto* l = new spdlog::logger("summit", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

// Access lines (one a call) are gathered and written a block at a time:
// writing each one cost a system call and a lock handed between threads, ≈ 12%
// of a short read's throughput. A block goes out once it reaches
// kAccessBlockBytes, every kAccessFlushEvery, before any other line (so lines
// keep their order) and at exit; a crash loses at most the last 100 ms of
// access lines, never a warning or an error.
constexpr size_t kAccessBlockBytes = 16 * 1024;
constexpr absl::Duration kAccessFlushEvery = absl::Milliseconds(100);

class AccessLines {
 public:
  void Add(std::string_view line) {
    absl::MutexLock lock(&mu_);
    pending_.append(line);
    pending_.push_back('\n');
    if (pending_.size() >= kAccessBlockBytes) WriteLocked();
  }
  void Flush() {
    absl::MutexLock lock(&mu_);
    WriteLocked();
  }

 private:
  void WriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (pending_.empty()) return;
    pending_.pop_back();  // the sink ends the block with its own newline
    Output().info("{}", pending_);
    pending_.clear();
  }

  absl::Mutex mu_;
  std::string pending_ ABSL_GUARDED_BY(mu_);
};

AccessLines& Access() {
  static AccessLines* const lines = [] {
    auto* l = new AccessLines();
    std::atexit([] { Access().Flush(); });
    std::thread([l] {
      while (true) {
        absl::SleepFor(kAccessFlushEvery);
        l->Flush();
      }
    }).detach();
    return l;
  }();
  return *lines;
}

// "2026-12-06T05:09:54.123Z". The part up to the seconds is formatted once
// a second per thread: time zone formatting is the costly part of a line.
std::string Now() {
  struct Second {
    int64_t unix_seconds = -1;
    std::string text;  // "2026-12-06T05:09:54"
  };
  thread_local Second last;
  const int64_t unix_ms = absl::ToUnixMillis(absl::Now());
  const int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  if (seconds != last.unix_seconds) {
    last.unix_seconds = seconds;
    last.text =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  }
  const int64_t ms = unix_ms - seconds * 1000;
  std::string out = last.text;
  out.push_back('.');
  out.push_back(static_cast<char>('0' + ms / 100));
  out.push_back(static_cast<char>('0' + ms / 10 % 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back('Z');
  return out;
}

// A latency in milliseconds with `decimals` (1 or 3) digits, rounded.
void AppendMilliseconds(std::string* out, absl::Duration latency, int decimals) {
  const int64_t unit = decimals == 1 ? 100 : 1;  // microseconds per last digit
  const int64_t units =
      (std::max<int64_t>(0, absl::ToInt64Microseconds(latency)) + unit / 2) / unit;
  const int64_t per_ms = decimals == 1 ? 10 : 1000;
  absl::StrAppend(out, units / per_ms, ".");
  const std::string fraction = absl::StrCat(units % per_ms + per_ms);  // "1005" -> "005"
  out->append(fraction, 1, std::string::npos);
}

void AppendJsonField(std::string* out, std::string_view key, std::string_view value) {
  out->push_back(',');
  AppendJsonString(out, key);
  out->push_back(':');
  AppendJsonString(out, value);
}

}  // namespace

void Configure(Format format, Level min_level) {
  g_format = format;
  g_min_level = min_level;
}

bool ParseFormat(std::string_view name, Format* format) {
  if (name == "text")
    *format = Format::kText;
  else if (name == "json")
    *format = Format::kJson;
  else
    return false;
  return true;
}

bool ParseLevel(std::string_view name, Level* level) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (name == Name(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

bool Enabled(Level level) { return level >= g_min_level.load(); }

void Write(Level level, const CallContext* call, std::string_view message) {
  if (!Enabled(level)) return;
  const std::string time = Now();
  std::string line;
  if (g_format.load() == Format::kJson) {
    line = absl::StrCat(R"({"time":")", time, R"(","level":")", Name(level), "\"");
    if (call != nullptr) {
      line.append(",\"request_id\":");
      AppendJsonString(&line, call->request_id);
      line.append(",\"principal\":");
      AppendJsonString(&line, call->principal.subject);
      if (!call->trace.trace_id.empty()) AppendJsonField(&line, "trace_id", call->trace.trace_id);
    }
    line.append(",\"message\":");
    AppendJsonString(&line, message);
    line.push_back('}');
  } else {
    line = absl::StrCat(time, " ", Name(level), " ");
    if (call != nullptr) {
      absl::StrAppend(&line, "[", call->request_id, " ", call->principal.subject, "] ");
    }
    line.append(message.data(), message.size());
  }
  Flush();  // the access lines before it go first
  Output().info("{}", line);
}

void Flush() { Access().Flush(); }

// Appended piece by piece: one line per call, so no format string is parsed.
void WriteAccess(Level level, const AccessRecord& r) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(256);
  if (g_format.load() == Format::kJson) {
    absl::StrAppend(&line, R"({"time":")", Now(), R"(","level":")", Name(level),
                    R"(","message":"access")");
    AppendJsonField(&line, "method", r.method);
    AppendJsonField(&line, "code", r.code);
    line.append(",\"latency_ms\":");
    AppendMilliseconds(&line, r.latency, 3);
    AppendJsonField(&line, "principal", r.principal);
    AppendJsonField(&line, "request_id", r.request_id);
    AppendJsonField(&line, "peer", r.peer);
    AppendJsonField(&line, "trace_id", r.trace_id);
    AppendJsonField(&line, "span_id", r.span_id);
    if (!r.parent_span_id.empty()) AppendJsonField(&line, "parent_span_id", r.parent_span_id);
    line.push_back('}');
  } else {
    const auto add = [&line](std::initializer_list<std::string_view> pieces) {
      for (std::string_view piece : pieces) line.append(piece);
    };
    add({Now(), " ", Name(level), " access ", r.method, " ", r.code, " "});
    AppendMilliseconds(&line, r.latency, 1);
    add({" ms principal=", r.principal.empty() ? "-" : r.principal, " request_id=", r.request_id,
         " peer=", r.peer, " trace=", r.trace_id, "-", r.span_id});
    if (!r.parent_span_id.empty()) add({" parent=", r.parent_span_id});
  }
  Access().Add(line);
}

}  // namespace summit::log
