#include "services/common/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace summit {

absl::StatusOr<Principal> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const {
  const auto [first, last] = metadata.equal_range("authorization");
  if (first == last) {
    return absl::UnauthenticatedError(
        "missing authorization metadata: send 'authorization: Bearer <token>'");
  }
  if (std::next(first) != last) {
    return absl::UnauthenticatedError("more than one authorization header");
  }
  const absl::string_view value(first->second.data(), first->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError("authorization must be 'Bearer <token>'");
  }
  return AuthenticateToken(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
}

absl::StatusOr<Principal> Authenticator::AuthenticateToken(absl::string_view token) const {
  absl::StatusOr<auth::v1::TokenClaims> claims = codec_->Verify(token, clock_->Now());
  if (!claims.ok()) return claims.status();
  if (revoked_->Contains(claims->token_id())) {
    return absl::UnauthenticatedError("bearer token has been revoked");
  }
  Principal p{.subject = claims->subject(), .token_id = claims->token_id(), .roles = {}};
  for (int role : claims->roles()) {
    if (directory::v1::Role_IsValid(role))
      p.roles.push_back(static_cast<directory::v1::Role>(role));
  }
  return p;
}

}  // namespace summit
