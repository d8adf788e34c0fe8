#include "services/briefing/package_builder.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/briefing/document_labels.h"

namespace summit::briefing {
namespace {

namespace dv1 = directory::v1;
namespace rv1 = recommendations::v1;
namespace wv1 = reviews::v1;
using google::protobuf::util::TimeUtil;

std::string TrackTitle(const dv1::Track& track, const std::string& language) {
  for (const dv1::LocalizedText& t : track.titles()) {
    if (t.language() == language) return t.text();
  }
  return track.display_name();
}

std::string Outcome(const wv1::ReviewCycle& c) {
  if (c.state() != wv1::ReviewCycle::STATE_DECIDED) return "";
  switch (c.decision().outcome()) {
    case wv1::Decision::OUTCOME_APPROVE:
      return "approve";
    case wv1::Decision::OUTCOME_REQUEST_CHANGES:
      return "request_changes";
    case wv1::Decision::OUTCOME_REJECT:
      return "reject";
    default:
      return "";
  }
}

std::string Date(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(t.seconds()), absl::UTCTimeZone());
}

// A double-quoted YAML scalar.
std::string Yaml(const std::string& s) {
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", " "}}),
                      "\"");
}

std::string Cell(const std::string& s) {
  return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}});
}

// Headings inside a body move below the recommendation's own heading (level
// 2), so the document's outline stays tracks > recommendations > sections.
std::string NestHeadings(const std::string& body) {
  std::vector<std::string> out;
  bool in_fence = false;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(line);
    if (absl::StartsWith(trimmed, "```") || absl::StartsWith(trimmed, "~~~")) in_fence = !in_fence;
    if (!in_fence && absl::StartsWith(line, "#")) {
      out.push_back(absl::StrCat("##", line));
    } else {
      out.emplace_back(line);
    }
  }
  return absl::StrJoin(out, "\n");
}

struct Text {
  std::string title, summary, body, note;
};

Text TextIn(const EntryInputs& e, const std::string& language, const Labels& labels) {
  const rv1::RecommendationVersion& v = e.versions.back();
  if (v.language() == language) return {v.title(), v.summary(), v.body(), ""};
  for (const rv1::Translation& t : e.translations) {
    if (t.language() == language) {
      const std::string& kind = t.kind() == rv1::Translation::KIND_MACHINE
                                    ? labels.machine_translation
                                    : labels.translation;
      return {t.title(), t.summary(), t.body(), absl::StrCat(kind, " (", v.language(), ")")};
    }
  }
  return {v.title(), v.summary(), v.body(), absl::StrCat(labels.original_only, ": ", v.language())};
}

