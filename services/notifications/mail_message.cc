#include "services/notifications/mail_message.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace summit::notifications {
namespace {

bool PlainAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
}

// Base64 in lines of 76 characters, as MIME wants.
std::string Base64Lines(const std::string& data) {
  const std::string encoded = absl::Base64Escape(data);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    absl::StrAppend(&out, encoded.substr(i, 76), "\r\n");
  }
  return out;
}

std::string Mailbox(const std::string& name, const std::string& address) {
  if (name.empty()) return "<" + address + ">";
  const std::string shown =
      PlainAscii(name) ? "\"" + absl::StrReplaceAll(name, {{"\\", "\\\\"}, {"\"", "\\\""}}) + "\""
                       : EncodeHeaderWord(name);
  return absl::StrCat(shown, " <", address, ">");
}

std::string Part(const std::string& content_type, const std::string& body,
                 const std::string& extra_headers = "") {
  return absl::StrCat("Content-Type: ", content_type, "\r\n",
                      "Content-Transfer-Encoding: base64\r\n", extra_headers, "\r\n",
                      Base64Lines(body));
}

}  // namespace

std::string EncodeHeaderWord(const std::string& text) {
  if (PlainAscii(text)) return text;
  // Encoded words stay under 75 characters: split the UTF-8 text at
  // character boundaries into chunks of at most 45 bytes.
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.size(), start + 45);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    absl::StrAppend(&out, "=?UTF-8?B?", absl::Base64Escape(text.substr(start, end - start)), "?=");
    start = end;
  }
  return out;
}

std::string ToRfc5322(const MailMessage& m) {
  const std::string mixed = "summit-mixed-" + absl::BytesToHexString(m.message_id).substr(0, 24);
  const std::string alternative =
      "summit-alt-" + absl::BytesToHexString(m.message_id).substr(0, 24);
  std::string out = absl::StrCat(
      "From: ", Mailbox(m.from_name, m.from_address), "\r\n",  //
      "To: ", Mailbox(m.to_name, m.to_address), "\r\n",        //
      "Subject: ", EncodeHeaderWord(m.subject), "\r\n",        //
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", m.date, absl::UTCTimeZone()),
      "\r\n",                                  //
      "Message-ID: <", m.message_id, ">\r\n",  //
      "MIME-Version: 1.0\r\n",                 //
      "Auto-Submitted: auto-generated\r\n");
  const std::string body_parts = absl::StrCat(
      "--", alternative, "\r\n", Part("text/plain; charset=UTF-8", m.text), "--", alternative,
      "\r\n", Part("text/html; charset=UTF-8", m.html), "--", alternative, "--\r\n");
  if (m.ics.empty()) {
    absl::StrAppend(&out, "Content-Type: multipart/alternative; boundary=\"", alternative,
                    "\"\r\n\r\n", body_parts);
    return out;
  }
  absl::StrAppend(&out, "Content-Type: multipart/mixed; boundary=\"", mixed, "\"\r\n\r\n",  //
                  "--", mixed, "\r\n", "Content-Type: multipart/alternative; boundary=\"",
                  alternative, "\"\r\n\r\n", body_parts,  //
                  "--", mixed, "\r\n",
                  Part(absl::StrCat("text/calendar; charset=UTF-8; method=", m.ics_method), m.ics,
                       "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"),
                  "--", mixed, "--\r\n");
  return out;
}

}  // namespace summit::notifications
