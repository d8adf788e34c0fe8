// Bulk import of organisations and people from CSV: every row checked by
// the same rules as CreateOrganization and CreatePerson, inside one
// transaction that commits only when no row is bad.
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/csv.h"
#include "services/common/idempotency.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/directory/directory.h"
#include "services/directory/directory_internal.h"
#include "services/directory/directory_rules.h"

namespace summit::directory {
namespace {

using Problem = v1::ImportDirectoryResponse::Problem;

constexpr size_t kMaxRows = 5000;
constexpr char kOrganizationsFile[] = "organizations_csv";
constexpr char kPeopleFile[] = "people_csv";

// A file's rows as column -> cell, after its header.
struct Table {
  std::vector<int> lines;
  std::vector<std::map<std::string, std::string>> rows;
};

absl::StatusOr<Table> ReadTable(const char* file, const std::string& text,
                                const std::vector<std::string>& required,
                                const std::vector<std::string>& optional) {
  Table table;
  if (text.empty()) return table;
  ASSIGN_OR_RETURN(const std::vector<CsvRecord> records, ParseCsv(file, text));
  if (records.empty()) return table;
  if (records.size() - 1 > kMaxRows) {
    return InvalidField(file, absl::StrCat("at most ", kMaxRows, " rows at a time"));
  }
  std::vector<std::string> header;
  for (const std::string& cell : records[0].cells) {
    header.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(cell)));
  }
  const std::set<std::string> known = [&] {
    std::set<std::string> k(required.begin(), required.end());
    k.insert(optional.begin(), optional.end());
    return k;
  }();
  for (const std::string& column : header) {
    if (!known.count(column)) {
      return InvalidField(file, absl::StrCat("line 1: unknown column \"", column,
                                             "\"; known: ", absl::StrJoin(required, ", "), ", ",
                                             absl::StrJoin(optional, ", ")));
    }
  }
  for (const std::string& column : required) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      return InvalidField(file, absl::StrCat("line 1: the column \"", column, "\" is missing"));
    }
  }
  for (size_t i = 1; i < records.size(); ++i) {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < header.size(); ++c) {
      row[header[c]] = c < records[i].cells.size()
                           ? std::string(absl::StripAsciiWhitespace(records[i].cells[c]))
                           : "";
    }
    table.lines.push_back(records[i].line);
    table.rows.push_back(std::move(row));
  }
  return table;
}

// "person.email: is not an email address" -> column "email", the rule.
Problem ProblemOf(const char* file, int line, const absl::Status& status,
                  absl::string_view fallback_column) {
  Problem p;
  p.set_file(file);
  p.set_line(line);
  absl::string_view message = status.message();
  const size_t colon = message.find(": ");
  absl::string_view field = colon == absl::string_view::npos ? "" : message.substr(0, colon);
  if (!field.empty() && field.find(' ') == absl::string_view::npos) {
    field = field.substr(field.find('.') == absl::string_view::npos ? 0 : field.find('.') + 1);
    p.set_column(std::string(field));
    p.set_message(std::string(message.substr(colon + 2)));
  } else {
    p.set_column(std::string(fallback_column));
    p.set_message(std::string(message));
  }
  return p;
}

// "think_tank" -> KIND_THINK_TANK; "expert;coordinator" -> roles.
template <typename Enum, typename Parse>
absl::StatusOr<Enum> Word(const std::string& column, const std::string& prefix,
                          const std::string& word, Parse parse) {
  Enum value;
  if (word.empty() || !parse(prefix + absl::AsciiStrToUpper(word), &value) ||
      static_cast<int>(value) == 0) {
    return InvalidField(column, absl::StrCat("\"", word, "\" is not a known value"));
  }
  return value;
}

