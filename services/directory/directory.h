#pragma once
// The directory's use cases: summits, tracks, organisations, people and
// credentials. Each method validates, authorizes, then runs one transaction
// holding the change, its audit event and its idempotency record. Built
// directly by tests; the gRPC wiring is in directory_grpc.h.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/revocation_list.h"
#include "services/common/token.h"
#include "summit/directory/internal/v1/directory_internal_service.pb.h"
#include "summit/directory/v1/directory_service.pb.h"
#include "summit/notifications/internal/v1/notification_internal_service.pb.h"

namespace summit::directory {

// The directory's schema, compiled from services/directory/migrations.
const MigrationSet& Migrations();

struct DirectoryDeps {
  const TokenCodec* tokens;
  // Told at once about revocations made here.
  RevocationList* revoked;
  const Clock* clock;
  // Hands a sign-in code to the notifications service for mailing; may fail
  // (UNAVAILABLE) when it cannot be reached. Unset: sign-in is refused.
  std::function<absl::Status(const notifications::internal::v1::DeliverSignInCodeRequest&,
                             absl::Time deadline)>
      deliver_sign_in_code;
};

// Sign-in limits.
inline constexpr absl::Duration kSignInCodeTtl = absl::Minutes(10);
inline constexpr int kSignInCodeAttempts = 5;
inline constexpr absl::Duration kSignInWindow = absl::Minutes(15);
inline constexpr int kSignInCodesPerEmail = 5;
inline constexpr int kSignInCodesPerAddress = 30;
inline constexpr absl::Duration kWebSessionTtl = absl::Hours(24 * 7);

inline constexpr absl::Duration kDefaultTokenTtl = absl::Hours(24 * 30);
inline constexpr absl::Duration kMaxTokenTtl = absl::Hours(24 * 365);

class Directory final {
 public:
  explicit Directory(DirectoryDeps deps) : deps_(deps) {}

  absl::StatusOr<v1::Summit> CreateSummit(const CallContext& call, DbSession& db,
                                          const v1::CreateSummitRequest& req) const;
  absl::StatusOr<v1::Summit> GetSummit(const CallContext& call, DbSession& db,
                                       const v1::GetSummitRequest& req) const;
  absl::StatusOr<v1::ListSummitsResponse> ListSummits(const CallContext& call, DbSession& db,
                                                      const v1::ListSummitsRequest& req) const;
  absl::StatusOr<v1::Summit> UpdateSummit(const CallContext& call, DbSession& db,
                                          const v1::UpdateSummitRequest& req) const;

  absl::StatusOr<v1::Track> CreateTrack(const CallContext& call, DbSession& db,
                                        const v1::CreateTrackRequest& req) const;
  absl::StatusOr<v1::Track> GetTrack(const CallContext& call, DbSession& db,
                                     const v1::GetTrackRequest& req) const;
  absl::StatusOr<v1::ListTracksResponse> ListTracks(const CallContext& call, DbSession& db,
                                                    const v1::ListTracksRequest& req) const;
  absl::StatusOr<v1::Track> UpdateTrack(const CallContext& call, DbSession& db,
                                        const v1::UpdateTrackRequest& req) const;

  absl::StatusOr<v1::Organization> CreateOrganization(
      const CallContext& call, DbSession& db, const v1::CreateOrganizationRequest& req) const;
  absl::StatusOr<v1::Organization> GetOrganization(const CallContext& call, DbSession& db,
                                                   const v1::GetOrganizationRequest& req) const;
  absl::StatusOr<v1::ListOrganizationsResponse> ListOrganizations(
      const CallContext& call, DbSession& db, const v1::ListOrganizationsRequest& req) const;
  absl::StatusOr<v1::Organization> UpdateOrganization(
      const CallContext& call, DbSession& db, const v1::UpdateOrganizationRequest& req) const;

  absl::StatusOr<v1::Person> CreatePerson(const CallContext& call, DbSession& db,
                                          const v1::CreatePersonRequest& req) const;
  absl::StatusOr<v1::Person> GetPerson(const CallContext& call, DbSession& db,
                                       const v1::GetPersonRequest& req) const;
  absl::StatusOr<v1::ListPeopleResponse> ListPeople(const CallContext& call, DbSession& db,
                                                    const v1::ListPeopleRequest& req) const;
  absl::StatusOr<v1::Person> UpdatePerson(const CallContext& call, DbSession& db,
                                          const v1::UpdatePersonRequest& req) const;

  absl::StatusOr<v1::Credential> CreateCredential(const CallContext& call, DbSession& db,
                                                  const v1::CreateCredentialRequest& req) const;
  absl::StatusOr<v1::ListCredentialsResponse> ListCredentials(
      const CallContext& call, DbSession& db, const v1::ListCredentialsRequest& req) const;
  absl::StatusOr<v1::Credential> RevokeCredential(const CallContext& call, DbSession& db,
                                                  const v1::RevokeCredentialRequest& req) const;
  // Sign-in by emailed code (directory_sign_in.cc).
  absl::StatusOr<v1::StartSignInResponse> StartSignIn(const CallContext& call, DbSession& db,
                                                      const v1::StartSignInRequest& req) const;
  absl::StatusOr<v1::CompleteSignInResponse> CompleteSignIn(
      const CallContext& call, DbSession& db, const v1::CompleteSignInRequest& req) const;
  absl::StatusOr<v1::SignOutResponse> SignOut(const CallContext& call, DbSession& db,
                                              const v1::SignOutRequest& req) const;
  absl::StatusOr<v1::Person> DeactivatePerson(const CallContext& call, DbSession& db,
                                              const v1::DeactivatePersonRequest& req) const;
  absl::StatusOr<v1::Person> ReactivatePerson(const CallContext& call, DbSession& db,
                                              const v1::ReactivatePersonRequest& req) const;
  absl::StatusOr<internal::v1::RecordCredentialUseResponse> RecordCredentialUse(
      const CallContext& call, DbSession& db,
      const internal::v1::RecordCredentialUseRequest& req) const;

  // summit.directory.internal.v1: for Summit's own servers.
  absl::StatusOr<internal::v1::ListRevokedTokensResponse> ListRevokedTokens(
      const CallContext& call, DbSession& db,
      const internal::v1::ListRevokedTokensRequest& req) const;
  absl::StatusOr<v1::ImportDirectoryResponse> ImportDirectory(
      const CallContext& call, DbSession& db, const v1::ImportDirectoryRequest& req) const;
  absl::StatusOr<v1::WhoAmIResponse> WhoAmI(const CallContext& call, DbSession& db,
                                            const v1::WhoAmIRequest& req) const;

  // First start of a deployment: makes sure `people/{person_id}` exists as
  // an admin and issues a token for it. Runs without a caller.
  absl::StatusOr<v1::Credential> BootstrapAdmin(DbSession& db, const std::string& person_id,
                                                const std::string& display_name,
                                                const std::string& email, absl::Duration ttl) const;

 private:
  const DirectoryDeps deps_;
};

}  // namespace summit::directory
