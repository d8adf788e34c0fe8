// summitctl summit ... and summitctl track ...
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace dv1 = directory::v1;

void PrintSummits(Session& s, const dv1::ListSummitsResponse& resp) {
  if (s.json()) return PrintJson(resp);
  Table t({"NAME", "TITLE", "DATES", "PLACE", "TIME ZONE", "LANGUAGES"});
  for (const auto& m : resp.summits()) {
    t.AddRow({m.name(), m.display_name(), absl::StrCat(m.start_date(), " – ", m.end_date()),
              m.place(), m.time_zone(), Join(m.languages())});
  }
  t.Print(std::cout);
  PrintNextPage(s, resp.next_page_token());
}

void PrintSummit(Session& s, const dv1::Summit& m) {
  PrintResource(s, m,
                {{"name", m.name()},
                 {"title", m.display_name()},
                 {"dates", absl::StrCat(m.start_date(), " – ", m.end_date())},
                 {"place", m.place()},
                 {"time zone", m.time_zone()},
                 {"languages", Join(m.languages())},
                 {"submission deadline", FormatTime(m.submission_deadline())},
                 {"review deadline", FormatTime(m.review_deadline())},
                 {"package deadline", FormatTime(m.package_deadline())},
                 {"description", m.description()},
                 {"etag", m.etag()}});
}

std::string Titles(const dv1::Track& t) {
  std::string out;
  for (const auto& title : t.titles()) {
    absl::StrAppend(&out, out.empty() ? "" : "; ", title.language(), ": ", title.text());
  }
  return out;
}

void PrintTrack(Session& s, const dv1::Track& t) {
  PrintResource(s, t,
                {{"name", t.name()},
                 {"title", t.display_name()},
                 {"titles", Titles(t)},
                 {"lead coordinator", t.lead_coordinator()},
                 {"coordinators", Join(t.coordinators())},
                 {"order", absl::StrCat(t.order())},
                 {"description", t.description()},
                 {"etag", t.etag()}});
}

// Flags shared by create and update of a summit.
struct SummitFlags {
  std::string title, description, start, end, place, tz, languages;
  std::string submission_deadline, review_deadline, package_deadline;
  std::vector<CLI::Option*> options;

  void Add(CLI::App* cmd) {
    options = {cmd->add_option("--title", title, "Display name"),
               cmd->add_option("--description", description, "Description"),
               cmd->add_option("--start", start, "Start date YYYY-MM-DD"),
               cmd->add_option("--end", end, "End date YYYY-MM-DD"),
               cmd->add_option("--place", place, "City and venue"),
               cmd->add_option("--time-zone", tz, "IANA zone, e.g. Asia/Seoul"),
               cmd->add_option("--languages", languages, "Comma-separated BCP 47 tags"),
               cmd->add_option("--submission-deadline", submission_deadline, "RFC 3339 time"),
               cmd->add_option("--review-deadline", review_deadline, "RFC 3339 time"),
               cmd->add_option("--package-deadline", package_deadline, "RFC 3339 time")};
  }
  // Fills the fields whose flags were given and returns their mask paths.
  std::vector<std::string> Fill(dv1::Summit* s) const {
    static const char* kPaths[] = {
        "display_name",    "description",     "start_date", "end_date",
        "place",           "time_zone",       "languages",  "submission_deadline",
        "review_deadline", "package_deadline"};
    std::vector<std::string> paths;
    for (size_t i = 0; i < options.size(); ++i) {
      if (options[i]->count() > 0) paths.push_back(kPaths[i]);
    }
    s->set_display_name(title);
    s->set_description(description);
    s->set_start_date(start);
    s->set_end_date(end);
    s->set_place(place);
    s->set_time_zone(tz);
    for (const std::string& l : SplitList(languages)) s->add_languages(l);
    if (!submission_deadline.empty()) {
      *s->mutable_submission_deadline() = ParseTime("--submission-deadline", submission_deadline);
    }
    if (!review_deadline.empty()) {
      *s->mutable_review_deadline() = ParseTime("--review-deadline", review_deadline);
    }
    if (!package_deadline.empty()) {
      *s->mutable_package_deadline() = ParseTime("--package-deadline", package_deadline);
    }
    return paths;
  }
};

