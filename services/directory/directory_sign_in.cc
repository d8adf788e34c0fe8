// Sign-in by emailed code, sign-out, and deactivating people.
//
// StartSignIn answers the same for every well-formed email: known, unknown or
// deactivated. Every request, even for an unknown email, leaves a challenge
// row so that both count alike against the per-email and per-address limits.
// Codes are 6 random digits, stored only as a keyed digest, valid for
// kSignInCodeTtl and kSignInCodeAttempts tries.
#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "services/common/document_store.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/directory/directory.h"
#include "services/directory/directory_credential_rows.h"
#include "services/directory/directory_internal.h"
#include "services/directory/sql/queries.h"

namespace summit::directory {
namespace {

using internal::CredentialRow;

constexpr char kWrongCode[] =
    "code: wrong, expired or already used; ask for a new code with StartSignIn";
constexpr char kCodeDigestPurpose[] = "sign-in code";

// Six digits from the system's CSPRNG, without modulo bias.
std::string NewCode() {
  for (;;) {
    uint32_t n = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&n), sizeof n);
    if (n < 4294000000u) return absl::StrFormat("%06u", n % 1000000u);
  }
}

// The address part of gRPC's peer string ("ipv4:10.1.2.3:5123" -> "ipv4:10.1.2.3"):
// one client's connections share the limit whatever their source port.
std::string ClientAddress(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  if (colon == std::string::npos || peer.rfind("unix:", 0) == 0) return peer;
  return peer.substr(0, colon);
}

// Why a credential was revoked, for its audit event.
std::string ReasonJson(const std::string& reason) {
  google::protobuf::Struct json;
  (*json.mutable_fields())["reason"].set_string_value(
      reason.empty() ? "person deactivated" : absl::StrCat("person deactivated: ", reason));
  return ToJson(json);
}

std::string ChallengeJson(const std::string& id, const std::string& address) {
  google::protobuf::Struct json;
  (*json.mutable_fields())["challenge"].set_string_value(id);
  (*json.mutable_fields())["client_address"].set_string_value(address);
  return ToJson(json);
}

// The person's row locked for a change of state.
absl::StatusOr<UpdatePlan<v1::Person>> PlanStateChange(pqxx::transaction_base& txn,
                                                       const std::string& name,
                                                       v1::Person::State state) {
  std::optional<DocRow> row = GetDoc(txn, sql::kPeople.get_for_update, name);
  if (!row) return ResourceNotFound(name);
  ASSIGN_OR_RETURN(v1::Person current, FromDocRow<v1::Person>(*row));
  UpdatePlan<v1::Person> plan{.before = current, .after = current, .paths = {"state"}};
  plan.after.set_state(state);
  return plan;
}

