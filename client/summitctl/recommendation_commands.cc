// summitctl rec ...: write, revise, compare, submit and find recommendations.
#include <unistd.h>

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace rv1 = recommendations::v1;
using Rec = rv1::Recommendation;

std::string StateName(Rec::State s) { return s == Rec::STATE_UNSPECIFIED ? "" : EnumLabel(s); }

Rec::State ParseState(const std::string& text) {
  Rec::State s;
  if (!Rec::State_Parse("STATE_" + absl::AsciiStrToUpper(text), &s) ||
      s == Rec::STATE_UNSPECIFIED) {
    throw CommandError(
        "--state: expected draft, submitted, in_review, changes_requested, "
        "approved, rejected, adopted or withdrawn",
        2);
  }
  return s;
}

Rec::Priority ParsePriority(const std::string& text) {
  Rec::Priority p;
  if (!Rec::Priority_Parse("PRIORITY_" + absl::AsciiStrToUpper(text), &p) ||
      p == Rec::PRIORITY_UNSPECIFIED) {
    throw CommandError("--priority: expected low, normal or high", 2);
  }
  return p;
}

void PrintRecommendation(Session& s, const Rec& r) {
  PrintResource(s, r,
                {{"name", r.name()},
                 {"number", r.number()},
                 {"title", r.title()},
                 {"state", StateName(r.state())},
                 {"priority", EnumLabel(r.priority())},
                 {"track", r.track()},
                 {"owner", r.owner_organization()},
                 {"country", r.owner_country()},
                 {"authors", s.People(r.authors())},
                 {"version", absl::StrCat(r.current_version())},
                 {"summary", r.summary()},
                 {"submitted", FormatTime(r.submit_time())},
                 {"updated", FormatTime(r.update_time())},
                 {"etag", r.etag()}});
}

// Colours a unified diff for a terminal: removed red, added green, hunks cyan.
std::string Colour(const std::string& diff) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(diff, '\n', absl::SkipEmpty())) {
    const char* colour = absl::StartsWith(line, "---") || absl::StartsWith(line, "+++") ? "\033[1m"
                         : absl::StartsWith(line, "@@")                                 ? "\033[36m"
                         : absl::StartsWith(line, "-")                                  ? "\033[31m"
                         : absl::StartsWith(line, "+")                                  ? "\033[32m"
                                                                                        : "";
    absl::StrAppend(&out, colour, line, *colour ? "\033[0m" : "", "\n");
  }
  return out;
}

// Flags for the text of a version.
struct TextFlags {
  std::string title, summary, body_file, language, note;
  void Add(CLI::App* cmd) {
    cmd->add_option("--title", title, "Title");
    cmd->add_option("--summary", summary, "Short abstract for the briefing package");
    cmd->add_option("--body-file", body_file, "Markdown body; - reads standard input");
    cmd->add_option("--language", language, "BCP 47 tag of the text: en, ru, kk, ko, uz...");
    cmd->add_option("--note", note, "What changed (for a new version)");
  }
};

}  // namespace

