// Organisations and people: written by admins; a person may edit parts of
// their own profile. Read by every authenticated caller.
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/directory/directory.h"
#include "services/directory/directory_internal.h"
#include "services/directory/directory_rules.h"

namespace summit::directory {
namespace {

using internal::CheckPersonReferences;
using internal::Event;
using internal::KeyFor;
using summit::NullIfEmpty;

bool SameRoles(const v1::Person& a, const v1::Person& b) {
  std::vector<int> ra(a.roles().begin(), a.roles().end());
  std::vector<int> rb(b.roles().begin(), b.roles().end());
  std::sort(ra.begin(), ra.end());
  std::sort(rb.begin(), rb.end());
  return ra == rb;
}

}  // namespace

namespace internal {

// References a person makes must exist, and the email must be free.
absl::Status CheckPersonReferences(pqxx::transaction_base& txn,
                                   const directory::v1::Person& person) {
  if (!person.organization().empty() &&
      !GetDoc(txn, sql::kOrganizations.get, person.organization())) {
    return InvalidField("person.organization",
                        absl::StrCat(person.organization(), " does not exist"));
  }
  for (int i = 0; i < person.expertise_tracks_size(); ++i) {
    if (!GetDoc(txn, sql::kTracks.get, person.expertise_tracks(i))) {
      return InvalidField(absl::StrCat("person.expertise_tracks[", i, "]"),
                          absl::StrCat(person.expertise_tracks(i), " does not exist"));
    }
  }
  const pqxx::result owner = txn.exec_prepared(sql::kFindPersonByEmail, person.email());
  if (!owner.empty() && owner[0][0].as<std::string>() != person.name()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "person.email: ", person.email(), " is already used by ", owner[0][0].as<std::string>()));
  }
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<v1::Organization> Directory::CreateOrganization(
    const CallContext& call, DbSession& db, const v1::CreateOrganizationRequest& req) const {
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.organization_id().empty()) {
    RETURN_IF_ERROR(ValidateResourceId("organization_id", req.organization_id()));
  }
  RETURN_IF_ERROR(ValidateOrganization(req.organization()));
  RETURN_IF_ERROR(RequireRole(call.principal, {v1::ROLE_ADMIN}, "creating an organization"));
  const std::string name = absl::StrCat(
      "organizations/", req.organization_id().empty() ? GenerateId() : req.organization_id());
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::Organization>(
        txn, sql::kSchema.RequestLog(), KeyFor(call, "CreateOrganization", req), [&] {
          return CreateDocResource(txn, sql::kOrganizations, name, req.organization(),
                                   Event(call, "directory.organization.created", req.request_id()));
        });
  });
}

absl::StatusOr<v1::Organization> Directory::GetOrganization(
    const CallContext& call, DbSession& db, const v1::GetOrganizationRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"organizations"}).status());
  return RunRead(db, call, [&](pqxx::transaction_base& txn) {
    return GetDocResource<v1::Organization>(txn, sql::kOrganizations, req.name());
  });
}

absl::StatusOr<v1::ListOrganizationsResponse> Directory::ListOrganizations(
    const CallContext& call, DbSession& db, const v1::ListOrganizationsRequest& req) const {
  if (!req.country_code().empty()) {
    RETURN_IF_ERROR(ValidateCountryCode("country_code", req.country_code()));
  }
  ASSIGN_OR_RETURN(const PageRequest page,
                   StartPage(req.page_size(), req.page_token(),
                             absl::StrCat("organizations|", req.country_code())));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListOrganizationsResponse> {
        std::vector<DocRow> rows = QueryDocRows(txn, sql::kListOrganizations, page.after,
                                                page.limit(), NullIfEmpty(req.country_code()));
        const std::string next = FinishPage(page, &rows, [](const DocRow& r) { return r.name; });
        v1::ListOrganizationsResponse resp;
        RETURN_IF_ERROR(internal::AppendAll<v1::Organization>(rows, resp.mutable_organizations()));
        resp.set_next_page_token(next);
        return resp;
      });
}

absl::StatusOr<v1::Organization> Directory::UpdateOrganization(
    const CallContext& call, DbSession& db, const v1::UpdateOrganizationRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("organization.name", req.organization().name(), {"organizations"})
          .status());
  RETURN_IF_ERROR(RequireRole(call.principal, {v1::ROLE_ADMIN}, "changing an organization"));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Organization> {
        ASSIGN_OR_RETURN(auto plan, PlanUpdate(txn, sql::kOrganizations, req.organization(),
                                               req.update_mask(), OrganizationMutableFields()));
        RETURN_IF_ERROR(ValidateOrganization(plan.after));
        return CommitUpdate(txn, sql::kOrganizations, plan,
                            Event(call, "directory.organization.updated"));
      });
}

