// summitctl org ... and summitctl person ...
#include <algorithm>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace dv1 = directory::v1;

dv1::Role ParseRole(const std::string& text) {
  dv1::Role role;
  if (!dv1::Role_Parse("ROLE_" + absl::AsciiStrToUpper(text), &role) ||
      role == dv1::ROLE_UNSPECIFIED) {
    throw CommandError(
        "--roles: expected expert, coordinator, admin or observer, got \"" + text + "\"", 2);
  }
  return role;
}

std::string RoleNames(const dv1::Person& p) {
  std::vector<std::string> names;
  for (int r : p.roles()) names.push_back(EnumLabel(static_cast<dv1::Role>(r)));
  return absl::StrJoin(names, ", ");
}

dv1::Organization::Kind ParseKind(const std::string& text) {
  dv1::Organization::Kind kind;
  if (!dv1::Organization::Kind_Parse("KIND_" + absl::AsciiStrToUpper(text), &kind) ||
      kind == dv1::Organization::KIND_UNSPECIFIED) {
    throw CommandError("--kind: expected think_tank, ministry, university, embassy or other", 2);
  }
  return kind;
}

std::string KindName(dv1::Organization::Kind k) {
  return k == dv1::Organization::KIND_UNSPECIFIED ? "" : EnumLabel(k);
}

void PrintOrganization(Session& s, const dv1::Organization& o) {
  PrintResource(s, o,
                {{"name", o.name()},
                 {"title", o.display_name()},
                 {"short name", o.short_name()},
                 {"kind", KindName(o.kind())},
                 {"country", o.country_code()},
                 {"website", o.website()},
                 {"etag", o.etag()}});
}

// "07:00–12:00, weekdays 1,2,3,4,5; off 2025-11-12"; empty when unset.
std::string WorkingWeek(const dv1::WorkingHours& w) {
  if (w.start().empty() && w.end().empty() && w.weekdays().empty() && w.days_off().empty()) {
    return "";
  }
  std::string out = absl::StrCat(w.start().empty() ? "09:00" : w.start(), "–",
                                 w.end().empty() ? "18:00" : w.end(), ", weekdays ",
                                 w.weekdays().empty() ? "1-5" : absl::StrJoin(w.weekdays(), ","));
  if (!w.days_off().empty()) absl::StrAppend(&out, "; off ", absl::StrJoin(w.days_off(), ", "));
  return out;
}

void PrintPerson(Session& s, const dv1::Person& p) {
  std::string alternates;
  for (const auto& n : p.alternate_names()) {
    absl::StrAppend(&alternates, alternates.empty() ? "" : "; ", n.language(), ": ", n.text());
  }
  PrintResource(s, p,
                {{"name", p.name()},
                 {"display name", p.display_name()},
                 {"also written", alternates},
                 {"email", p.email()},
                 {"organization", p.organization()},
                 {"roles", RoleNames(p)},
                 {"languages", Join(p.languages())},
                 {"expertise", Join(p.expertise_tracks())},
                 {"time zone", p.time_zone()},
                 {"works", WorkingWeek(p.working_hours())},
                 {"state", p.state() == dv1::Person::STATE_DEACTIVATED ? "deactivated" : "active"},
                 {"etag", p.etag()}});
}

struct OrgFlags {
  std::string title, short_name, kind, country, website;
  std::vector<CLI::Option*> options;
  void Add(CLI::App* cmd) {
    options = {cmd->add_option("--title", title, "Full name"),
               cmd->add_option("--short-name", short_name, "e.g. KISI"),
               cmd->add_option("--kind", kind, "think_tank, ministry, university, embassy, other"),
               cmd->add_option("--country", country, "ISO 3166-1 alpha-2, e.g. KZ"),
               cmd->add_option("--website", website, "https://...")};
  }
  std::vector<std::string> Fill(dv1::Organization* o) const {
    static const char* kPaths[] = {"display_name", "short_name", "kind", "country_code", "website"};
    std::vector<std::string> paths;
    for (size_t i = 0; i < options.size(); ++i) {
      if (options[i]->count() > 0) paths.push_back(kPaths[i]);
    }
    o->set_display_name(title);
    o->set_short_name(short_name);
    if (!kind.empty()) o->set_kind(ParseKind(kind));
    o->set_country_code(country);
    o->set_website(website);
    return paths;
  }
};

