#pragma once
// The words of every notification in English, Russian, Kazakh and Korean,
// with times in the reader's zone. Pure: no I/O. A text missing in a language
// falls back to English.

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "summit/notifications/v1/resources.pb.h"

namespace summit::notifications {

// The languages messages are written in.
inline const std::vector<std::string>& MessageLanguages() {
  static const auto* const kLanguages = new std::vector<std::string>{"en", "ru", "kk", "ko"};
  return *kLanguages;
}

// The first of `preferred` (BCP 47 tags, e.g. "ru-KZ") we write in; "en" when none.
std::string PickLanguage(const std::vector<std::string>& preferred);

// What a message says, before it is put into words.
struct MessageFacts {
  // {title}: the recommendation's "REC-12 Title", the meeting's title, …
  std::string title;
  // {outcome}, {reason}, {place}, {link}, {items}, {code}: as the kind needs.
  std::map<std::string, std::string> text;
  // {due}, {start}, {end}: formatted in the reader's zone.
  std::map<std::string, absl::Time> times;
};

struct RenderedMessage {
  std::string subject;
  std::string text;  // plain text body
  std::string html;  // the same as HTML, every value escaped
};

// Message kinds beside NotificationKind: the sign-in code and the personal
// daily digest.
inline constexpr int kSignInCodeMail = 0;
inline constexpr int kPersonalDigest = 100;

// `kind` is a NotificationKind or one of the two above. `time_zone`: IANA, UTC when unknown.
RenderedMessage Render(int kind, const std::string& language, const std::string& time_zone,
                       const MessageFacts& facts);

// "2027-03-14 15:00 (Asia/Seoul)": a time as the reader reads it.
std::string LocalTimeText(absl::Time t, const std::string& time_zone);

// The word for a decision outcome ("approved", "одобрена", …).
std::string OutcomeWord(const std::string& outcome, const std::string& language);

}  // namespace summit::notifications
