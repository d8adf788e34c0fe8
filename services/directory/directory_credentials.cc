// Credentials: bearer tokens issued to people, listed and revoked. The token
// secret is never stored: it is derived from the stored claims with the
// signing key, so a retried CreateCredential returns the same token.
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/directory/directory.h"
#include "services/directory/directory_credential_rows.h"
#include "services/directory/directory_internal.h"
#include "services/directory/directory_rules.h"

namespace summit::directory {
namespace {

using internal::CredentialRow;
using internal::Event;
using internal::IssueCredential;
using internal::KeyFor;
using internal::MintToken;
using internal::PersonOf;
using internal::ReadCredential;

constexpr absl::Duration kMinTokenTtl = absl::Minutes(1);

absl::Status RequireSelfOrAdmin(const Principal& caller, const std::string& person,
                                absl::string_view action) {
  if (caller.Has(v1::ROLE_ADMIN) || caller.subject == person) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(action, " of another person needs the admin role"));
}

}  // namespace

absl::StatusOr<v1::Credential> Directory::CreateCredential(
    const CallContext& call, DbSession& db, const v1::CreateCredentialRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"people"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  RETURN_IF_ERROR(ValidateText("credential.display_name", req.credential().display_name(), {}));
  absl::Duration ttl = kDefaultTokenTtl;
  if (req.has_ttl()) {
    ttl = absl::Seconds(req.ttl().seconds()) + absl::Nanoseconds(req.ttl().nanos());
    if (ttl < kMinTokenTtl || ttl > kMaxTokenTtl) {
      return InvalidField("ttl", "must be between 1 minute and 365 days");
    }
  }
  RETURN_IF_ERROR(RequireSelfOrAdmin(call.principal, req.parent(), "issuing a token"));
  const std::string display_name =
      req.credential().display_name().empty() ? "token" : req.credential().display_name();
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Credential> {
        ASSIGN_OR_RETURN(
            v1::Credential credential,
            CreateOnce<v1::Credential>(
                txn, sql::kSchema.RequestLog(), KeyFor(call, "CreateCredential", req),
                [&]() -> absl::StatusOr<v1::Credential> {
                  ASSIGN_OR_RETURN(
                      CredentialRow row,
                      IssueCredential(txn, req.parent(), display_name, call.principal.subject, ttl,
                                      now, req.request_id(), v1::Credential::KIND_API_TOKEN));
                  return row.credential;
                }));
        const pqxx::result r = txn.exec_prepared(sql::kGetCredential, credential.name());
        if (r.empty()) return ResourceNotFound(credential.name());
        CredentialRow row = ReadCredential(r[0]);
        row.credential.set_token(MintToken(*deps_.tokens, row));
        return row.credential;
      });
}

absl::StatusOr<v1::ListCredentialsResponse> Directory::ListCredentials(
    const CallContext& call, DbSession& db, const v1::ListCredentialsRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"people"}).status());
  RETURN_IF_ERROR(RequireSelfOrAdmin(call.principal, req.parent(), "listing the tokens"));
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("credentials|", req.parent())));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListCredentialsResponse> {
        if (!GetDoc(txn, sql::kPeople.get, req.parent())) return ResourceNotFound(req.parent());
        v1::ListCredentialsResponse resp;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListCredentials, req.parent(), page.after, page.limit())) {
          *resp.add_credentials() = ReadCredential(r).credential;
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_credentials(),
                                            [](const v1::Credential& c) { return c.name(); }));
        return resp;
      });
}

