#pragma once
// A whole mail message as RFC 5322 text with MIME parts: plain text and HTML
// alternatives, and an iCalendar part for meeting mail. Headers with
// non-ASCII text are RFC 2047 encoded; bodies are UTF-8 in base64. Pure.

#include <string>

#include "absl/time/time.h"

namespace summit::notifications {

struct MailMessage {
  std::string from_name;
  std::string from_address;
  std::string to_name;
  std::string to_address;
  std::string subject;
  std::string text;
  std::string html;
  // Without the angle brackets, e.g. "n123.review_assigned@summit.local".
  std::string message_id;
  absl::Time date;
  // An iCalendar object and its METHOD (REQUEST, CANCEL); empty for none.
  std::string ics;
  std::string ics_method;
};

std::string ToRfc5322(const MailMessage& message);

// "=?UTF-8?B?...?=" for text that is not plain ASCII; the text otherwise.
std::string EncodeHeaderWord(const std::string& text);

}  // namespace summit::notifications