struct PersonFlags {
  std::string display_name, email, organization, roles, languages, tracks, tz;
  std::string hours, workdays, days_off;
  std::vector<std::string> alternates;
  std::vector<CLI::Option*> options, week;
  void Add(CLI::App* cmd) {
    // The working week is one field: any of these flags sets it whole.
    week = {cmd->add_option("--working-hours", hours, "HH:MM-HH:MM in the person's zone"),
            cmd->add_option("--workdays", workdays, "Comma-separated ISO weekdays, 1 = Monday"),
            cmd->add_option("--days-off", days_off, "Comma-separated dates off, YYYY-MM-DD")};
    options = {
        cmd->add_option("--display-name", display_name, "Name in any script"),
        cmd->add_option("--also-written", alternates, "LANG=NAME in another script (repeatable)"),
        cmd->add_option("--email", email, "Email address"),
        cmd->add_option("--org", organization, "organizations/{id}"),
        cmd->add_option("--roles", roles, "Comma-separated: expert, coordinator, admin, observer"),
        cmd->add_option("--languages", languages, "Comma-separated BCP 47 tags"),
        cmd->add_option("--tracks", tracks, "Comma-separated expertise tracks"),
        cmd->add_option("--time-zone", tz, "IANA zone, e.g. Asia/Almaty")};
  }
  std::vector<std::string> Fill(dv1::Person* p) const {
    static const char* kPaths[] = {"display_name",     "alternate_names", "email",
                                   "organization",     "roles",           "languages",
                                   "expertise_tracks", "time_zone"};
    std::vector<std::string> paths;
    for (size_t i = 0; i < options.size(); ++i) {
      if (options[i]->count() > 0) paths.push_back(kPaths[i]);
    }
    p->set_display_name(display_name);
    for (const std::string& entry : alternates) {
      const size_t eq = entry.find('=');
      if (eq == std::string::npos) throw CommandError("--also-written: expected LANG=NAME", 2);
      auto* n = p->add_alternate_names();
      n->set_language(entry.substr(0, eq));
      n->set_text(entry.substr(eq + 1));
    }
    p->set_email(email);
    p->set_organization(organization);
    for (const std::string& r : SplitList(roles)) p->add_roles(ParseRole(r));
    for (const std::string& l : SplitList(languages)) p->add_languages(l);
    for (const std::string& t : SplitList(tracks)) p->add_expertise_tracks(t);
    p->set_time_zone(tz);
    if (std::any_of(week.begin(), week.end(), [](CLI::Option* o) { return o->count() > 0; })) {
      paths.push_back("working_hours");
      dv1::WorkingHours* w = p->mutable_working_hours();
      if (!hours.empty()) {
        const size_t dash = hours.find('-');
        if (dash == std::string::npos)
          throw CommandError("--working-hours: expected HH:MM-HH:MM", 2);
        w->set_start(hours.substr(0, dash));
        w->set_end(hours.substr(dash + 1));
      }
      for (const std::string& d : SplitList(workdays)) {
        if (d.size() != 1 || d[0] < '1' || d[0] > '7') {
          throw CommandError("--workdays: expected numbers from 1 (Monday) to 7", 2);
        }
        w->add_weekdays(d[0] - '0');
      }
      for (const std::string& d : SplitList(days_off)) w->add_days_off(d);
    }
    return paths;
  }
};

}  // namespace

