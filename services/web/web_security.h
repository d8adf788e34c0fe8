#pragma once
// What keeps a browser session safe, as pure rules: the headers every answer
// carries, the session cookie, and which requests may use it.
//
// The session token lives only in an HttpOnly cookie (page scripts never see
// it). Cross-site request forgery is refused twice over: the cookie is
// SameSite=Strict, and a call must carry `Connect-Protocol-Version: 1` with a
// JSON or protobuf body, which no cross-site form can send and no cross-site
// script can send without a CORS preflight, which this server does not grant
// (unless origins are configured). A request whose Origin is neither this
// server nor a configured one is refused.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace summit::web {

inline constexpr char kSessionCookie[] = "summit_session";

// Name -> value, for every response.
std::vector<std::pair<std::string, std::string>> SecurityHeaders();

// `Set-Cookie` for a session kept `max_age`, or until the browser closes.
std::string SessionCookie(const std::string& token, std::optional<absl::Duration> max_age,
                          bool secure);
// `Set-Cookie` that removes the session.
std::string ClearedSessionCookie(bool secure);
// The session token from a `Cookie` header, if any.
std::optional<std::string> SessionFromCookies(absl::string_view cookie_header);

// Whether a request from `origin` (the Origin header, empty when absent) to a
// server reached as `host` (the Host header) may call: same origin, a
// configured one, or no Origin at all (not a browser).
bool OriginAllowed(absl::string_view origin, absl::string_view host,
                   const std::set<std::string>& allowed_origins);

}  // namespace summit::web
