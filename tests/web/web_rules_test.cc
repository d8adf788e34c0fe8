// The Connect wire rules and the browser-session rules, as pure functions.
#include <gtest/gtest.h>

#include "services/web/connect_protocol.h"
#include "services/web/static_files.h"
#include "services/web/web_security.h"

namespace summit::web {
namespace {

TEST(ConnectProtocol, EveryCodeHasTheSpecsNameAndHttpStatus) {
  EXPECT_EQ("canceled", ConnectCode(grpc::StatusCode::CANCELLED));
  EXPECT_EQ(499, HttpStatusOf(grpc::StatusCode::CANCELLED));
  EXPECT_EQ("invalid_argument", ConnectCode(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(400, HttpStatusOf(grpc::StatusCode::FAILED_PRECONDITION));
  EXPECT_EQ(401, HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(403, HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(404, HttpStatusOf(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(409, HttpStatusOf(grpc::StatusCode::ABORTED));
  EXPECT_EQ(429, HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_EQ(501, HttpStatusOf(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_EQ(503, HttpStatusOf(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(504, HttpStatusOf(grpc::StatusCode::DEADLINE_EXCEEDED));
  for (int code = 1; code <= 16; ++code) {
    const auto c = static_cast<grpc::StatusCode>(code);
    EXPECT_NE("", ConnectCode(c)) << code;
    EXPECT_GE(HttpStatusOf(c), 400) << code;
  }
}

TEST(ConnectProtocol, ErrorBodyCarriesCodeAndTheServersSentence) {
  const std::string body =
      ErrorJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "people/x not found \"quoted\""));
  EXPECT_NE(std::string::npos, body.find("\"code\":\"not_found\""));
  EXPECT_NE(std::string::npos, body.find("people/x not found \\\"quoted\\\""));
}

TEST(ConnectProtocol, EnvelopesRoundTripAndRefuseWhatIsNotOneWholeMessage) {
  const std::string framed = Envelope(0, "{\"a\":1}");
  ASSERT_EQ(5u + 7u, framed.size());
  EXPECT_EQ(std::optional<std::string>("{\"a\":1}"), SingleEnvelope(framed));
  EXPECT_EQ(std::nullopt, SingleEnvelope(framed.substr(0, 8)));  // cut short
  EXPECT_EQ(std::nullopt, SingleEnvelope(framed + "x"));         // trailing bytes
  EXPECT_EQ(std::nullopt, SingleEnvelope(Envelope(kCompressedFlag, "zz")));
  EXPECT_EQ(std::nullopt, SingleEnvelope("abc"));
  const std::string big(70000, 'x');
  EXPECT_EQ(std::optional<std::string>(big), SingleEnvelope(Envelope(0, big)));
}

TEST(ConnectProtocol, StreamsEndWithAnEndMessageThatCarriesTheError) {
  const std::string ok = EndStream(grpc::Status::OK);
  EXPECT_EQ(kEndStreamFlag, static_cast<uint8_t>(ok[0]));
  EXPECT_EQ("{}", ok.substr(5));
  const std::string failed =
      EndStream(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not yours"));
  EXPECT_NE(std::string::npos, failed.find("\"error\":{"));
  EXPECT_NE(std::string::npos, failed.find("permission_denied"));
}

TEST(ConnectProtocol, CodecsAndTimeouts) {
  EXPECT_EQ(Codec::kJson, UnaryCodecOf("application/json; charset=utf-8"));
  EXPECT_EQ(Codec::kProto, UnaryCodecOf("Application/Proto"));
  EXPECT_EQ(std::nullopt, UnaryCodecOf("text/plain"));
  EXPECT_EQ(std::nullopt, UnaryCodecOf("application/x-www-form-urlencoded"));
  EXPECT_EQ(Codec::kJson, StreamCodecOf("application/connect+json"));
  EXPECT_EQ(std::nullopt, StreamCodecOf("application/json"));
  EXPECT_EQ(std::optional<int64_t>(1500), ParseTimeoutMs("1500"));
  EXPECT_EQ(std::nullopt, ParseTimeoutMs("-1"));
  EXPECT_EQ(std::nullopt, ParseTimeoutMs("12345678901"));
  EXPECT_EQ(std::nullopt, ParseTimeoutMs("1e3"));
}

TEST(WebSecurity, TheSessionCookieIsOutOfScriptsReachAndSameSiteOnly) {
  const std::string cookie = SessionCookie("sk.abc_DEF-1.x", absl::Hours(1), /*secure=*/true);
  EXPECT_EQ(0u, cookie.find("summit_session=sk.abc_DEF-1.x;"));
  EXPECT_NE(std::string::npos, cookie.find("HttpOnly"));
  EXPECT_NE(std::string::npos, cookie.find("SameSite=Strict"));
  EXPECT_NE(std::string::npos, cookie.find("Secure"));
  EXPECT_NE(std::string::npos, cookie.find("Max-Age=3600"));
  EXPECT_EQ(std::string::npos, SessionCookie("t", std::nullopt, false).find("Secure"));
  EXPECT_EQ(std::string::npos, SessionCookie("t", std::nullopt, false).find("Max-Age"));
  // A value that would add attributes is never written.
  EXPECT_EQ(0u, SessionCookie("x; Domain=evil", absl::Hours(1), false).find("summit_session=;"));
  EXPECT_NE(std::string::npos, ClearedSessionCookie(false).find("Max-Age=0"));
}

TEST(WebSecurity, TheSessionIsReadFromTheCookieHeaderOnly) {
  EXPECT_EQ(std::optional<std::string>("abc.def"),
            SessionFromCookies("theme=dark; summit_session=abc.def; x=1"));
  EXPECT_EQ(std::nullopt, SessionFromCookies("summit_sessionx=abc"));
  EXPECT_EQ(std::nullopt, SessionFromCookies("summit_session=a b"));
  EXPECT_EQ(std::nullopt, SessionFromCookies(""));
}

TEST(WebSecurity, OnlyThisServerAndConfiguredOriginsMayCall) {
  EXPECT_TRUE(OriginAllowed("", "summit.example", {}));  // not a browser
  EXPECT_TRUE(OriginAllowed("https://summit.example", "summit.example", {}));
  EXPECT_TRUE(OriginAllowed("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
  EXPECT_FALSE(OriginAllowed("https://evil.example", "summit.example", {}));
  EXPECT_FALSE(OriginAllowed("https://summit.example.evil.example", "summit.example", {}));
  EXPECT_FALSE(OriginAllowed("null", "summit.example", {}));
  EXPECT_FALSE(OriginAllowed("ftp://summit.example", "summit.example", {}));
  EXPECT_TRUE(OriginAllowed("https://app.kisi.kz", "summit.example", {"https://app.kisi.kz"}));
}

TEST(WebSecurity, EveryAnswerForbidsInlineScriptsAndFraming) {
  bool csp = false, nosniff = false, frames = false;
  for (const auto& [name, value] : SecurityHeaders()) {
    if (name == "Content-Security-Policy") {
      csp = value.find("script-src 'self'") != std::string::npos &&
            value.find("unsafe-inline") == std::string::npos;
    }
    nosniff |= name == "X-Content-Type-Options" && value == "nosniff";
    frames |= name == "X-Frame-Options" && value == "DENY";
  }
  EXPECT_TRUE(csp);
  EXPECT_TRUE(nosniff);
  EXPECT_TRUE(frames);
}

TEST(StaticFiles, MediaTypesByExtension) {
  EXPECT_EQ("text/javascript; charset=utf-8", MediaTypeOf("/assets/app-X1.js"));
  EXPECT_EQ("text/html; charset=utf-8", MediaTypeOf("index.html"));
  EXPECT_EQ("application/octet-stream", MediaTypeOf("notes.exe"));
}

}  // namespace
}  // namespace summit::web
