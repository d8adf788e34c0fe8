// Error messages echo what clients sent: they stay short and inert.
#include "services/common/status.h"

#include <gtest/gtest.h>

#include <string>

namespace summit {
namespace {

TEST(SafeMessage, PlainTextInAnyScriptPassesUnchanged) {
  const std::string text = "title: «Қазақстан – 한국» is longer than 200 characters";
  EXPECT_EQ(SafeMessage(text), text);
  EXPECT_EQ(SafeMessage("two\nlines"), "two\nlines");
}

TEST(SafeMessage, ControlsBidiOverridesAndBrokenUtf8AreEscaped) {
  EXPECT_EQ(SafeMessage("a\x1b[31mred"), "a\\x1b[31mred");
  EXPECT_EQ(SafeMessage("evil\u202Egnp.exe"), "evil\\u{202e}gnp.exe");
  EXPECT_EQ(SafeMessage("iso\u2066x\u2069"), "iso\\u{2066}x\\u{2069}");
  EXPECT_EQ(SafeMessage("caf\xC3\x28"), "caf\\xc3(");
  EXPECT_EQ(SafeMessage(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(SafeMessage, LongValuesAreCutAtACharacterAndSayHowMuchWasLeft) {
  const std::string long_value = "name: " + std::string(100 * 1024, 'x');
  const std::string safe = SafeMessage(long_value);
  EXPECT_LE(safe.size(), kMaxMessageBytes + 40);
  EXPECT_EQ(safe.rfind("name: xxx", 0), 0u);
  EXPECT_NE(safe.find("more bytes)"), std::string::npos) << safe.substr(safe.size() - 40);
  // Never half a character: Hangul is three bytes each.
  std::string hangul;
  for (int i = 0; i < 1000; ++i) hangul += "한";
  const std::string cut = SafeMessage(hangul);
  const size_t kept = cut.find("…");
  ASSERT_NE(kept, std::string::npos);
  EXPECT_EQ(kept % 3, 0u);
}

TEST(SafeMessage, ToGrpcStatusKeepsTheCodeAndMakesTheMessageSafe) {
  const grpc::Status s =
      ToGrpcStatus(InvalidField("display_name", "must not contain \u202E or \x07"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "display_name: must not contain \\u{202e} or \\x07");
}

}  // namespace
}  // namespace summit
