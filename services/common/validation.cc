#include "services/common/validation.h"

#include <cstdint>

#include "absl/algorithm/container.h"
#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/status.h"

namespace summit {
namespace {

// Counts code points; returns false on malformed UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
bool CountUtf8(absl::string_view s, size_t* count) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLen[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
    ++n;
  }
  *count = n;
  return true;
}

bool IsLowerAlnum(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

}  // namespace

absl::Status ValidateText(absl::string_view field, absl::string_view value, TextRule rule) {
  if (value.find('\0') != absl::string_view::npos) {
    return InvalidField(field, "must not contain NUL bytes");
  }
  size_t chars = 0;
  if (!CountUtf8(value, &chars)) return InvalidField(field, "must be valid UTF-8");
  if (rule.required && absl::StripAsciiWhitespace(value).empty()) {
    return InvalidField(field, "is required and must not be blank");
  }
  if (chars > rule.max_chars) {
    return InvalidField(
        field, absl::StrFormat("must be at most %d characters, got %d", rule.max_chars, chars));
  }
  return absl::OkStatus();
}

absl::Status ValidateEmail(absl::string_view field, absl::string_view value) {
  if (absl::Status s = ValidateText(field, value, {.required = true, .max_chars = 254}); !s.ok()) {
    return s;
  }
  const size_t at = value.find('@');
  const bool one_at =
      at != absl::string_view::npos && value.find('@', at + 1) == absl::string_view::npos;
  const absl::string_view local = one_at ? value.substr(0, at) : "";
  const absl::string_view domain = one_at ? value.substr(at + 1) : "";
  const bool has_space = absl::c_any_of(value, [](char c) { return absl::ascii_isspace(c); });
  const size_t dot = domain.rfind('.');
  if (!one_at || local.empty() || local.size() > 64 || has_space ||
      dot == absl::string_view::npos || dot == 0 || dot + 3 > domain.size() ||  // TLD of 2+
      absl::StrContains(domain, "..")) {
    return InvalidField(
        field, absl::StrCat("must be an email address like name@example.org, got \"", value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateCountryCode(absl::string_view field, absl::string_view value) {
  if (!IsCountryCode(value)) {
    return InvalidField(field, absl::StrCat("must be an ISO 3166-1 alpha-2 country code "
                                            "such as KZ or KR, got \"",
                                            value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateTimeZone(absl::string_view field, absl::string_view value) {
  absl::TimeZone tz;
  // LoadTimeZone also accepts fixed offsets like "Fixed/UTC+05:00"; people
  // mean places, so only names of the tz database pass.
  if (value.empty() || absl::StartsWith(value, "Fixed/") ||
      value.find('\0') != absl::string_view::npos || !absl::LoadTimeZone(std::string(value), &tz)) {
    return InvalidField(field, absl::StrCat("unknown IANA time zone \"", value,
                                            "\" (expected e.g. Asia/Almaty, Asia/Seoul)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateLanguageTag(absl::string_view field, absl::string_view value) {
  const std::vector<absl::string_view> parts = absl::StrSplit(value, '-');
  bool ok = !value.empty() && parts[0].size() >= 2 && parts[0].size() <= 3 &&
            absl::c_all_of(parts[0], [](char c) { return absl::ascii_isalpha(c); });
  for (size_t i = 1; ok && i < parts.size(); ++i) {
    ok = !parts[i].empty() && parts[i].size() <= 8 &&
         absl::c_all_of(parts[i], [](char c) { return absl::ascii_isalnum(c); });
  }
  if (!ok) {
    return InvalidField(field, absl::StrCat("must be a BCP 47 language tag such as en, ru, "
                                            "kk, ko or uz-Latn, got \"",
                                            value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(absl::string_view field, absl::string_view value) {
  absl::CivilDay day;
  if (value.size() != 10 || !absl::ParseCivilTime(value, &day) ||
      absl::FormatCivilTime(day) != value) {
    return InvalidField(field, absl::StrCat("must be a date YYYY-MM-DD, got \"", value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateResourceId(absl::string_view field, absl::string_view value) {
  const bool ok = !value.empty() && value.size() <= 63 && absl::ascii_islower(value[0]) &&
                  value.back() != '-' &&
                  absl::c_all_of(value, [](char c) { return IsLowerAlnum(c) || c == '-'; });
  if (!ok) {
    return InvalidField(field, absl::StrCat("must be 1-63 characters of a-z, 0-9 and '-', "
                                            "starting with a letter, got \"",
                                            value, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view field, absl::string_view value) {
  const bool ok = value.size() <= 128 && absl::c_all_of(value, [](char c) {
                    return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
                  });
  if (!ok) {
    return InvalidField(field,
                        "must be at most 128 characters of A-Z, a-z, 0-9 and -_.: "
                        "(a UUID is best)");
  }
  return absl::OkStatus();
}

absl::Status ValidateUrl(absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  if (absl::Status s = ValidateText(field, value, {.max_chars = 2000}); !s.ok()) return s;
  const bool ok = (absl::StartsWith(value, "https://") || absl::StartsWith(value, "http://")) &&
                  !absl::c_any_of(value, [](char c) { return absl::ascii_isspace(c); });
  if (!ok) return InvalidField(field, "must be an http:// or https:// URL without spaces");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view field, absl::string_view name,
    std::initializer_list<absl::string_view> collections) {
  std::string pattern;
  for (absl::string_view c : collections)
    absl::StrAppend(&pattern, pattern.empty() ? "" : "/", c, "/{id}");
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  bool ok = parts.size() == 2 * collections.size();
  std::vector<std::string> ids;
  size_t i = 0;
  for (absl::string_view c : collections) {
    if (!ok) break;
    ok = parts[i] == c && ValidateResourceId(field, parts[i + 1]).ok();
    ids.emplace_back(parts[i + 1]);
    i += 2;
  }
  if (!ok) {
    return InvalidField(field, absl::StrCat("must be a resource name like ", pattern, ", got \"",
                                            name.substr(0, 300), "\""));
  }
  return ids;
}

std::string GenerateId() {
  // The same kind of generator as trace ids: one per thread, seeded in full
  // from the system's entropy (a std::mt19937_64 from one random_device draw
  // had only 2^32 possible sequences).
  thread_local absl::BitGen generator;
  // Starts with a letter so it is a valid resource id.
  return absl::StrFormat("r%015x", absl::Uniform<uint64_t>(generator) & 0xFFFFFFFFFFFFFFFULL);
}

bool ParseClockMinutes(absl::string_view text, int* minutes) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
  *minutes = h * 60 + m;
  return true;
}

}  // namespace summit
