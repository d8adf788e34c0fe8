#include "services/notifications/smtp_sender.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace summit::notifications {
namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

SendOutcome SendSmtp(const SmtpOptions& options, const std::string& from_address,
                     const std::string& to_address, const std::string& message) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SendOutcome outcome;
  if (options.url.empty()) {
    outcome.error = "no SMTP server is configured (--smtp-url)";
    return outcome;
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    outcome.error = "libcurl could not start";
    return outcome;
  }
  const std::string from = "<" + from_address + ">";
  const std::string to = "<" + to_address + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  Upload upload{.data = &message};
  char error_text[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options.timeout)));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  if (options.require_starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code == CURLE_OK) {
    outcome.sent = true;
    return outcome;
  }
  outcome.permanent = reply >= 500 && reply < 600;
  outcome.error =
      absl::StrCat(curl_easy_strerror(code), reply ? absl::StrCat(" (reply ", reply, ")") : "",
                   error_text[0] ? absl::StrCat(": ", error_text) : "");
  return outcome;
}

}  // namespace summit::notifications