void AddPeopleCommands(CLI::App& app, Session& session) {
  CLI::App* org = app.add_subcommand("org", "Organisations: think tanks, ministries, universities");
  org->require_subcommand(1);

  auto* create = org->add_subcommand("create", "Create an organisation (admin)");
  static std::string create_id;
  static OrgFlags create_flags;
  create->add_option("id", create_id, "Organisation id, e.g. kisi");
  create_flags.Add(create);
  create->callback([&session] {
    dv1::CreateOrganizationRequest req;
    req.set_organization_id(create_id);
    create_flags.Fill(req.mutable_organization());
    req.set_request_id(NewRequestId());
    dv1::Organization out;
    session.Check(
        session.Directory()->CreateOrganization(session.connection().Context().get(), req, &out));
    PrintOrganization(session, out);
  });

  auto* get = org->add_subcommand("get", "Show an organisation");
  static std::string get_name;
  get->add_option("name", get_name, "organizations/{id}")->required();
  get->callback([&session] {
    dv1::GetOrganizationRequest req;
    req.set_name(get_name);
    dv1::Organization out;
    session.Check(
        session.Directory()->GetOrganization(session.connection().Context().get(), req, &out));
    PrintOrganization(session, out);
  });

  auto* list = org->add_subcommand("list", "List organisations");
  static std::string list_country;
  static PageFlags list_pages;
  list->add_option("--country", list_country, "Only this ISO 3166-1 alpha-2 country");
  AddPageFlags(list, &list_pages);
  list->callback([&session] {
    auto stub = session.Directory();
    dv1::ListOrganizationsRequest req;
    req.set_country_code(list_country);
    const auto resp = FetchPages<dv1::ListOrganizationsRequest, dv1::ListOrganizationsResponse>(
        session, req, list_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListOrganizations(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"NAME", "SHORT", "TITLE", "KIND", "COUNTRY"});
    for (const auto& o : resp.organizations()) {
      t.AddRow({o.name(), o.short_name(), o.display_name(), KindName(o.kind()), o.country_code()});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* update = org->add_subcommand("update", "Change fields of an organisation (admin)");
  static std::string update_name, update_etag;
  static OrgFlags update_flags;
  update->add_option("name", update_name, "organizations/{id}")->required();
  update->add_option("--etag", update_etag, "Refuse if it changed since this etag");
  update_flags.Add(update);
  update->callback([&session] {
    dv1::UpdateOrganizationRequest req;
    PrepareUpdate(update_flags.Fill(req.mutable_organization()), update_name, update_etag,
                  req.mutable_organization(), req.mutable_update_mask());
    dv1::Organization out;
    session.Check(
        session.Directory()->UpdateOrganization(session.connection().Context().get(), req, &out));
    PrintOrganization(session, out);
  });

  CLI::App* person =
      app.add_subcommand("person", "People: experts, coordinators, admins, observers");
  person->require_subcommand(1);

  auto* pcreate = person->add_subcommand("create", "Create a person (admin)");
  static std::string pcreate_id;
  static PersonFlags pcreate_flags;
  pcreate->add_option("id", pcreate_id, "Person id, e.g. aigerim-n");
  pcreate_flags.Add(pcreate);
  pcreate->callback([&session] {
    dv1::CreatePersonRequest req;
    req.set_person_id(pcreate_id);
    pcreate_flags.Fill(req.mutable_person());
    req.set_request_id(NewRequestId());
    dv1::Person out;
    session.Check(
        session.Directory()->CreatePerson(session.connection().Context().get(), req, &out));
    PrintPerson(session, out);
  });

  auto* pget = person->add_subcommand("get", "Show a person");
  static std::string pget_name;
  pget->add_option("name", pget_name, "people/{id}")->required();
  pget->callback([&session] {
    dv1::GetPersonRequest req;
    req.set_name(pget_name);
    dv1::Person out;
    session.Check(session.Directory()->GetPerson(session.connection().Context().get(), req, &out));
    PrintPerson(session, out);
  });

  auto* plist = person->add_subcommand("list", "List people");
  static std::string f_org, f_role, f_track, f_country;
  static PageFlags plist_pages;
  plist->add_option("--org", f_org, "organizations/{id}");
  plist->add_option("--role", f_role, "expert, coordinator, admin or observer");
  plist->add_option("--track", f_track, "summits/{id}/tracks/{id}");
  plist->add_option("--country", f_country, "Country of the person's organisation");
  AddPageFlags(plist, &plist_pages);
  plist->callback([&session] {
    auto stub = session.Directory();
    dv1::ListPeopleRequest req;
    req.set_organization(f_org);
    if (!f_role.empty()) req.set_role(ParseRole(f_role));
    req.set_expertise_track(f_track);
    req.set_country_code(f_country);
    const auto resp = FetchPages<dv1::ListPeopleRequest, dv1::ListPeopleResponse>(
        session, req, plist_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListPeople(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"NAME", "DISPLAY NAME", "EMAIL", "ORGANIZATION", "ROLES"});
    for (const auto& p : resp.people()) {
      t.AddRow({p.name(), p.display_name(), p.email(), p.organization(), RoleNames(p)});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* pupdate =
      person->add_subcommand("update", "Change fields of a person (admin, or yourself)");
  static std::string pupdate_name, pupdate_etag;
  static PersonFlags pupdate_flags;
  pupdate->add_option("name", pupdate_name, "people/{id}")->required();
  pupdate->add_option("--etag", pupdate_etag, "Refuse if it changed since this etag");
  pupdate_flags.Add(pupdate);
  pupdate->callback([&session] {
    dv1::UpdatePersonRequest req;
    PrepareUpdate(pupdate_flags.Fill(req.mutable_person()), pupdate_name, pupdate_etag,
                  req.mutable_person(), req.mutable_update_mask());
    dv1::Person out;
    session.Check(
        session.Directory()->UpdatePerson(session.connection().Context().get(), req, &out));
    PrintPerson(session, out);
  });

  auto* pdeactivate = person->add_subcommand(
      "deactivate", "Revoke every credential of a person and refuse their sign-in (admin)");
  static std::string pdeactivate_name, pdeactivate_reason;
  pdeactivate->add_option("name", pdeactivate_name, "people/{id}")->required();
  pdeactivate->add_option("--reason", pdeactivate_reason, "Why, kept in the audit event");
  pdeactivate->callback([&session] {
    dv1::DeactivatePersonRequest req;
    req.set_name(pdeactivate_name);
    req.set_reason(pdeactivate_reason);
    dv1::Person out;
    session.Check(
        session.Directory()->DeactivatePerson(session.connection().Context().get(), req, &out));
    PrintPerson(session, out);
  });

  auto* preactivate = person->add_subcommand(
      "reactivate", "Let a deactivated person sign in again (admin; old tokens stay revoked)");
  static std::string preactivate_name;
  preactivate->add_option("name", preactivate_name, "people/{id}")->required();
  preactivate->callback([&session] {
    dv1::ReactivatePersonRequest req;
    req.set_name(preactivate_name);
    dv1::Person out;
    session.Check(
        session.Directory()->ReactivatePerson(session.connection().Context().get(), req, &out));
    PrintPerson(session, out);
  });

  auto* import = app.add_subcommand(
      "import", "Create organisations and people from CSV, all or nothing (admins)");
  static std::string i_orgs, i_people;
  static bool i_dry_run = false;
  import->add_option("--orgs", i_orgs,
                     "CSV: id,display_name,kind,country_code[,short_name,website]");
  import->add_option("--people", i_people,
                     "CSV: id,display_name,email[,organization,roles,languages,time_zone]");
  import->add_flag("--dry-run", i_dry_run, "List every bad row and why; write nothing");
  import->callback([&session] {
    if (i_orgs.empty() && i_people.empty()) {
      throw CommandError("give --orgs, --people or both", 2);
}
directory::v1::ImportDirectoryRequest req;
if (!i_orgs.empty()) req.set_organizations_csv(ReadTextFile("--orgs", i_orgs));
if (!i_people.empty()) req.set_people_csv(ReadTextFile("--people", i_people));
req.set_dry_run(i_dry_run);
req.set_request_id(NewRequestId());
directory::v1::ImportDirectoryResponse out;
session.Check(session.Directory()->ImportDirectory(session.connection().Context().get(), req,
                                                   &out));
if (session.json()) return PrintJson(out);
if (!out.problems().empty()) {
  Table t({"FILE", "LINE", "COLUMN", "PROBLEM"});
  for (const auto& p : out.problems()) {
    t.AddRow({p.file() == "people_csv" ? i_people : i_orgs, std::to_string(p.line()), p.column(),
              p.message()});
  }
  t.Print(std::cout);
  std::cout << out.problems_size() << " bad row(s): nothing would be imported\n";
  throw CommandError("", 2);
}
std::cout << (out.applied() ? "Imported " : "Would import ") << out.organizations()
          << " organisation(s) and " << out.people() << " person(s)\n";
}  // namespace summit::ctl
);
}

}  // namespace summit::ctl
