#include "services/web/web_security.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace summit::web {
namespace {

// Token characters only: a cookie value must never smuggle attributes.
bool IsCookieSafe(absl::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
  });
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders() {
  return {
      // Scripts and styles from this server only: no inline script can run.
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
  };
}

std::string SessionCookie(const std::string& token, std::optional<absl::Duration> max_age,
                          bool secure) {
  const std::string age =
      max_age ? absl::StrCat("; Max-Age=", std::max<int64_t>(0, absl::ToInt64Seconds(*max_age)))
              : "";
  return absl::StrCat(kSessionCookie, "=", IsCookieSafe(token) ? token : "", "; Path=/", age,
                      "; HttpOnly; SameSite=Strict", secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookie, "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "");
}

std::optional<std::string> SessionFromCookies(absl::string_view cookie_header) {
  for (absl::string_view part : absl::StrSplit(cookie_header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    const size_t eq = part.find('=');
    if (eq == absl::string_view::npos || part.substr(0, eq) != kSessionCookie) continue;
    const absl::string_view value = part.substr(eq + 1);
    if (IsCookieSafe(value)) return std::string(value);
  }
  return std::nullopt;
}

bool OriginAllowed(absl::string_view origin, absl::string_view host,
                   const std::set<std::string>& allowed_origins) {
  if (origin.empty()) return true;
  if (allowed_origins.count(std::string(origin))) return true;
  // Same origin: the scheme's "//" then exactly the Host header.
  const size_t slashes = origin.find("://");
  if (slashes == absl::string_view::npos) return false;
  const absl::string_view scheme = origin.substr(0, slashes);
  if (scheme != "http" && scheme != "https") return false;
  return !host.empty() && absl::EqualsIgnoreCase(origin.substr(slashes + 3), host);
}

}  // namespace summit::web