absl::StatusOr<v1::Person> Directory::CreatePerson(const CallContext& call, DbSession& db,
                                                   const v1::CreatePersonRequest& req) const {
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.person_id().empty()) RETURN_IF_ERROR(ValidateResourceId("person_id", req.person_id()));
  RETURN_IF_ERROR(ValidatePerson(req.person()));
  RETURN_IF_ERROR(RequireRole(call.principal, {v1::ROLE_ADMIN}, "creating a person"));
  const std::string name =
      absl::StrCat("people/", req.person_id().empty() ? GenerateId() : req.person_id());
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::Person>(txn, sql::kSchema.RequestLog(), KeyFor(call, "CreatePerson", req),
                                  [&]() -> absl::StatusOr<v1::Person> {
                                    v1::Person person = req.person();
                                    person.set_name(name);
                                    person.set_state(v1::Person::STATE_ACTIVE);
                                    RETURN_IF_ERROR(CheckPersonReferences(txn, person));
                                    return CreateDocResource(
                                        txn, sql::kPeople, name, person,
                                        Event(call, "directory.person.created", req.request_id()));
                                  });
  });
}

absl::StatusOr<v1::Person> Directory::GetPerson(const CallContext& call, DbSession& db,
                                                const v1::GetPersonRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"people"}).status());
  return RunRead(db, call, [&](pqxx::transaction_base& txn) {
    return GetDocResource<v1::Person>(txn, sql::kPeople, req.name());
  });
}

absl::StatusOr<v1::ListPeopleResponse> Directory::ListPeople(
    const CallContext& call, DbSession& db, const v1::ListPeopleRequest& req) const {
  if (!req.organization().empty()) {
    RETURN_IF_ERROR(
        ParseResourceName("organization", req.organization(), {"organizations"}).status());
  }
  if (!req.expertise_track().empty()) {
    RETURN_IF_ERROR(
        ParseResourceName("expertise_track", req.expertise_track(), {"summits", "tracks"})
            .status());
  }
  if (!req.country_code().empty()) {
    RETURN_IF_ERROR(ValidateCountryCode("country_code", req.country_code()));
  }
  if (!v1::Role_IsValid(req.role())) return InvalidField("role", "is not a known role");
  const std::string role = req.role() == v1::ROLE_UNSPECIFIED ? "" : v1::Role_Name(req.role());
  ASSIGN_OR_RETURN(const PageRequest page,
                   StartPage(req.page_size(), req.page_token(),
                             absl::StrCat("people|", req.organization(), "|", role, "|",
                                          req.expertise_track(), "|", req.country_code())));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListPeopleResponse> {
        std::vector<DocRow> rows = QueryDocRows(
            txn, sql::kListPeople, page.after, page.limit(), NullIfEmpty(req.organization()),
            NullIfEmpty(role), NullIfEmpty(req.expertise_track()), NullIfEmpty(req.country_code()));
        const std::string next = FinishPage(page, &rows, [](const DocRow& r) { return r.name; });
        v1::ListPeopleResponse resp;
        RETURN_IF_ERROR(internal::AppendAll<v1::Person>(rows, resp.mutable_people()));
        resp.set_next_page_token(next);
        return resp;
      });
}

absl::StatusOr<v1::Person> Directory::UpdatePerson(const CallContext& call, DbSession& db,
                                                   const v1::UpdatePersonRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("person.name", req.person().name(), {"people"}).status());
  const bool admin = call.principal.Has(v1::ROLE_ADMIN);
  if (!admin && call.principal.subject != req.person().name()) {
    return absl::PermissionDeniedError("changing another person needs the admin role");
  }
  // Without the admin role a person edits only their own profile fields.
  const std::vector<std::string>& fields =
      admin ? PersonMutableFields() : PersonSelfServiceFields();
  std::vector<std::pair<std::string, std::string>> revoked;  // (credential, token id)
  absl::StatusOr<v1::Person> updated =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Person> {
        revoked.clear();
        ASSIGN_OR_RETURN(auto plan,
                         PlanUpdate(txn, sql::kPeople, req.person(), req.update_mask(), fields));
        RETURN_IF_ERROR(ValidatePerson(plan.after));
        RETURN_IF_ERROR(CheckPersonReferences(txn, plan.after));
        if (!SameRoles(plan.before, plan.after)) {
          // Tokens carry roles: tokens issued under the old roles must go.
          for (const pqxx::row& r :
               txn.exec_prepared(sql::kRevokePersonCredentials, plan.before.name())) {
            revoked.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
            AppendEvent(txn, sql::kSchema.insert_event,
                        {.actor = call.principal.subject,
                         .type = "directory.credential.revoked",
                         .resource = revoked.back().first,
                         .before_json = "",
                         .after_json = R"({"reason":"roles changed"})",
                         .request_id = ""});
          }
        }
        return CommitUpdate(txn, sql::kPeople, plan, Event(call, "directory.person.updated"));
      });
  if (updated.ok()) {
    for (const auto& [credential, token_id] : revoked) deps_.revoked->Add(token_id);
  }
  return updated;
}

}  // namespace summit::directory
