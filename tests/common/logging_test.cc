// The logging facade: levels, text and JSON lines, and a call's request id and
// principal on the lines about it.
#include "services/common/logging.h"

#include <gtest/gtest.h>

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
