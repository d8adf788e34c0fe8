// Credential rows: reading them, minting their tokens, issuing new ones.
#include "services/directory/directory_credential_rows.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/directory/sql/queries.h"

namespace summit::directory::internal {

CredentialRow ReadCredential(const pqxx::row& r) {
  CredentialRow row;
  row.credential.set_name(r["name"].as<std::string>());
  row.token_id = r["token_id"].as<std::string>();
  row.credential.set_display_name(r["display_name"].as<std::string>());
  row.credential.set_creator(r["creator"].as<std::string>());
  *row.credential.mutable_create_time() =
      ToProtoTime(absl::FromUnixMicros(r["create_time_micros"].as<int64_t>()));
  *row.credential.mutable_expire_time() =
      ToProtoTime(absl::FromUnixMicros(r["expire_time_micros"].as<int64_t>()));
  if (!r["revoke_time_micros"].is_null()) {
    *row.credential.mutable_revoke_time() =
        ToProtoTime(absl::FromUnixMicros(r["revoke_time_micros"].as<int64_t>()));
  }
  for (absl::string_view part :
       absl::StrSplit(r["roles"].as<std::string>(), ',', absl::SkipEmpty())) {
    int role = 0;
    if (absl::SimpleAtoi(part, &role)) row.roles.push_back(role);
  }
  row.credential.set_kind(
      static_cast<::summit::directory::v1::Credential::Kind>(r["kind"].as<int>()));
  if (!r["last_use_time_micros"].is_null()) {
    *row.credential.mutable_last_use_time() =
        ToProtoTime(absl::FromUnixMicros(r["last_use_time_micros"].as<int64_t>()));
  }
  return row;
}

std::string PersonOf(const std::string& credential_name) {
  return credential_name.substr(0, credential_name.find("/credentials/"));
}

std::string MintToken(const TokenCodec& codec, const CredentialRow& row) {
  ::summit::auth::internal::v1::TokenClaims claims;
  claims.set_subject(PersonOf(row.credential.name()));
  claims.set_token_id(row.token_id);
  claims.set_issue_time_seconds(absl::ToUnixSeconds(FromProtoTime(row.credential.create_time())));
  claims.set_expire_time_seconds(absl::ToUnixSeconds(FromProtoTime(row.credential.expire_time())));
  for (int role : row.roles) claims.add_roles(role);
  return codec.Sign(claims);
}

absl::StatusOr<CredentialRow> IssueCredential(pqxx::transaction_base& txn,
                                              const std::string& person_name,
                                              const std::string& display_name,
                                              const std::string& creator, absl::Duration ttl,
                                              absl::Time now, const std::string& request_id,
                                              ::summit::directory::v1::Credential::Kind kind) {
  ASSIGN_OR_RETURN(const ::summit::directory::v1::Person person,
                   GetDocResource<::summit::directory::v1::Person>(txn, sql::kPeople, person_name));
  if (person.state() == ::summit::directory::v1::Person::STATE_DEACTIVATED) {
    return absl::FailedPreconditionError(
        absl::StrCat(person_name, " is deactivated: no credentials can be issued"));
  }
  const std::string token_id = GenerateId();
  const std::string name = absl::StrCat(person_name, "/credentials/", token_id);
  // Whole seconds: the token carries seconds, and a re-derived token must match.
  const absl::Time issued = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  const std::string roles = absl::StrJoin(person.roles(), ",");
  const pqxx::result r = txn.exec_prepared(
      sql::kInsertCredential, name, token_id, person_name, display_name, creator,
      absl::ToUnixMicros(issued), absl::ToUnixMicros(issued + ttl), roles, static_cast<int>(kind));
  CredentialRow row = ReadCredential(r[0]);
  AppendEvent(txn, sql::kSchema.insert_event,
              {.actor = creator,
               .type = "directory.credential.created",
               .resource = name,
               .before_json = "",
               .after_json = ToJson(row.credential),
               .request_id = request_id});
  return row;
}

}  // namespace summit::directory::internal
