#include "services/common/authenticator.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace summit {

absl::StatusOr<Principal> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata, const char* key) const {
  const auto [first, last] = metadata.equal_range(key);
  if (first == last) {
    return absl::UnauthenticatedError(
        absl::StrCat("missing ", key, " metadata: send '", key, ": Bearer <token>'"));
  }
  if (std::next(first) != last) {
    return absl::UnauthenticatedError(absl::StrCat("more than one ", key, " header"));
  }
  const absl::string_view value(first->second.data(), first->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError(absl::StrCat(key, " must be 'Bearer <token>'"));
  }
  return AuthenticateToken(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
}

absl::StatusOr<Principal> Authenticator::AuthenticateToken(absl::string_view token) const {
  const absl::Time now = clock_->Now();
  std::shared_ptr<const auth::internal::v1::TokenClaims> claims = verified_.Find(token, now);
  if (claims == nullptr) {
    absl::StatusOr<auth::internal::v1::TokenClaims> verified = codec_->Verify(token, now);
    if (!verified.ok()) return verified.status();
    claims = verified_.Remember(token, *std::move(verified));
  }
  if (max_revocation_age_ != absl::InfiniteDuration() &&
      claims->subject().rfind("services/", 0) != 0) {
    // Wall clock: the list's age is real time, whatever the injected clock says.
    const absl::Time snapshot = revoked_->snapshot_time();
    if (absl::Now() - snapshot > max_revocation_age_) {
      return absl::UnavailableError(
          snapshot == absl::InfinitePast()
              ? "this server has not loaded the list of revoked tokens yet; retry shortly"
              : absl::StrCat(
                    "this server's list of revoked tokens is ",
                    absl::FormatDuration(absl::Trunc(absl::Now() - snapshot, absl::Seconds(1))),
                    " old (the directory is unreachable); retry shortly"));
    }
  }
  if (revoked_->Contains(claims->token_id())) {
    return absl::UnauthenticatedError("bearer token has been revoked");
  }
  Principal p{.subject = claims->subject(), .token_id = claims->token_id(), .roles = {}};
  if (!p.IsService()) revoked_->NoteUse(p.token_id, now);
  for (int role : claims->roles()) {
    if (directory::v1::Role_IsValid(role))
      p.roles.push_back(static_cast<directory::v1::Role>(role));
  }
  return p;
}

}  // namespace summit
