#pragma once
// Credential rows: reading them, minting their tokens, issuing new ones.
// Shared by API tokens (CreateCredential) and web sessions (sign-in).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/token.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::directory::internal {

struct CredentialRow {
  ::summit::directory::v1::Credential credential;  // without the token
  std::string token_id;
  std::vector<int> roles;
};

CredentialRow ReadCredential(const pqxx::row& r);

// `people/{person}` of `people/{person}/credentials/{id}`.
std::string PersonOf(const std::string& credential_name);

// The token of a credential, derived again from its stored claims.
std::string MintToken(const TokenCodec& codec, const CredentialRow& row);

// Inserts a credential for `person` carrying the person's current roles,
// with its audit event. FAILED_PRECONDITION for a deactivated person.
absl::StatusOr<CredentialRow> IssueCredential(pqxx::transaction_base& txn,
                                              const std::string& person_name,
                                              const std::string& display_name,
                                              const std::string& creator, absl::Duration ttl,
                                              absl::Time now, const std::string& request_id,
                                              ::summit::directory::v1::Credential::Kind kind);

}  // namespace summit::directory::internal