absl::Status ValidateCode(const std::string& code) {
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), absl::ascii_isdigit)) {
    return InvalidField("code", "must be the 6 digits from the sign-in mail");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::StartSignInResponse> Directory::StartSignIn(
    const CallContext& call, DbSession& db, const v1::StartSignInRequest& req) const {
  RETURN_IF_ERROR(ValidateEmail("email", req.email()));
  if (!deps_.deliver_sign_in_code) {
    return absl::UnavailableError("sign-in by email is not configured on this server");
  }
  const absl::Time now = deps_.clock->Now();
  const std::string address = ClientAddress(call.peer);
  const std::string challenge_id = GenerateId();
  const std::string code = NewCode();
  std::optional<v1::Person> recipient;
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    recipient.reset();
    txn.exec_prepared(sql::kLockSignInEmail, req.email());
    const pqxx::row counts = txn.exec_prepared1(sql::kCountSignInChallenges, req.email(), address,
                                                absl::ToUnixMicros(now - kSignInWindow));
    if (counts["by_email"].as<int>() >= kSignInCodesPerEmail ||
        counts["by_address"].as<int>() >= kSignInCodesPerAddress) {
      return absl::ResourceExhaustedError(
          absl::StrCat("email: too many sign-in codes asked for lately; try again in ",
                       absl::ToInt64Minutes(kSignInWindow), " minutes"));
    }
    const pqxx::result found = txn.exec_prepared(sql::kFindPersonByEmail, req.email());
    if (!found.empty()) {
      ASSIGN_OR_RETURN(v1::Person person, GetDocResource<v1::Person>(
                                              txn, sql::kPeople, found[0][0].as<std::string>()));
      if (person.state() != v1::Person::STATE_DEACTIVATED) recipient = std::move(person);
    }
    txn.exec_prepared(sql::kInsertSignInChallenge, challenge_id, req.email(),
                      recipient ? recipient->name().c_str() : nullptr, address,
                      deps_.tokens->KeyedDigest(kCodeDigestPurpose, challenge_id + ":" + code),
                      absl::ToUnixMicros(now), absl::ToUnixMicros(now + kSignInCodeTtl));
    // Audited under the person when there is one; the address says from where.
    AppendEvent(txn, sql::kSchema.insert_event,
                {.actor = recipient ? recipient->name() : "anonymous",
                 .type = "directory.sign_in.requested",
                 .resource = recipient ? recipient->name() : "signInChallenges/" + challenge_id,
                 .before_json = "",
                 .after_json = ChallengeJson(challenge_id, address),
                 .request_id = call.request_id});
    return absl::OkStatus();
  }));
  if (recipient) {
    notifications::internal::v1::DeliverSignInCodeRequest mail;
    mail.set_challenge_id(challenge_id);
    mail.set_person(recipient->name());
    mail.set_email(recipient->email());
    mail.set_display_name(recipient->display_name());
    *mail.mutable_languages() = recipient->languages();
    mail.set_time_zone(recipient->time_zone());
    mail.set_code(code);
    *mail.mutable_expire_time() = ToProtoTime(now + kSignInCodeTtl);
    RETURN_IF_ERROR(deps_.deliver_sign_in_code(mail, call.deadline));
  }
  v1::StartSignInResponse resp;
  resp.mutable_code_ttl()->set_seconds(absl::ToInt64Seconds(kSignInCodeTtl));
  return resp;
}

absl::StatusOr<v1::CompleteSignInResponse> Directory::CompleteSignIn(
    const CallContext& call, DbSession& db, const v1::CompleteSignInRequest& req) const {
  RETURN_IF_ERROR(ValidateEmail("email", req.email()));
  RETURN_IF_ERROR(ValidateCode(req.code()));
  RETURN_IF_ERROR(ValidateText("display_name", req.display_name(), {}));
  const std::string display_name = req.display_name().empty() ? "web session" : req.display_name();
  const absl::Time now = deps_.clock->Now();
  // A wrong code still commits its counted attempt, so the outcome travels
  // out of the transaction instead of failing it.
  std::optional<CredentialRow> session;
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    session.reset();
    txn.exec_prepared(sql::kLockSignInEmail, req.email());
    std::vector<std::string> live;
    std::string matched_person;
    std::string matched_id;
    for (const pqxx::row& r : txn.exec_prepared(sql::kLiveSignInChallenges, req.email(),
                                                absl::ToUnixMicros(now), kSignInCodeAttempts)) {
      const std::string id = r["id"].as<std::string>();
      live.push_back(id);
      const std::string expected = r["code_digest"].as<std::string>();
      const std::string given =
          deps_.tokens->KeyedDigest(kCodeDigestPurpose, id + ":" + req.code());
      if (matched_id.empty() && CRYPTO_memcmp(expected.data(), given.data(), given.size()) == 0 &&
          expected.size() == given.size()) {
        matched_id = id;
        matched_person = r["person"].is_null() ? "" : r["person"].as<std::string>();
      }
    }
    if (matched_id.empty()) {
      txn.exec_prepared(sql::kCountSignInAttempt, ToJsonArray(live));
      return absl::OkStatus();
    }
    // The person may have been deactivated since the code was mailed.
    if (!matched_person.empty()) {
      ASSIGN_OR_RETURN(const v1::Person person,
                       GetDocResource<v1::Person>(txn, sql::kPeople, matched_person));
      if (person.state() == v1::Person::STATE_DEACTIVATED) matched_person.clear();
    }
    if (matched_person.empty()) {
      txn.exec_prepared(sql::kConsumeSignInChallenges, req.email(), matched_id, nullptr,
                        absl::ToUnixMicros(now));
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(
        CredentialRow row,
        internal::IssueCredential(txn, matched_person, display_name, matched_person, kWebSessionTtl,
                                  now, call.request_id, v1::Credential::KIND_WEB_SESSION));
    txn.exec_prepared(sql::kConsumeSignInChallenges, req.email(), matched_id, row.credential.name(),
                      absl::ToUnixMicros(now));
    session = std::move(row);
    return absl::OkStatus();
  }));
  if (!session) return absl::UnauthenticatedError(kWrongCode);
  v1::CompleteSignInResponse resp;
  resp.set_person(internal::PersonOf(session->credential.name()));
  *resp.mutable_credential() = session->credential;
  resp.mutable_credential()->set_token(internal::MintToken(*deps_.tokens, *session));
  return resp;
}