std::vector<std::string> Items(const std::string& cell) {
  std::vector<std::string> out;
  for (absl::string_view item :
       absl::StrSplit(cell, absl::ByAnyChar(";|"), absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::ImportDirectoryResponse> Directory::ImportDirectory(
    const CallContext& call, DbSession& db, const v1::ImportDirectoryRequest& req) const {
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  RETURN_IF_ERROR(RequireRole(call.principal, {v1::ROLE_ADMIN}, "importing the directory"));
  ASSIGN_OR_RETURN(const Table orgs, ReadTable(kOrganizationsFile, req.organizations_csv(),
                                               {"id", "display_name", "kind", "country_code"},
                                               {"short_name", "website"}));
  ASSIGN_OR_RETURN(const Table people,
                   ReadTable(kPeopleFile, req.people_csv(), {"id", "display_name", "email"},
                             {"organization", "roles", "languages", "time_zone"}));
  if (orgs.rows.empty() && people.rows.empty()) {
    return InvalidField("organizations_csv", "give at least one row to import");
  }
  using Response = v1::ImportDirectoryResponse;
  Response resp;
  // Rolls the transaction back without losing what was found.
  const absl::Status kRollBack = absl::AbortedError("import rolled back");
  auto import_rows = [&](pqxx::transaction_base& txn) -> absl::StatusOr<Response> {
    resp.Clear();
    auto create = [&](const char* file, int line, absl::string_view id_column,
                      const absl::Status& status) {
      if (!status.ok()) *resp.add_problems() = ProblemOf(file, line, status, id_column);
    };
    for (size_t i = 0; i < orgs.rows.size(); ++i) {
      const auto& row = orgs.rows[i];
      const int line = orgs.lines[i];
      v1::Organization org;
      org.set_display_name(row.at("display_name"));
      org.set_country_code(row.at("country_code"));
      if (row.count("short_name")) org.set_short_name(row.at("short_name"));
      if (row.count("website")) org.set_website(row.at("website"));
      absl::Status status = ValidateResourceId("id", row.at("id"));
      if (status.ok()) {
        absl::StatusOr<v1::Organization::Kind> kind = Word<v1::Organization::Kind>(
            "kind", "KIND_", row.at("kind"), v1::Organization::Kind_Parse);
        status = kind.status();
        if (kind.ok()) org.set_kind(*kind);
      }
      if (status.ok()) status = ValidateOrganization(org);
      if (status.ok()) {
        status = CreateDocResource(
                     txn, sql::kOrganizations, absl::StrCat("organizations/", row.at("id")), org,
                     internal::Event(call, "directory.organization.created", req.request_id()))
                     .status();
      }
      create(kOrganizationsFile, line, "id", status);
    }
    for (size_t i = 0; i < people.rows.size(); ++i) {
      const auto& row = people.rows[i];
      const int line = people.lines[i];
      v1::Person person;
      person.set_name(absl::StrCat("people/", row.at("id")));
      person.set_display_name(row.at("display_name"));
      person.set_email(row.at("email"));
      person.set_state(v1::Person::STATE_ACTIVE);
      if (row.count("organization") && !row.at("organization").empty()) {
        const std::string& org = row.at("organization");
        person.set_organization(
            absl::StartsWith(org, "organizations/") ? org : absl::StrCat("organizations/", org));
      }
      if (row.count("time_zone")) person.set_time_zone(row.at("time_zone"));
      absl::Status status = ValidateResourceId("id", row.at("id"));
      for (const std::string& role :
           row.count("roles") ? Items(row.at("roles")) : std::vector<std::string>{}) {
        if (!status.ok()) break;
        absl::StatusOr<v1::Role> r = Word<v1::Role>("roles", "ROLE_", role, v1::Role_Parse);
        status = r.status();
        if (r.ok()) person.add_roles(*r);
      }
      for (const std::string& language :
           row.count("languages") ? Items(row.at("languages")) : std::vector<std::string>{}) {
        person.add_languages(language);
      }
      if (status.ok()) status = ValidatePerson(person);
      if (status.ok()) status = internal::CheckPersonReferences(txn, person);
      if (status.ok()) {
        status =
            CreateDocResource(txn, sql::kPeople, person.name(), person,
                              internal::Event(call, "directory.person.created", req.request_id()))
                .status();
      }
      create(kPeopleFile, line, "id", status);
    }
    resp.set_organizations(static_cast<int>(orgs.rows.size()));
    resp.set_people(static_cast<int>(people.rows.size()));
    if (req.dry_run() || resp.problems_size() > 0) return kRollBack;
    resp.set_applied(true);
    return resp;
  };
  absl::StatusOr<Response> done =
      req.dry_run() ? RunTransaction(db, call, import_rows)
                    : RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
                        return CreateOnce<Response>(txn, sql::kSchema.RequestLog(),
                                                    internal::KeyFor(call, "ImportDirectory", req),
                                                    [&] { return import_rows(txn); });
                      });
  if (done.ok()) return *done;  // applied (or the answer to the same request before)
  if (done.status() != kRollBack) return done.status();
  if (!req.dry_run() && resp.problems_size() > 0) {
    std::vector<std::string> lines;
    for (const Problem& p : resp.problems()) {
      if (lines.size() == 10) {
        lines.push_back(absl::StrCat("and ", resp.problems_size() - 10, " more (use a dry run)"));
        break;
      }
      lines.push_back(
          absl::StrCat(p.file(), " line ", p.line(), ": ", p.column(), ": ", p.message()));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("nothing was imported: ", absl::StrJoin(lines, "; ")));
  }
  if (!resp.applied()) {
    resp.set_organizations(resp.problems_size() ? 0 : resp.organizations());
    resp.set_people(resp.problems_size() ? 0 : resp.people());
  }
  return resp;
}

}  // namespace summit::directory