absl::StatusOr<v1::Credential> Directory::RevokeCredential(
    const CallContext& call, DbSession& db, const v1::RevokeCredentialRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"people", "credentials"}).status());
  RETURN_IF_ERROR(RequireSelfOrAdmin(call.principal, PersonOf(req.name()), "revoking a token"));
  std::string token_id;
  absl::StatusOr<v1::Credential> revoked =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Credential> {
        pqxx::result r = txn.exec_prepared(sql::kRevokeCredential, req.name());
        const bool changed = !r.empty();
        if (!changed) r = txn.exec_prepared(sql::kGetCredential, req.name());
        if (r.empty()) return ResourceNotFound(req.name());
        CredentialRow row = ReadCredential(r[0]);
        token_id = row.token_id;
        if (changed) {  // revoking twice is a no-op, with one event
          AppendEvent(txn, sql::kSchema.insert_event,
                      {.actor = call.principal.subject,
                       .type = "directory.credential.revoked",
                       .resource = req.name(),
                       .before_json = "",
                       .after_json = ToJson(row.credential),
                       .request_id = ""});
        }
        return row.credential;
      });
  if (revoked.ok()) deps_.revoked->Add(token_id);
  return revoked;
}

absl::StatusOr<internal::v1::ListRevokedTokensResponse> Directory::ListRevokedTokens(
    const CallContext& call, DbSession& db,
    const internal::v1::ListRevokedTokensRequest& req) const {
  if (!call.principal.IsService()) {
    return absl::PermissionDeniedError("revoked tokens are for Summit's own servers");
  }
  ASSIGN_OR_RETURN(const PageRequest page,
                   StartPage(req.page_size(), req.page_token(), "revoked-tokens"));
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<internal::v1::ListRevokedTokensResponse> {
        internal::v1::ListRevokedTokensResponse resp;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListRevokedTokens, page.after, page.limit())) {
          resp.add_token_ids(r[0].as<std::string>());
        }
        resp.set_next_page_token(
            FinishPage(page, resp.mutable_token_ids(), [](const std::string& id) { return id; }));
        return resp;
      });
}

absl::StatusOr<v1::WhoAmIResponse> Directory::WhoAmI(const CallContext& call, DbSession& db,
                                                     const v1::WhoAmIRequest&) const {
  v1::WhoAmIResponse resp;
  resp.set_subject(call.principal.subject);
  for (v1::Role role : call.principal.roles) resp.add_roles(role);
  if (call.principal.IsService()) return resp;
  resp.set_credential(
      absl::StrCat(call.principal.subject, "/credentials/", call.principal.token_id));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::WhoAmIResponse> {
        ASSIGN_OR_RETURN(*resp.mutable_person(),
                         GetDocResource<v1::Person>(txn, sql::kPeople, call.principal.subject));
        return resp;
      });
}

absl::StatusOr<v1::Credential> Directory::BootstrapAdmin(DbSession& db,
                                                         const std::string& person_id,
                                                         const std::string& display_name,
                                                         const std::string& email,
                                                         absl::Duration ttl) const {
  RETURN_IF_ERROR(ValidateResourceId("admin id", person_id));
  v1::Person admin;
  admin.set_display_name(display_name);
  admin.set_email(email);
  admin.add_roles(v1::ROLE_ADMIN);
  admin.set_state(v1::Person::STATE_ACTIVE);
  RETURN_IF_ERROR(ValidatePerson(admin));
  const std::string name = absl::StrCat("people/", person_id);
  const std::string actor = "services/bootstrap";
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, absl::InfiniteFuture(),
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Credential> {
        absl::StatusOr<v1::Person> existing = GetDocResource<v1::Person>(txn, sql::kPeople, name);
        if (!existing.ok()) {
          RETURN_IF_ERROR(CreateDocResource(txn, sql::kPeople, name, admin,
                                            EventTarget{.insert_event = sql::kSchema.insert_event,
                                                        .actor = actor,
                                                        .type = "directory.person.created",
                                                        .request_id = ""})
                              .status());
        } else if (!absl::c_linear_search(existing->roles(), v1::ROLE_ADMIN)) {
          return absl::FailedPreconditionError(absl::StrCat(name, " exists and is not an admin"));
        }
        ASSIGN_OR_RETURN(CredentialRow row,
                         IssueCredential(txn, name, "bootstrap admin token", actor, ttl, now, "",
                                         v1::Credential::KIND_API_TOKEN));
        row.credential.set_token(MintToken(*deps_.tokens, row));
        return row.credential;
      });
}

}  // namespace summit::directory
