#pragma once
// Field checks shared by every service. Each returns INVALID_ARGUMENT naming
// the field and the rule, so a client knows exactly what to fix.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit {

// Limits in Unicode code points.
inline constexpr size_t kMaxNameChars = 200;
inline constexpr size_t kMaxShortTextChars = 1000;
inline constexpr size_t kMaxLongTextChars = 20000;

struct TextRule {
  bool required = false;
  size_t max_chars = kMaxNameChars;
};

// No NUL bytes (libpq would truncate at them), valid UTF-8, not blank when
// required, at most max_chars code points.
absl::Status ValidateText(absl::string_view field, absl::string_view value, TextRule rule);

absl::Status ValidateEmail(absl::string_view field, absl::string_view value);

// ISO 3166-1 alpha-2, upper case, an assigned code.
absl::Status ValidateCountryCode(absl::string_view field, absl::string_view value);
bool IsCountryCode(absl::string_view code);

// A zone known to the IANA time zone database (tzdata).
absl::Status ValidateTimeZone(absl::string_view field, absl::string_view value);

// BCP 47 shape: a 2–3 letter language, then subtags of 1–8 letters/digits.
absl::Status ValidateLanguageTag(absl::string_view field, absl::string_view value);

// ISO 8601 calendar date YYYY-MM-DD.
absl::Status ValidateDate(absl::string_view field, absl::string_view value);

// Resource ids chosen by clients: 1–63 of [a-z0-9-], starting with a letter,
// not ending with '-'.
absl::Status ValidateResourceId(absl::string_view field, absl::string_view value);

// request_id (AIP-155): up to 128 of [A-Za-z0-9._:-]; empty means none.
absl::Status ValidateRequestId(absl::string_view field, absl::string_view value);

// An http(s) URL without spaces; empty allowed.
absl::Status ValidateUrl(absl::string_view field, absl::string_view value);

// Splits `summits/s1/tracks/t1` against the collections {"summits",
// "tracks"} into the ids {"s1", "t1"}.
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view field, absl::string_view name,
    std::initializer_list<absl::string_view> collections);

// A local clock time "HH:MM" as minutes after midnight: "09:30" -> 570,
// "24:00" -> 1440 (a day's end). False for anything else.
bool ParseClockMinutes(absl::string_view text, int* minutes);

// A fresh random id for resources created without one: 16 hex digits.
std::string GenerateId();

}  // namespace summit