absl::StatusOr<v1::SignOutResponse> Directory::SignOut(const CallContext& call, DbSession& db,
                                                       const v1::SignOutRequest&) const {
  if (call.principal.IsService()) {
    return absl::FailedPreconditionError("a server's own token cannot sign out");
  }
  v1::RevokeCredentialRequest revoke;
  revoke.set_name(absl::StrCat(call.principal.subject, "/credentials/", call.principal.token_id));
  ASSIGN_OR_RETURN(v1::Credential revoked, RevokeCredential(call, db, revoke));
  v1::SignOutResponse resp;
  *resp.mutable_credential() = std::move(revoked);
  return resp;
}

absl::StatusOr<v1::Person> Directory::DeactivatePerson(
    const CallContext& call, DbSession& db, const v1::DeactivatePersonRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"people"}).status());
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), {}));
  if (!call.principal.Has(v1::ROLE_ADMIN)) {
    return absl::PermissionDeniedError("deactivating a person needs the admin role");
  }
  if (req.name() == call.principal.subject) {
    return absl::FailedPreconditionError("name: admins cannot deactivate themselves");
  }
  std::vector<std::string> revoked_tokens;
  absl::StatusOr<v1::Person> result =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Person> {
        revoked_tokens.clear();
        ASSIGN_OR_RETURN(auto plan,
                         PlanStateChange(txn, req.name(), v1::Person::STATE_DEACTIVATED));
        if (plan.before.state() == v1::Person::STATE_DEACTIVATED) return plan.before;
        for (const pqxx::row& r : txn.exec_prepared(sql::kRevokePersonCredentials, req.name())) {
          revoked_tokens.push_back(r["token_id"].as<std::string>());
          AppendEvent(txn, sql::kSchema.insert_event,
                      {.actor = call.principal.subject,
                       .type = "directory.credential.revoked",
                       .resource = r["name"].as<std::string>(),
                       .before_json = "",
                       .after_json = ReasonJson(req.reason()),
                       .request_id = ""});
        }
        return CommitUpdate(txn, sql::kPeople, plan,
                            internal::Event(call, "directory.person.deactivated"));
      });
  if (result.ok()) {
    for (const std::string& id : revoked_tokens) deps_.revoked->Add(id);
  }
  return result;
}

absl::StatusOr<v1::Person> Directory::ReactivatePerson(
    const CallContext& call, DbSession& db, const v1::ReactivatePersonRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"people"}).status());
  if (!call.principal.Has(v1::ROLE_ADMIN)) {
    return absl::PermissionDeniedError("reactivating a person needs the admin role");
  }
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Person> {
    ASSIGN_OR_RETURN(auto plan, PlanStateChange(txn, req.name(), v1::Person::STATE_ACTIVE));
    return CommitUpdate(txn, sql::kPeople, plan,
                        internal::Event(call, "directory.person.reactivated"));
  });
}

absl::StatusOr<internal::v1::RecordCredentialUseResponse> Directory::RecordCredentialUse(
    const CallContext& call, DbSession& db,
    const internal::v1::RecordCredentialUseRequest& req) const {
  if (req.uses_size() > 1000) return InvalidField("uses", "at most 1000 per report");
  if (!call.principal.IsService()) {
    return absl::PermissionDeniedError("credential use is reported by Summit's own servers");
  }
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    txn.exec_prepared(sql::kRecordCredentialUse, ToJson(req));
    return absl::OkStatus();
  }));
  return internal::v1::RecordCredentialUseResponse{};
}

}  // namespace summit::directory