struct TrackFlags {
  std::string title, description, lead, coordinators;
  std::vector<std::string> titles;
  int order = 0;
  std::vector<CLI::Option*> options;

  void Add(CLI::App* cmd) {
    options = {
        cmd->add_option("--title", title, "Title in the summit's main language"),
        cmd->add_option("--title-in", titles, "Title in another language: LANG=TEXT (repeatable)"),
        cmd->add_option("--description", description, "Description"),
        cmd->add_option("--lead", lead, "Lead coordinator, people/{id}"),
        cmd->add_option("--order", order, "Position in the briefing package"),
        cmd->add_option("--coordinators", coordinators,
                        "Comma-separated people/{id} who run the track beside its lead")};
  }
  std::vector<std::string> Fill(dv1::Track* t) const {
    static const char* kPaths[] = {"display_name",     "titles", "description",
                                   "lead_coordinator", "order",  "coordinators"};
    std::vector<std::string> paths;
    for (size_t i = 0; i < options.size(); ++i) {
      if (options[i]->count() > 0) paths.push_back(kPaths[i]);
    }
    t->set_display_name(title);
    for (const std::string& entry : titles) {
      const size_t eq = entry.find('=');
      if (eq == std::string::npos) throw CommandError("--title-in: expected LANG=TEXT", 2);
      auto* lt = t->add_titles();
      lt->set_language(entry.substr(0, eq));
      lt->set_text(entry.substr(eq + 1));
    }
    t->set_description(description);
    t->set_lead_coordinator(lead);
    t->set_order(order);
    for (const std::string& c : SplitList(coordinators)) t->add_coordinators(c);
    return paths;
  }
};

}  // namespace

