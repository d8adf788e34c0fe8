#include "services/common/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace summit {
namespace {

using ::absl::StatusCode;

TEST(ValidateText, AcceptsCyrillicHangulAndKazakh) {
  EXPECT_TRUE(ValidateText("f", "Қазақстан Республикасы", {.required = true}).ok());
  EXPECT_TRUE(ValidateText("f", "한국-중앙아시아 협력", {.required = true}).ok());
  EXPECT_TRUE(ValidateText("f", "Модернизация экономики", {.required = true}).ok());
}

TEST(ValidateText, RefusesNulBytesNamingTheField) {
  const absl::Status s = ValidateText("person.display_name", std::string("a\0b", 3), {});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "person.display_name: must not contain NUL bytes");
}

TEST(ValidateText, RefusesMalformedUtf8) {
  for (const std::string bad : {"\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
    EXPECT_EQ(ValidateText("f", bad, {}).code(), StatusCode::kInvalidArgument) << bad.size();
  }
}

TEST(ValidateText, RefusesBlankWhenRequired) {
  EXPECT_EQ(ValidateText("f", "   ", {.required = true}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateText("f", "", {.required = false}).ok());
}

TEST(ValidateText, CountsCharactersNotBytes) {
  std::string hangul;
  for (int i = 0; i < 10; ++i) hangul += "한";  // 30 bytes, 10 characters
  EXPECT_TRUE(ValidateText("f", hangul, {.max_chars = 10}).ok());
  const absl::Status s = ValidateText("f", hangul + "a", {.max_chars = 10});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("at most 10 characters, got 11"), absl::string_view::npos);
}

TEST(ValidateEmail, AcceptsAndRefuses) {
  EXPECT_TRUE(ValidateEmail("e", "aigerim@kisi.kz").ok());
  for (const char* bad : {"", "aigerim", "a@b", "a@@b.kz", "a b@kisi.kz", "@kisi.kz", "a@.kz",
                          "a@kisi..kz", "a@kisi.k"}) {
    EXPECT_EQ(ValidateEmail("person.email", bad).code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ValidateCountryCode, KnowsAssignedCodesOnly) {
  for (const char* ok : {"KZ", "KR", "UZ", "KG", "TJ", "TM"}) EXPECT_TRUE(IsCountryCode(ok)) << ok;
  for (const char* bad : {"XX", "kz", "KAZ", "", "SU"}) EXPECT_FALSE(IsCountryCode(bad)) << bad;
}

TEST(ValidateTimeZone, KnowsIanaNames) {
  EXPECT_TRUE(ValidateTimeZone("z", "Asia/Almaty").ok());
  EXPECT_TRUE(ValidateTimeZone("z", "Asia/Seoul").ok());
  EXPECT_TRUE(ValidateTimeZone("z", "Asia/Tashkent").ok());
  for (const char* bad : {"Mars/Base", "", "Fixed/UTC+05:00", "+05:00"}) {
    EXPECT_EQ(ValidateTimeZone("summit.time_zone", bad).code(), StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ValidateLanguageTag, Bcp47Shapes) {
  for (const char* ok : {"en", "ru", "kk", "ko", "uz-Latn", "zh-Hant-TW"}) {
    EXPECT_TRUE(ValidateLanguageTag("l", ok).ok()) << ok;
  }
  for (const char* bad : {"", "e", "english", "en-", "en_US", "1a"}) {
    EXPECT_FALSE(ValidateLanguageTag("l", bad).ok()) << bad;
  }
}

TEST(ValidateDate, OnlyRealCalendarDays) {
  EXPECT_TRUE(ValidateDate("d", "2025-11-11").ok());
  for (const char* bad : {"2025-02-30", "2025-1-1", "11.11.2025", ""}) {
    EXPECT_FALSE(ValidateDate("d", bad).ok()) << bad;
  }
}

TEST(ValidateResourceId, Shapes) {
  EXPECT_TRUE(ValidateResourceId("id", "kisi").ok());
  EXPECT_TRUE(ValidateResourceId("id", "ca-kr-2025").ok());
  for (const char* bad : {"", "Kisi", "1kisi", "kisi-", "ki_si", "ки"}) {
    EXPECT_FALSE(ValidateResourceId("id", bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateResourceId("id", std::string(64, 'a')).ok());
}

TEST(ParseResourceName, SplitsIdsAndRefusesOtherShapes) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName("name", "summits/ca-kr-2025/tracks/ai", {"summits", "tracks"});
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<std::string>{"ca-kr-2025", "ai"}));
  for (const char* bad : {"summits/x", "summits/x/tracks", "people/x/tracks/y",
                          "summits/X/tracks/y", "summits/x/tracks/y/z"}) {
    const absl::Status s = ParseResourceName("name", bad, {"summits", "tracks"}).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("summits/{id}/tracks/{id}"), absl::string_view::npos);
  }
}

TEST(GenerateId, IsAValidResourceIdAndUnique) {
  const std::string a = GenerateId();
  EXPECT_TRUE(ValidateResourceId("id", a).ok()) << a;
  EXPECT_NE(a, GenerateId());
}

}  // namespace
}  // namespace summit
