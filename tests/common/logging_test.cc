// The logging facade: levels, text and JSON lines, and a call's request id and
// principal on the lines about it.
#include "services/common/logging.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace summit {
namespace {

CallContext Call() {
  CallContext call;
  call.principal.subject = "people/kim";
  call.request_id = "req-42";
  return call;
}

TEST(Logging, JsonLinesCarryTheCallAndEscapeTheMessage) {
  log::Configure(log::Format::kJson, log::Level::kInfo);
  const CallContext call = Call();
  ::testing::internal::CaptureStderr();
  log::Error(call, "refused: {}", "a \"quoted\"\nline");
  const std::string line = ::testing::internal::GetCapturedStderr();
  log::Configure(log::Format::kText, log::Level::kInfo);
  EXPECT_NE(line.find("\"level\":\"error\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"request_id\":\"req-42\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"principal\":\"people/kim\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"message\":\"refused: a \\\"quoted\\\"\\nline\"}"), std::string::npos)
      << line;
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line
}

log::AccessRecord Access(std::string_view request_id) {
  return {.method = "/summit.directory.v1.DirectoryService/GetPerson",
          .code = "OK",
          .latency = absl::Milliseconds(2),
          .principal = "people/kim",
          .request_id = request_id,
          .peer = "ipv4:127.0.0.1:5000",
          .trace_id = "4bf92f3577b34da6a3ce929d0e0e4736",
          .span_id = "00f067aa0ba902b7",
          .parent_span_id = ""};
}

// Access lines are written in blocks, yet none is lost and none comes after a
// line logged later: another line, or Flush, writes out those gathered first.
TEST(Logging, AccessLinesKeepTheirOrderAndAreAllWritten) {
  log::Configure(log::Format::kText, log::Level::kInfo);
  ::testing::internal::CaptureStderr();
  log::WriteAccess(log::Level::kInfo, Access("first"));
  log::WriteAccess(log::Level::kInfo, Access("second"));
  log::Warn("after the calls");
  log::WriteAccess(log::Level::kInfo, Access("third"));
  log::Flush();
  const std::string out = ::testing::internal::GetCapturedStderr();
  const size_t first = out.find("request_id=first "), second = out.find("request_id=second "),
               warn = out.find("warn after the calls\n"), third = out.find("request_id=third ");
  ASSERT_NE(first, std::string::npos) << out;
  ASSERT_NE(second, std::string::npos) << out;
  ASSERT_NE(warn, std::string::npos) << out;
  ASSERT_NE(third, std::string::npos) << out;
  EXPECT_LT(first, second);
  EXPECT_LT(second, warn);
  EXPECT_LT(warn, third);
  EXPECT_NE(out.find(" info access /summit.directory.v1.DirectoryService/GetPerson OK 2.0 ms "
                     "principal=people/kim request_id=first peer=ipv4:127.0.0.1:5000 trace="
                     "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7\n"),
            std::string::npos)
      << out;
}

// Many calls' lines at once: blocks are cut at line ends, every line once.
TEST(Logging, AccessLinesFromManyThreadsAreEachWrittenOnceAndWhole) {
  log::Configure(log::Format::kJson, log::Level::kInfo);
  constexpr int kThreads = 4, kEach = 500;
  ::testing::internal::CaptureStderr();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        log::WriteAccess(log::Level::kInfo, Access(id));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  log::Flush();
  const std::string out = ::testing::internal::GetCapturedStderr();
  log::Configure(log::Format::kText, log::Level::kInfo);
  std::set<std::string> ids;
  size_t lines = 0;
  for (size_t start = 0; start < out.size();) {
    const size_t end = out.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "a line without its end";
    const std::string line = out.substr(start, end - start);
    start = end + 1;
    ASSERT_EQ(line.front(), '{') << line;
    ASSERT_EQ(line.back(), '}') << line;
    const size_t at = line.find("\"request_id\":\"");
    ASSERT_NE(at, std::string::npos) << line;
    const size_t from = at + 14;
    ids.insert(line.substr(from, line.find('"', from) - from));
    ++lines;
  }
  EXPECT_EQ(lines, size_t{kThreads * kEach});
  EXPECT_EQ(ids.size(), size_t{kThreads * kEach});
}

// Latencies are rounded, not cut, in both formats; the time is UTC to the
// millisecond.
TEST(Logging, AccessLinesRoundTheLatencyAndStampTheTime) {
  const auto line_for = [](log::Format format, absl::Duration latency) {
    log::Configure(format, log::Level::kInfo);
    log::AccessRecord record = Access("round");
    record.latency = latency;
    ::testing::internal::CaptureStderr();
    log::WriteAccess(log::Level::kInfo, record);
    log::Flush();
    std::string out = ::testing::internal::GetCapturedStderr();
    log::Configure(log::Format::kText, log::Level::kInfo);
    return out;
  };
  EXPECT_NE(line_for(log::Format::kText, absl::Microseconds(1249)).find(" OK 1.2 ms "),
            std::string::npos);
  EXPECT_NE(line_for(log::Format::kText, absl::Microseconds(59960)).find(" OK 60.0 ms "),
            std::string::npos);
  EXPECT_NE(line_for(log::Format::kText, absl::ZeroDuration()).find(" OK 0.0 ms "),
            std::string::npos);
  EXPECT_NE(line_for(log::Format::kJson, absl::Microseconds(1234)).find("\"latency_ms\":1.234,"),
            std::string::npos);
  EXPECT_NE(line_for(log::Format::kJson, absl::Microseconds(7)).find("\"latency_ms\":0.007,"),
            std::string::npos);
  const std::string json = line_for(log::Format::kJson, absl::Milliseconds(1));
  ASSERT_EQ(json.rfind("{\"time\":\"", 0), 0u) << json;
  const std::string time = json.substr(9, 24);
  absl::Time parsed;
  std::string error;
  EXPECT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", time, &parsed, &error)) << time << error;
  EXPECT_LT(absl::AbsDuration(parsed - absl::Now()), absl::Hours(1)) << time;  // UTC, not local
  EXPECT_EQ(time.size(), 24u);
  EXPECT_EQ(time.back(), 'Z');
}

TEST(Logging, TextLinesAndLevels) {
  log::Configure(log::Format::kText, log::Level::kWarn);
  const CallContext call = Call();
  ::testing::internal::CaptureStderr();
  log::Info("not shown");
  log::Warn(call, "slow: {} ms", 1500);
  const std::string out = ::testing::internal::GetCapturedStderr();
  log::Configure(log::Format::kText, log::Level::kInfo);
  EXPECT_EQ(out.find("not shown"), std::string::npos);
  EXPECT_NE(out.find(" warn [req-42 people/kim] slow: 1500 ms\n"), std::string::npos) << out;
  log::Level level;
  EXPECT_TRUE(log::ParseLevel("debug", &level));
  EXPECT_FALSE(log::ParseLevel("verbose", &level));
}

}  // namespace
}  // namespace summit