void AddSummitCommands(CLI::App& app, Session& session) {
  CLI::App* summit = app.add_subcommand("summit", "Summits: dates, place, deadlines, languages");
  summit->require_subcommand(1);

  auto* create = summit->add_subcommand("create", "Create a summit (coordinator, admin)");
  static std::string create_id;
  static SummitFlags create_flags;
  create->add_option("id", create_id, "Summit id, e.g. ca-kr-2025 (generated when omitted)");
  create_flags.Add(create);
  create->callback([&session] {
    dv1::CreateSummitRequest req;
    req.set_summit_id(create_id);
    create_flags.Fill(req.mutable_summit());
    req.set_request_id(NewRequestId());
    dv1::Summit out;
    session.Check(
        session.Directory()->CreateSummit(session.connection().Context().get(), req, &out));
    PrintSummit(session, out);
  });

  auto* get = summit->add_subcommand("get", "Show a summit");
  static std::string get_name;
  get->add_option("name", get_name, "summits/{id}")->required();
  get->callback([&session] {
    dv1::GetSummitRequest req;
    req.set_name(get_name);
    dv1::Summit out;
    session.Check(session.Directory()->GetSummit(session.connection().Context().get(), req, &out));
    PrintSummit(session, out);
  });

  auto* list = summit->add_subcommand("list", "List summits");
  static PageFlags list_pages;
  AddPageFlags(list, &list_pages);
  list->callback([&session] {
    auto stub = session.Directory();
    PrintSummits(session, FetchPages<dv1::ListSummitsRequest, dv1::ListSummitsResponse>(
                              session, {}, list_pages, [&](auto* ctx, const auto& r, auto* resp) {
                                return stub->ListSummits(ctx, r, resp);
                              }));
  });

  auto* update = summit->add_subcommand("update", "Change fields of a summit (only those given)");
  static std::string update_name, update_etag;
  static SummitFlags update_flags;
  update->add_option("name", update_name, "summits/{id}")->required();
  update->add_option("--etag", update_etag, "Refuse if the summit changed since this etag");
  update_flags.Add(update);
  update->callback([&session] {
    dv1::UpdateSummitRequest req;
    PrepareUpdate(update_flags.Fill(req.mutable_summit()), update_name, update_etag,
                  req.mutable_summit(), req.mutable_update_mask());
    dv1::Summit out;
    session.Check(
        session.Directory()->UpdateSummit(session.connection().Context().get(), req, &out));
    PrintSummit(session, out);
  });

  CLI::App* track = app.add_subcommand("track", "Thematic tracks of a summit");
  track->require_subcommand(1);

  auto* tcreate = track->add_subcommand("create", "Create a track (coordinator, admin)");
  static std::string tparent, tid;
  static TrackFlags tcreate_flags;
  tcreate->add_option("summit", tparent, "summits/{id}")->required();
  tcreate->add_option("id", tid, "Track id, e.g. ai");
  tcreate_flags.Add(tcreate);
  tcreate->callback([&session] {
    dv1::CreateTrackRequest req;
    req.set_parent(tparent);
    req.set_track_id(tid);
    tcreate_flags.Fill(req.mutable_track());
    req.set_request_id(NewRequestId());
    dv1::Track out;
    session.Check(
        session.Directory()->CreateTrack(session.connection().Context().get(), req, &out));
    PrintTrack(session, out);
  });

  auto* tget = track->add_subcommand("get", "Show a track");
  static std::string tget_name;
  tget->add_option("name", tget_name, "summits/{id}/tracks/{id}")->required();
  tget->callback([&session] {
    dv1::GetTrackRequest req;
    req.set_name(tget_name);
    dv1::Track out;
    session.Check(session.Directory()->GetTrack(session.connection().Context().get(), req, &out));
    PrintTrack(session, out);
  });

  auto* tlist = track->add_subcommand("list", "List a summit's tracks");
  static std::string tlist_parent;
  static PageFlags tlist_pages;
  tlist->add_option("summit", tlist_parent, "summits/{id}")->required();
  AddPageFlags(tlist, &tlist_pages);
  tlist->callback([&session] {
    auto stub = session.Directory();
    dv1::ListTracksRequest req;
    req.set_parent(tlist_parent);
    const auto resp = FetchPages<dv1::ListTracksRequest, dv1::ListTracksResponse>(
        session, req, tlist_pages,
        [&](auto* ctx, const auto& r, auto* out) { return stub->ListTracks(ctx, r, out); });
    if (session.json()) return PrintJson(resp);
    Table t({"NAME", "TITLE", "OTHER TITLES", "LEAD", "ORDER"});
    for (const auto& tr : resp.tracks()) {
      t.AddRow({tr.name(), tr.display_name(), Titles(tr), session.Person(tr.lead_coordinator()),
                absl::StrCat(tr.order())});
    }
    t.Print(std::cout);
    PrintNextPage(session, resp.next_page_token());
  });

  auto* tupdate = track->add_subcommand("update", "Change fields of a track (only those given)");
  static std::string tupdate_name, tupdate_etag;
  static TrackFlags tupdate_flags;
  tupdate->add_option("name", tupdate_name, "summits/{id}/tracks/{id}")->required();
  tupdate->add_option("--etag", tupdate_etag, "Refuse if the track changed since this etag");
  tupdate_flags.Add(tupdate);
  tupdate->callback([&session] {
    dv1::UpdateTrackRequest req;
    PrepareUpdate(tupdate_flags.Fill(req.mutable_track()), tupdate_name, tupdate_etag,
                  req.mutable_track(), req.mutable_update_mask());
    dv1::Track out;
    session.Check(
        session.Directory()->UpdateTrack(session.connection().Context().get(), req, &out));
    PrintTrack(session, out);
  });
}

}  // namespace summit::ctl