void AddRecommendationCommands(CLI::App& app, Session& session) {
  CLI::App* rec = app.add_subcommand("rec", "Recommendations: write, revise, diff, submit, search");
  rec->require_subcommand(1);

  auto* create = rec->add_subcommand("create", "Write a new recommendation (a draft)");
  static std::string c_summit, c_track, c_id, c_priority;
  static std::vector<std::string> c_coauthors;
  static TextFlags c_text;
  create->add_option("summit", c_summit, "summits/{id}")->required();
  create->add_option("--track", c_track, "summits/{id}/tracks/{id}")->required();
  create->add_option("--id", c_id, "Recommendation id (default rec-<number>)");
  create->add_option("--co-author", c_coauthors, "people/{id} (repeatable)");
  create->add_option("--priority", c_priority, "low, normal or high");
  c_text.Add(create);
  create->callback([&session] {
    rv1::CreateRecommendationRequest req;
    req.set_parent(c_summit);
    req.set_recommendation_id(c_id);
    req.mutable_recommendation()->set_track(c_track);
    for (const auto& a : c_coauthors) req.mutable_recommendation()->add_authors(a);
    if (!c_priority.empty()) req.mutable_recommendation()->set_priority(ParsePriority(c_priority));
    rv1::RecommendationVersion* v = req.mutable_first_version();
    v->set_title(c_text.title);
    v->set_summary(c_text.summary);
    if (!c_text.body_file.empty()) v->set_body(ReadTextFile("--body-file", c_text.body_file));
    v->set_language(c_text.language.empty() ? "en" : c_text.language);
    v->set_change_note(c_text.note);
    req.set_request_id(NewRequestId());
    Rec out;
    session.Check(session.Recommendations()->CreateRecommendation(
        session.connection().Context().get(), req, &out));
    PrintRecommendation(session, out);
  });

  auto* revise = rec->add_subcommand("revise", "Add a new version; unspecified fields are kept");
  static std::string r_name, r_etag;
  static TextFlags r_text;
  revise->add_option("name", r_name, "summits/{id}/recommendations/{id}")->required();
  revise->add_option("--etag", r_etag, "Refuse if the recommendation changed since this etag");
  r_text.Add(revise);
  revise->callback([&session] {
    auto stub = session.Recommendations();
    rv1::GetRecommendationRequest get;
    get.set_name(r_name);
    Rec current;
    session.Check(stub->GetRecommendation(session.connection().Context().get(), get, &current));
    rv1::GetVersionRequest gv;
    gv.set_name(absl::StrCat(r_name, "/versions/", current.current_version()));
    rv1::RecommendationVersion base;
    session.Check(stub->GetVersion(session.connection().Context().get(), gv, &base));
    rv1::CreateVersionRequest req;
    req.set_parent(r_name);
    req.set_etag(r_etag);
    rv1::RecommendationVersion* v = req.mutable_version();
    v->set_title(r_text.title.empty() ? base.title() : r_text.title);
    v->set_summary(r_text.summary.empty() ? base.summary() : r_text.summary);
    v->set_body(r_text.body_file.empty() ? base.body()
                                         : ReadTextFile("--body-file", r_text.body_file));
    v->set_language(r_text.language.empty() ? base.language() : r_text.language);
    v->set_change_note(r_text.note);
    req.set_request_id(NewRequestId());
    rv1::RecommendationVersion out;
    session.Check(stub->CreateVersion(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"title", out.title()},
                   {"language", out.language()},
                   {"note", out.change_note()},
                   {"author", out.author()},
                   {"created", FormatTime(out.create_time())}});
  });

  auto* diff = rec->add_subcommand("diff", "Compare two versions line by line");
  static std::string d_name;
  static int d_from = 0, d_to = 0;
  static bool d_no_colour = false;
  diff->add_option("name", d_name, "summits/{id}/recommendations/{id}")->required();
  diff->add_option("--from", d_from, "Older version (default: the one before --to)");
  diff->add_option("--to", d_to, "Newer version (default: the current one)");
  diff->add_flag("--no-color", d_no_colour, "Plain text even in a terminal");
  diff->callback([&session] {
    auto stub = session.Recommendations();
    rv1::DiffVersionsRequest req;
    req.set_name(d_name);
    int to = d_to;
    if (to == 0) {
      rv1::GetRecommendationRequest get;
      get.set_name(d_name);
      Rec current;
      session.Check(stub->GetRecommendation(session.connection().Context().get(), get, &current));
      to = current.current_version();
    }
    req.set_to_version(to);
    req.set_from_version(d_from == 0 ? std::max(1, to - 1) : d_from);
    rv1::DiffVersionsResponse out;
    session.Check(stub->DiffVersions(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    const bool colour = !d_no_colour && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    bool any = false;
    for (const auto& d : out.diffs()) {
      if (!d.changed()) continue;
      any = true;
      std::cout << (colour ? Colour(d.unified_diff()) : d.unified_diff());
    }
    if (!any)
      std::cout << "versions " << req.from_version() << " and " << req.to_version()
                << " have the same title, summary and body\n";
  });

  auto* show = rec->add_subcommand("show", "Show a recommendation and the text of a version");
  static std::string s_name;
  static int s_version = 0;
  show->add_option("name", s_name, "summits/{id}/recommendations/{id}")->required();
  show->add_option("--version", s_version, "Version to show (default: current)");
  show->callback([&session] {
    auto stub = session.Recommendations();
    rv1::GetRecommendationRequest get;
    get.set_name(s_name);
    Rec r;
    session.Check(stub->GetRecommendation(session.connection().Context().get(), get, &r));
    rv1::GetVersionRequest gv;
    gv.set_name(absl::StrCat(s_name, "/versions/", s_version ? s_version : r.current_version()));
    rv1::RecommendationVersion v;
    session.Check(stub->GetVersion(session.connection().Context().get(), gv, &v));
    if (session.json()) return PrintJsonObject({{"recommendation", &r}, {"version", &v}});
    PrintRecommendation(session, r);
    std::cout << "\n# " << v.title() << "  (version " << v.version_number() << ", " << v.language()
              << ", " << v.author() << ")\n\n"
              << v.summary() << "\n\n"
              << v.body();
    if (!absl::EndsWith(v.body(), "\n")) std::cout << "\n";
  });

  auto* versions = rec->add_subcommand("versions", "List the versions of a recommendation");
  static std::string v_name;
  static PageFlags v_pages;
  versions->add_option("name", v_name, "summits/{id}/recommendations/{id}")->required();
  AddPageFlags(versions, &v_pages);
  versions->callback([&session] {
    auto stub = session.Recommendations();
    rv1::ListVersionsRequest req;
    req.set_parent(v_name);
    const auto resp = FetchPages<rv1::ListVersionsRequest, rv1::ListVersionsResponse>(
        session, req, v_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListVersions(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"VERSION", "TITLE", "LANGUAGE", "AUTHOR", "CREATED", "NOTE"});
    for (const auto& v : resp.versions()) {
      t.AddRow({absl::StrCat(v.version_number()), v.title(), v.language(),
                session.Person(v.author()), FormatTime(v.create_time()), v.change_note()});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* list = rec->add_subcommand("list", "List and search the recommendations you may see");
  static std::string l_summit, l_track, l_state, l_org, l_author, l_country, l_query;
  static PageFlags l_pages;
  list->add_option("summit", l_summit, "summits/{id}")->required();
  list->add_option("--track", l_track, "summits/{id}/tracks/{id}");
  list->add_option("--state", l_state, "draft, submitted, in_review, ...");
  list->add_option("--org", l_org, "organizations/{id} owning it");
  list->add_option("--author", l_author, "people/{id} among the authors");
  list->add_option("--country", l_country, "Country of the owner organisation");
  list->add_option("--search", l_query, "Words or fragments in any language");
  AddPageFlags(list, &l_pages);
  list->callback([&session] {
    auto stub = session.Recommendations();
    rv1::ListRecommendationsRequest req;
    req.set_parent(l_summit);
    req.set_track(l_track);
    if (!l_state.empty()) req.set_state(ParseState(l_state));
    req.set_organization(l_org);
    req.set_author(l_author);
    req.set_country_code(l_country);
    req.set_query(l_query);
    const auto resp = FetchPages<rv1::ListRecommendationsRequest, rv1::ListRecommendationsResponse>(
        session, req, l_pages, [&](auto* ctx, const auto& r, auto* out) {
          return stub->ListRecommendations(ctx, r, out);
        });
    if (session.json()) return PrintJson(resp);
    Table t({"NUMBER", "STATE", "TITLE", "TRACK", "OWNER", "VERSION", "NAME"});
    for (const auto& r : resp.recommendations()) {
      t.AddRow({r.number(), StateName(r.state()), r.title(),
                r.track().substr(r.track().rfind('/') + 1), r.owner_organization(),
                absl::StrCat(r.current_version()), r.name()});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* submit = rec->add_subcommand("submit", "Submit for review (an author)");
  static std::string sub_name, sub_etag;
  submit->add_option("name", sub_name, "summits/{id}/recommendations/{id}")->required();
  submit->add_option("--etag", sub_etag, "Refuse if it changed since this etag");
  submit->callback([&session] {
    rv1::SubmitRecommendationRequest req;
    req.set_name(sub_name);
    req.set_etag(sub_etag);
    req.set_request_id(NewRequestId());
    Rec out;
    session.Check(session.Recommendations()->SubmitRecommendation(
        session.connection().Context().get(), req, &out));
    PrintRecommendation(session, out);
  });

  auto* withdraw = rec->add_subcommand("withdraw", "Withdraw it (an author)");
  static std::string w_name, w_reason, w_etag;
  withdraw->add_option("name", w_name, "summits/{id}/recommendations/{id}")->required();
  withdraw->add_option("--reason", w_reason, "Why");
  withdraw->add_option("--etag", w_etag, "Refuse if it changed since this etag");
  withdraw->callback([&session] {
    rv1::WithdrawRecommendationRequest req;
    req.set_name(w_name);
    req.set_reason(w_reason);
    req.set_etag(w_etag);
    Rec out;
    session.Check(session.Recommendations()->WithdrawRecommendation(
        session.connection().Context().get(), req, &out));
    PrintRecommendation(session, out);
  });

  auto* translate = rec->add_subcommand("translate", "Set the text in another language");
  static std::string t_name, t_kind = "human_checked", t_etag;
  static TextFlags t_text;
  translate->add_option("name", t_name, "summits/{id}/recommendations/{id}")->required();
  translate->add_option("--kind", t_kind, "original, machine or human_checked")
      ->capture_default_str();
  translate->add_option("--etag", t_etag, "Refuse if the translation changed since this etag");
  t_text.Add(translate);
  translate->callback([&session] {
    rv1::SetTranslationRequest req;
    req.set_parent(t_name);
    req.set_etag(t_etag);
    rv1::Translation* t = req.mutable_translation();
    t->set_language(t_text.language);
    t->set_title(t_text.title);
    t->set_summary(t_text.summary);
    if (!t_text.body_file.empty()) t->set_body(ReadTextFile("--body-file", t_text.body_file));
    rv1::Translation::Kind kind;
    if (!rv1::Translation::Kind_Parse("KIND_" + absl::AsciiStrToUpper(t_kind), &kind)) {
      throw CommandError("--kind: expected original, machine or human_checked", 2);
    }
    t->set_kind(kind);
    rv1::Translation out;
    session.Check(
        session.Recommendations()->SetTranslation(session.connection().Context().get(), req, &out));
    PrintResource(session, out,
                  {{"name", out.name()},
                   {"title", out.title()},
                   {"kind", EnumLabel(out.kind())},
                   {"from version", absl::StrCat(out.source_version())},
                   {"stale", out.stale() ? "yes" : "no"},
                   {"etag", out.etag()}});
  });

  AddFileCommands(*rec, session);
  AddTraceCommands(*rec, session);
}

}  // namespace summit::ctl