// Text shown as itself, not as Markdown (a file named `*draft*.pdf`).
std::string Literal(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (std::string_view("\\`*_[]<>#|!").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// "12 KB", "3.4 MB": sizes as a reader says them.
std::string FileSize(int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  if (bytes < 1024 * 1024) return absl::StrCat((bytes + 1023) / 1024, " KB");
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string Anchor(const std::string& number) { return absl::AsciiStrToLower(number); }

std::string Document(const v1::BriefingPackage& package,
                     const std::vector<const EntryInputs*>& order,
                     const std::vector<const dv1::Track*>& tracks, const std::string& language,
                     const std::string& summit_title) {
  const Labels& labels = LabelsFor(language);
  std::string md;
  absl::StrAppend(&md,
                  "---\ntitle: ", Yaml(absl::StrCat(labels.briefing_package, " — ", summit_title)),
                  "\n", "subtitle: ",
                  Yaml(absl::StrCat(labels.version, " ", package.version(), " · ",
                                    Date(package.compile_time()))),
                  "\n", "lang: ", language, "\n---\n\n");

  // A track's title in the document's language, in the contents and at its
  // heading alike.
  const auto track_title = [&](const v1::PackageEntry& entry) {
    const auto it = std::find_if(tracks.begin(), tracks.end(),
                                 [&](const dv1::Track* t) { return t->name() == entry.track(); });
    return it == tracks.end() ? entry.track_title() : TrackTitle(**it, language);
  };

  absl::StrAppend(&md, "# ", labels.contents, " {#contents .unnumbered}\n\n");
  std::string current_track = "\x01";
  for (size_t i = 0; i < order.size(); ++i) {
    const v1::PackageEntry& entry = package.entries(static_cast<int>(i));
    if (entry.track() != current_track) {
      current_track = entry.track();
      absl::StrAppend(&md, "- [", track_title(entry), "](#track-", i, ")\n");
    }
    absl::StrAppend(&md, "    - [", entry.number(), " · ",
                    TextIn(*order[i], language, labels).title, "](#", Anchor(entry.number()),
                    ")\n");
  }
  if (order.empty()) absl::StrAppend(&md, labels.none_approved, "\n");

  absl::StrAppend(&md, "\n# ", labels.figures, " {#figures .unnumbered}\n\n");
  absl::StrAppend(&md, labels.total, ": **", package.figures().recommendations(), "**\n\n");
  absl::StrAppend(&md, "| ", labels.track, " | ", labels.recommendations, " |\n|---|---:|\n");
  for (const v1::Count& c : package.figures().by_track()) {
    const auto it = std::find_if(tracks.begin(), tracks.end(),
                                 [&](const dv1::Track* t) { return t->name() == c.key(); });
    const std::string label = it == tracks.end() ? c.label() : TrackTitle(**it, language);
    absl::StrAppend(&md, "| ", Cell(label), " | ", c.count(), " |\n");
  }
  absl::StrAppend(&md, "\n| ", labels.country, " | ", labels.recommendations, " |\n|---|---:|\n");
  for (const v1::Count& c : package.figures().by_country()) {
    absl::StrAppend(&md, "| ", Cell(c.label()), " | ", c.count(), " |\n");
  }

  current_track = "\x01";
  for (size_t i = 0; i < order.size(); ++i) {
    const EntryInputs& in = *order[i];
    const v1::PackageEntry& entry = package.entries(static_cast<int>(i));
    if (entry.track() != current_track) {
      current_track = entry.track();
      absl::StrAppend(&md, "\n# ", track_title(entry), " {#track-", i, "}\n");
    }
    const Text text = TextIn(in, language, labels);
    absl::StrAppend(&md, "\n## ", entry.number(), " · ", text.title, " {#", Anchor(entry.number()),
                    "}\n\n");
    std::vector<std::string> authors;
    for (const v1::Author& a : entry.authors()) {
      authors.push_back(a.organization_title().empty()
                            ? a.display_name()
                            : absl::StrCat(a.display_name(), " (", a.organization_title(), ", ",
                                           a.country(), ")"));
    }
    absl::StrAppend(&md, "**", labels.authors, ":** ", absl::StrJoin(authors, "; "), "  \n");
    absl::StrAppend(&md, "**", labels.version, ":** ", entry.version(), " / ",
                    entry.versions_size());
    std::vector<std::string> rounds;
    for (const v1::ReviewRound& r : entry.review_rounds()) {
      rounds.push_back(absl::StrCat(r.round(), " (v", r.reviewed_version(),
                                    r.outcome().empty() ? "" : ", ",
                                    LabelForOutcome(labels, r.outcome()), ")"));
    }
    absl::StrAppend(&md, " · **", labels.review_rounds, ":** ",
                    rounds.empty() ? std::string("—") : absl::StrJoin(rounds, ", "), "\n\n");
    if (!text.note.empty()) absl::StrAppend(&md, "*", text.note, "*\n\n");
    absl::StrAppend(&md, "**", labels.summary, ".** ", text.summary, "\n\n",
                    NestHeadings(text.body), "\n");
    if (entry.annexes_size() > 0) {
      absl::StrAppend(&md, "\n**", labels.annexes, ":**\n\n");
      for (const v1::Annex& a : entry.annexes()) {
        absl::StrAppend(&md, "- ", Literal(a.filename()), " (", FileSize(a.size_bytes()),
                        ", SHA-256 `", a.sha256().substr(0, 16), "…`)\n");
      }
    }
  }
  return md;
}

}  // namespace

int NumberOf(const std::string& number) {
  int n = 0;
  absl::string_view digits = number;
  absl::ConsumePrefix(&digits, "REC-");
  return absl::SimpleAtoi(digits, &n) ? n : 1 << 30;
}

BuiltPackage BuildPackage(const PackageInputs& in, const std::string& name, int version,
                          const std::string& compiled_by, absl::Time compile_time) {
  std::vector<const dv1::Track*> tracks;
  for (const dv1::Track& t : in.tracks) tracks.push_back(&t);
  std::stable_sort(tracks.begin(), tracks.end(), [](const dv1::Track* a, const dv1::Track* b) {
    return std::make_pair(a->order(), a->name()) < std::make_pair(b->order(), b->name());
  });
  auto track_rank = [&](const std::string& track) {
    for (size_t i = 0; i < tracks.size(); ++i) {
      if (tracks[i]->name() == track) return static_cast<int>(i);
    }
    return static_cast<int>(tracks.size());  // unknown tracks last
  };

  std::vector<const EntryInputs*> order;
  for (const EntryInputs& e : in.entries) {
    if (!e.versions.empty()) order.push_back(&e);
  }
  std::sort(order.begin(), order.end(), [&](const EntryInputs* a, const EntryInputs* b) {
    return std::make_tuple(track_rank(a->recommendation.track()),
                           NumberOf(a->recommendation.number()), a->recommendation.name()) <
           std::make_tuple(track_rank(b->recommendation.track()),
                           NumberOf(b->recommendation.number()), b->recommendation.name());
  });

  BuiltPackage built;
  v1::BriefingPackage& p = built.package;
  p.set_name(name);
  p.set_version(version);
  p.set_state(v1::BriefingPackage::STATE_COMPILED);
  p.set_summit_title(in.summit.display_name());
  p.set_compiled_by(compiled_by);
  *p.mutable_compile_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(compile_time));

  std::map<std::string, int> by_track, by_country;
  std::set<std::string> languages;
  for (const EntryInputs* e : order) {
    const rv1::Recommendation& r = e->recommendation;
    const rv1::RecommendationVersion& v = e->versions.back();
    v1::PackageEntry* entry = p.add_entries();
    entry->set_recommendation(r.name());
    entry->set_number(r.number());
    entry->set_track(r.track());
    const int rank = track_rank(r.track());
    entry->set_track_title(rank < static_cast<int>(tracks.size()) ? tracks[rank]->display_name()
                                                                  : r.track());
    entry->set_title(v.title());
    entry->set_summary(v.summary());
    entry->set_language(v.language());
    entry->set_version(v.version_number());
    for (const rv1::RecommendationVersion& old : e->versions) {
      v1::VersionNote* note = entry->add_versions();
      note->set_version(old.version_number());
      note->set_change_note(old.change_note());
      *note->mutable_create_time() = old.create_time();
    }
    for (const wv1::ReviewCycle& c : e->review_cycles) {
      v1::ReviewRound* round = entry->add_review_rounds();
      round->set_round(c.round());
      round->set_reviewed_version(c.reviewed_version());
      round->set_outcome(Outcome(c));
      if (c.has_decision()) *round->mutable_decide_time() = c.decision().decide_time();
    }
    std::sort(entry->mutable_review_rounds()->begin(), entry->mutable_review_rounds()->end(),
              [](const auto& a, const auto& b) { return a.round() < b.round(); });
    for (const v1::Author& a : e->authors) *entry->add_authors() = a;
    for (const rv1::Attachment& file : e->annexes) {
      v1::Annex* annex = entry->add_annexes();
      annex->set_attachment(file.name());
      annex->set_filename(file.filename());
      annex->set_content_type(file.content_type());
      annex->set_size_bytes(file.size_bytes());
      annex->set_sha256(file.sha256());
    }
    languages.insert(v.language());
    for (const rv1::Translation& t : e->translations) {
      entry->add_translations(t.language());
      languages.insert(t.language());
    }
    ++by_track[r.track()];
    ++by_country[r.owner_country().empty() ? "—" : r.owner_country()];
  }

  v1::Figures* figures = p.mutable_figures();
  figures->set_recommendations(p.entries_size());
  for (const dv1::Track* t : tracks) {
    v1::Count* c = figures->add_by_track();
    c->set_key(t->name());
    c->set_label(t->display_name());
    c->set_count(by_track.count(t->name()) ? by_track[t->name()] : 0);
  }
  for (const auto& [country, count] : by_country) {
    v1::Count* c = figures->add_by_country();
    c->set_key(country);
    c->set_label(country);
    c->set_count(count);
  }

  // The summit's own languages first, in its order, then any others.
  for (const std::string& l : in.summit.languages()) {
    p.add_languages(l);
  }
  for (const std::string& l : languages) {
    if (std::find(p.languages().begin(), p.languages().end(), l) == p.languages().end())
      p.add_languages(l);
  }
  if (p.languages().empty()) p.add_languages("en");

  for (const std::string& language : p.languages()) {
    built.documents.emplace_back(language,
                                 Document(p, order, tracks, language, in.summit.display_name()));
  }
  return built;
}

}  // namespace summit::briefing
