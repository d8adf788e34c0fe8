// summitctl login, whoami, token issue|list|revoke
#include <google/protobuf/util/time_util.h>

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace dv1 = directory::v1;

void PrintCredential(Session& s, const dv1::Credential& c) {
  PrintResource(s, c,
                {{"name", c.name()},
                 {"label", c.display_name()},
                 {"created", FormatTime(c.create_time())},
                 {"expires", FormatTime(c.expire_time())},
                 {"revoked", FormatTime(c.revoke_time())},
                 {"issued by", c.creator()},
                 {"token", c.token()}});
}

}  // namespace

void AddAccessCommands(CLI::App& app, Session& session) {
  auto* login = app.add_subcommand(
      "login", "Check a token against the server and keep it in the credentials file");
  static std::string login_token;
  login->add_option("--token", login_token, "The bearer token an admin gave you")
      ->required()
      ->envname("SUMMIT_TOKEN");
  login->callback([&session] {
    session.options().token = login_token;
    dv1::WhoAmIResponse who;
    session.Check(session.Directory()->WhoAmI(session.connection().Context().get(), {}, &who));
    const std::string path = session.connection().options().credentials_file;
    if (!WriteCredentialsFile(path, {session.connection().options().server, login_token})) {
      throw CommandError("cannot write " + path, 1);
    }
    std::cout << "Signed in as " << who.subject() << "; token saved in " << path << "\n";
  });

  auto* whoami = app.add_subcommand("whoami", "Who the server thinks you are");
  whoami->callback([&session] {
    dv1::WhoAmIResponse who;
    session.Check(session.Directory()->WhoAmI(session.connection().Context().get(), {}, &who));
    std::vector<std::string> roles;
    for (int r : who.roles()) roles.push_back(EnumLabel(static_cast<dv1::Role>(r)));
    PrintResource(session, who,
                  {{"subject", who.subject()},
                   {"display name", who.person().display_name()},
                   {"organization", who.person().organization()},
                   {"roles", absl::StrJoin(roles, ", ")},
                   {"credential", who.credential()}});
  });

  CLI::App* token = app.add_subcommand("token", "Bearer tokens of people");
  token->require_subcommand(1);

  auto* issue = token->add_subcommand("issue", "Issue a token (admin, or for yourself)");
  static std::string issue_person, issue_label;
  static int issue_days = 30;
  issue->add_option("person", issue_person, "people/{id}")->required();
  issue->add_option("--label", issue_label, "What it is for, e.g. laptop");
  issue->add_option("--ttl-days", issue_days, "Lifetime in days (1-365)")->capture_default_str();
  issue->callback([&session] {
    dv1::CreateCredentialRequest req;
    req.set_parent(issue_person);
    req.mutable_credential()->set_display_name(issue_label);
    *req.mutable_ttl() =
        google::protobuf::util::TimeUtil::SecondsToDuration(int64_t{issue_days} * 86400);
    req.set_request_id(NewRequestId());
    dv1::Credential out;
    session.Check(
        session.Directory()->CreateCredential(session.connection().Context().get(), req, &out));
    PrintCredential(session, out);
    if (!session.json()) std::cerr << "(the token is shown once; hand it over privately)\n";
  });

  auto* list = token->add_subcommand("list", "List a person's tokens (admin, or your own)");
  static std::string list_person;
  static PageFlags list_pages;
  list->add_option("person", list_person, "people/{id}")->required();
  AddPageFlags(list, &list_pages);
  list->callback([&session] {
    auto stub = session.Directory();
    dv1::ListCredentialsRequest req;
    req.set_parent(list_person);
    const auto resp = FetchPages<dv1::ListCredentialsRequest, dv1::ListCredentialsResponse>(
        session, req, list_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListCredentials(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"NAME", "KIND", "LABEL", "CREATED", "LAST USED", "EXPIRES", "REVOKED"});
    for (const auto& c : resp.credentials()) {
      const char* kind =
          c.kind() == dv1::Credential::KIND_WEB_SESSION ? "web session" : "api token";
      t.AddRow({c.name(), kind, c.display_name(), FormatTime(c.create_time()),
                FormatTime(c.last_use_time()), FormatTime(c.expire_time()),
                FormatTime(c.revoke_time())});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* revoke = token->add_subcommand("revoke", "Revoke a token (admin, or your own)");
  static std::string revoke_name;
  revoke->add_option("credential", revoke_name, "people/{id}/credentials/{id}")->required();
  revoke->callback([&session] {
    dv1::RevokeCredentialRequest req;
    req.set_name(revoke_name);
    dv1::Credential out;
    session.Check(
        session.Directory()->RevokeCredential(session.connection().Context().get(), req, &out));
    PrintCredential(session, out);
  });
}

}  // namespace summit::ctl
