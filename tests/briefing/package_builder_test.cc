// BuildPackage on its own: document order, figures, languages, and the
// Markdown layout (nested headings, fenced code left alone, translations).
#include "services/briefing/package_builder.h"

#include <gtest/gtest.h>

namespace summit::briefing {
namespace {

namespace rv1 = recommendations::v1;

EntryInputs Entry(const std::string& id, const std::string& number, const std::string& track,
                  const std::string& language, const std::string& body) {
  EntryInputs e;
  e.recommendation.set_name("summits/s/recommendations/" + id);
  e.recommendation.set_number(number);
  e.recommendation.set_track("summits/s/tracks/" + track);
  e.recommendation.set_owner_country(language == "ko" ? "KR" : "KZ");
  rv1::RecommendationVersion v;
  v.set_version_number(1);
  v.set_title("Title " + id);
  v.set_summary("Summary " + id);
  v.set_body(body);
  v.set_language(language);
  e.versions = {v};
  return e;
}

PackageInputs Inputs() {
  PackageInputs in;
  in.summit.set_display_name("Summit");
  in.summit.add_languages("en");
  for (const auto& [id, order] :
       std::vector<std::pair<std::string, int>>{{"ai", 2}, {"green", 1}}) {
    directory::v1::Track t;
    t.set_name("summits/s/tracks/" + id);
    t.set_display_name(id);
    t.set_order(order);
    directory::v1::LocalizedText* ko = t.add_titles();
    ko->set_language("ko");
    ko->set_text(id == "ai" ? "인공지능" : "녹색 성장");
    in.tracks.push_back(t);
  }
  in.entries.push_back(Entry("b", "REC-10", "ai", "en", "# Plan\n```\n# not a heading\n```\n"));
  in.entries.push_back(Entry("a", "REC-9", "ai", "en", "text"));
  in.entries.push_back(Entry("c", "REC-11", "green", "ko", "본문"));
  rv1::Translation t;
  t.set_language("en");
  t.set_title("Translated c");
  t.set_summary("s");
  t.set_body("b");
  in.entries.back().translations.push_back(t);
  return in;
}

TEST(PackageBuilderTest, OrdersByTrackOrderThenNumber) {
  const BuiltPackage built = BuildPackage(Inputs(), "summits/s/briefingPackages/v1", 1,
                                          "people/dana", absl::FromUnixSeconds(1700000000));
  ASSERT_EQ(built.package.entries_size(), 3);
  EXPECT_EQ(built.package.entries(0).number(), "REC-11");  // green (order 1) first
  EXPECT_EQ(built.package.entries(1).number(), "REC-9");   // then numeric, not text, order
  EXPECT_EQ(built.package.entries(2).number(), "REC-10");
  EXPECT_EQ(built.package.figures().by_track(0).count(), 1);
  EXPECT_EQ(built.package.figures().by_track(1).count(), 2);
  ASSERT_EQ(built.package.figures().by_country_size(), 2);
  EXPECT_EQ(
      std::vector<std::string>(built.package.languages().begin(), built.package.languages().end()),
      (std::vector<std::string>{"en", "ko"}));
}

TEST(PackageBuilderTest, WritesOneDocumentPerLanguage) {
  const BuiltPackage built = BuildPackage(Inputs(), "summits/s/briefingPackages/v1", 1,
                                          "people/dana", absl::FromUnixSeconds(1700000000));
  ASSERT_EQ(built.documents.size(), 2u);
  const std::string& en = built.documents[0].second;
  EXPECT_NE(en.find("## REC-11 · Translated c {#rec-11}"), std::string::npos) << en;
  EXPECT_NE(en.find("### Plan"), std::string::npos);
  EXPECT_NE(en.find("\n# not a heading\n"), std::string::npos) << "fenced code is left alone";
  const std::string& ko = built.documents[1].second;
  EXPECT_NE(ko.find("## REC-11 · Title c"), std::string::npos);
  EXPECT_NE(ko.find("번역 없음; 원문 언어: en"), std::string::npos) << ko;
  EXPECT_NE(ko.find("title: \"브리핑 자료집 — Summit\""), std::string::npos) << ko;
  // Korean track titles in the contents as at the headings.
  EXPECT_NE(ko.find("- [녹색 성장](#track-0)"), std::string::npos) << ko;
  EXPECT_NE(ko.find("# 인공지능 {#track-"), std::string::npos) << ko;
  EXPECT_EQ(ko.find("- [green]"), std::string::npos) << ko;
}

TEST(PackageBuilderTest, AnEmptySummitStillGetsADocument) {
  PackageInputs in = Inputs();
  in.entries.clear();
  const BuiltPackage built =
      BuildPackage(in, "summits/s/briefingPackages/v1", 1, "people/dana", absl::Now());
  ASSERT_EQ(built.documents.size(), 1u);
  EXPECT_NE(built.documents[0].second.find("No approved recommendations yet."), std::string::npos);
}

}  // namespace
}  // namespace summit::briefing
