// Multilingual text: diffs, search in four languages, translations,
// refusals of bad input, and pagination.
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {
namespace {

class TextTest : public RecommendationsTest {
 protected:
  std::vector<std::string> Search(const std::string& token, const std::string& query) {
    rv1::ListRecommendationsRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.set_query(query);
    rv1::ListRecommendationsResponse resp;
    Check(recs_->ListRecommendations(AuthContext(token).get(), req, &resp));
    std::vector<std::string> numbers;
    for (const auto& r : resp.recommendations()) numbers.push_back(r.number());
    return numbers;
  }

  Rec Written(const std::string& token, const rv1::RecommendationVersion& text,
              const std::string& track = "summits/ca-kr-2025/tracks/ai") {
    Rec rec;
    Check(Create(token, text, &rec, track));
    return rec;
  }
};

TEST_F(TextTest, SearchFindsEachLanguageIncludingKoreanFragments) {
  Written(author_, Text("Жасанды интеллект орталығы",
                        "Қазақстан мен Корея арасындағы ынтымақтастық", "Цифрлық даму", "kk"));
  Written(author_, Text("Модернизация несырьевой экономики", "Промышленная кооперация",
                        "Создание совместных предприятий", "ru"));
  Written(author_, Text("인공지능 공동연구센터", "한국과 카자흐스탄의 협력", "디지털 전환", "ko"));
  Written(author_,
          Text("Green hydrogen corridor", "Joint pilots", "Electrolysers in Mangystau", "en"));
  EXPECT_EQ(Search(author_, "интеллект"), std::vector<std::string>{"REC-1"});
  EXPECT_EQ(Search(author_, "ЭКОНОМИКИ"), std::vector<std::string>{"REC-2"});  // case-insensitive
  EXPECT_EQ(Search(author_, "지능"), std::vector<std::string>{"REC-3"});  // inside 인공지능
  EXPECT_EQ(Search(author_, "hydrogen mangystau"),
            std::vector<std::string>{"REC-4"});  // every term
  EXPECT_EQ(Search(author_, "Корея"), std::vector<std::string>{"REC-1"});
  EXPECT_TRUE(Search(author_, "hydrogen Корея").empty());
  EXPECT_TRUE(Search(author_, "100%").empty());  // wildcards are literal
  // Search never shows what the caller may not see.
  EXPECT_TRUE(Search(other_expert_, "интеллект").empty());
}

// One- and two-character terms go through the index of short pieces as
// well as the LIKE: the answers must be exactly the LIKE's.
TEST_F(TextTest, OneAndTwoCharacterTermsFindExactlyWhatContainsThem) {
  Written(author_, Text("인공지능 공동연구센터", "한국과 협력", "디지털 전환", "ko"));
  Written(author_, Text("물류 허브", "Logistics hub", "Khorgos dry port", "ko"));
  Written(author_, Text("AI in schools", "Pilot", "Teachers first", "en"));
  EXPECT_EQ(Search(author_, "지능"), std::vector<std::string>{"REC-1"});
  EXPECT_EQ(Search(author_, "물"), std::vector<std::string>{"REC-2"});
  EXPECT_EQ(Search(author_, "허브 물류"), std::vector<std::string>{"REC-2"});
  EXPECT_EQ(Search(author_, "ai"), (std::vector<std::string>{"REC-3"}));  // case-insensitive
  EXPECT_EQ(Search(author_, "AI 물"), std::vector<std::string>{});
  EXPECT_TRUE(Search(author_, "팔팔").empty());
  EXPECT_TRUE(Search(author_, "지 능").size() == 1);  // two terms, each a piece of REC-1
  EXPECT_TRUE(Search(author_, "%").empty());          // a wildcard is a literal here too
  EXPECT_TRUE(Search(other_expert_, "물").empty());   // and visibility holds
}

TEST_F(TextTest, TranslationsPageByLanguage) {
  const Rec rec = Written(author_, Text("Green hydrogen corridor", "Joint pilots", "Body", "en"));
  for (const char* language : {"ru", "kk", "ko"}) {
    rv1::SetTranslationRequest t;
    t.set_parent(rec.name());
    t.mutable_translation()->set_language(language);
    t.mutable_translation()->set_title(absl::StrCat("Title ", language));
    t.mutable_translation()->set_kind(rv1::Translation::KIND_MACHINE);
    rv1::Translation saved;
    ASSERT_TRUE(recs_->SetTranslation(AuthContext(author_).get(), t, &saved).ok());
  }
  rv1::ListTranslationsRequest list;
  list.set_parent(rec.name());
  list.set_page_size(2);
  rv1::ListTranslationsResponse page;
  ASSERT_TRUE(recs_->ListTranslations(AuthContext(author_).get(), list, &page).ok());
  ASSERT_EQ(page.translations_size(), 2);
  EXPECT_EQ(page.translations(0).language(), "kk");
  EXPECT_EQ(page.translations(1).language(), "ko");
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(recs_->ListTranslations(AuthContext(author_).get(), list, &page).ok());
  ASSERT_EQ(page.translations_size(), 1);
  EXPECT_EQ(page.translations(0).language(), "ru");
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(TextTest, TranslationsAreSearchableAndTurnStaleWithANewVersion) {
  const Rec rec = Written(author_, Text("Green hydrogen corridor", "Joint pilots", "Body", "en"));
  rv1::SetTranslationRequest t;
  t.set_parent(rec.name());
  t.mutable_translation()->set_language("ko");
  t.mutable_translation()->set_title("그린 수소 회랑");
  t.mutable_translation()->set_summary("공동 시범 사업");
  t.mutable_translation()->set_kind(rv1::Translation::KIND_MACHINE);
  rv1::Translation saved;
  ASSERT_TRUE(recs_->SetTranslation(AuthContext(author_).get(), t, &saved).ok());
  EXPECT_EQ(saved.name(), rec.name() + "/translations/ko");
  EXPECT_EQ(saved.source_version(), 1);
  EXPECT_FALSE(saved.stale());
  EXPECT_EQ(Search(author_, "수소"), std::vector<std::string>{"REC-1"});

  rv1::CreateVersionRequest v;
  v.set_parent(rec.name());
  *v.mutable_version() = Text("Green hydrogen corridor", "Joint pilots, revised", "Body 2", "en");
  rv1::RecommendationVersion v2;
  ASSERT_TRUE(recs_->CreateVersion(AuthContext(author_).get(), v, &v2).ok());
  rv1::ListTranslationsRequest list;
  list.set_parent(rec.name());
  rv1::ListTranslationsResponse translations;
  ASSERT_TRUE(recs_->ListTranslations(AuthContext(author_).get(), list, &translations).ok());
  ASSERT_EQ(translations.translations_size(), 1);
  EXPECT_TRUE(translations.translations(0).stale());

  t.mutable_translation()->set_kind(rv1::Translation::KIND_HUMAN_CHECKED);
  t.set_etag("\"v99\"");
  EXPECT_EQ(recs_->SetTranslation(AuthContext(author_).get(), t, &saved).error_code(),
            grpc::StatusCode::ABORTED);
  t.set_etag(translations.translations(0).etag());
  ASSERT_TRUE(recs_->SetTranslation(AuthContext(author_).get(), t, &saved).ok());
  EXPECT_FALSE(saved.stale());
  EXPECT_EQ(saved.source_version(), 2);

  t.mutable_translation()->set_language("en");  // the original's own language
  grpc::Status s = recs_->SetTranslation(AuthContext(author_).get(), t, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("translation.language", 0), 0u);
}

// A new version's text replaces the old in search, and the translations stay
// searchable beside it (the search text is written with the version).
TEST_F(TextTest, SearchFindsTheCurrentVersionAndTheTranslations) {
  const Rec rec =
      Written(author_, Text("Green hydrogen corridor", "Joint pilots", "Electrolysers", "en"));
  EXPECT_EQ(Search(author_, "electrolysers"), std::vector<std::string>{"REC-1"});
  rv1::SetTranslationRequest t;
  t.set_parent(rec.name());
  t.mutable_translation()->set_language("ko");
  t.mutable_translation()->set_title("그린 수소 회랑");
  t.mutable_translation()->set_kind(rv1::Translation::KIND_MACHINE);
  rv1::Translation saved;
  ASSERT_TRUE(recs_->SetTranslation(AuthContext(author_).get(), t, &saved).ok());

  rv1::CreateVersionRequest v;
  v.set_parent(rec.name());
  *v.mutable_version() = Text("Green hydrogen corridor", "Joint pilots", "Desalination", "en");
  rv1::RecommendationVersion v2;
  ASSERT_TRUE(recs_->CreateVersion(AuthContext(author_).get(), v, &v2).ok());
  EXPECT_EQ(Search(author_, "desalination"), std::vector<std::string>{"REC-1"});
  EXPECT_TRUE(Search(author_, "electrolysers").empty());
  EXPECT_EQ(Search(author_, "수소 desalination"), std::vector<std::string>{"REC-1"});
  EXPECT_EQ(server_->db().QueryValue(absl::StrCat(
                "SELECT search_text = recommendations.search_text_for(name, v.title, v.summary, "
                "v.body) FROM recommendations.recommendations r JOIN recommendations.versions v "
                "ON v.recommendation = r.name AND v.number = r.current_version "
                "WHERE r.name = '",
                rec.name(), "'")),
            "t");
}

TEST_F(TextTest, DiffShowsChangedLinesOfMultilingualText) {
  const Rec rec = Written(author_, Text("Цифровой коридор", "Кратко",
                                        "Первая строка\n한국과 협력\nТретья строка\n", "ru"));
  rv1::CreateVersionRequest v;
  v.set_parent(rec.name());
  *v.mutable_version() = Text("Цифровой коридор", "Кратко",
                              "Первая строка\n한국과 디지털 협력\nТретья строка\nЖаңа жол\n", "ru");
  rv1::RecommendationVersion v2;
  ASSERT_TRUE(recs_->CreateVersion(AuthContext(author_).get(), v, &v2).ok());
  rv1::DiffVersionsRequest d;
  d.set_name(rec.name());
  d.set_from_version(1);
  d.set_to_version(2);
  rv1::DiffVersionsResponse diff;
  ASSERT_TRUE(recs_->DiffVersions(AuthContext(author_).get(), d, &diff).ok());
  ASSERT_EQ(diff.diffs_size(), 3);
  EXPECT_FALSE(diff.diffs(0).changed());  // title
  EXPECT_FALSE(diff.diffs(1).changed());  // summary
  EXPECT_TRUE(diff.diffs(2).changed());
  EXPECT_EQ(diff.diffs(2).unified_diff(),
            "--- body (version 1)\n+++ body (version 2)\n@@ -1,3 +1,4 @@\n"
            " Первая строка\n-한국과 협력\n+한국과 디지털 협력\n Третья строка\n+Жаңа жол\n");
  d.set_to_version(7);
  EXPECT_EQ(recs_->DiffVersions(AuthContext(author_).get(), d, &diff).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(TextTest, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  Rec rec;
  struct Case {
    rv1::RecommendationVersion text;
    const char* field;
  };
  const Case cases[] = {
      {Text("", "S", "B", "en"), "first_version.title"},
      {Text("T", "S", std::string("Bo\0dy", 5), "en"), "first_version.body"},
      {Text("T", "S", "B", "english"), "first_version.language"},
      {Text(std::string(301, 'x'), "S", "B", "en"), "first_version.title"},
      {Text("T", std::string(3001, 'x'), "B", "en"), "first_version.summary"},
  };
  for (const Case& c : cases) {
    grpc::Status s = Create(author_, c.text, &rec);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(s.error_message().rfind(c.field, 0), 0u) << s.error_message();
  }
  // Invalid UTF-8 in a proto3 string is refused by the protobuf parser before
  // any handler runs.
  EXPECT_FALSE(Create(author_, Text("T", "S", "\xC3\x28", "en"), &rec).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.recommendations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.versions"), 0);
}

TEST_F(TextTest, FiltersAndPaginationOverMoreThanOnePage) {
  for (int i = 0; i < 7; ++i) {
    Written(author_, Text(absl::StrCat("Proposal ", i), "S", "B", "en"),
            i % 2 ? "summits/ca-kr-2025/tracks/green" : "summits/ca-kr-2025/tracks/ai");
  }
  Written(other_expert_, Text("Uzbek proposal", "S", "B", "uz"));
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    rv1::ListRecommendationsRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.set_page_size(3);
    req.set_page_token(token);
    rv1::ListRecommendationsResponse resp;
    ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), req, &resp).ok());
    for (const auto& r : resp.recommendations()) seen.push_back(r.number());
    token = resp.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"REC-1", "REC-2", "REC-3", "REC-4", "REC-5", "REC-6",
                                            "REC-7"}));  // not REC-8: dilnoza's draft

  rv1::ListRecommendationsRequest by_track;
  by_track.set_parent("summits/ca-kr-2025");
  by_track.set_track("summits/ca-kr-2025/tracks/green");
  rv1::ListRecommendationsResponse resp;
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), by_track, &resp).ok());
  EXPECT_EQ(resp.recommendations_size(), 3);
  rv1::ListRecommendationsRequest by_country;
  by_country.set_parent("summits/ca-kr-2025");
  by_country.set_country_code("UZ");
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(other_expert_).get(), by_country, &resp).ok());
  ASSERT_EQ(resp.recommendations_size(), 1);
  EXPECT_EQ(resp.recommendations(0).number(), "REC-8");
  rv1::ListRecommendationsRequest by_author;
  by_author.set_parent("summits/ca-kr-2025");
  by_author.set_author("people/dilnoza");
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), by_author, &resp).ok());
  EXPECT_EQ(resp.recommendations_size(), 0);  // exists, but aigerim may not see it
  // Updated since (database time): only what changed after this moment.
  Rec touched;
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name("summits/ca-kr-2025/recommendations/rec-2");
  up.mutable_recommendation()->set_priority(Rec::PRIORITY_HIGH);
  up.mutable_update_mask()->add_paths("priority");
  const absl::Time before_touch = absl::Now();
  ASSERT_TRUE(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &touched).ok());
  rv1::ListRecommendationsRequest since;
  since.set_parent("summits/ca-kr-2025");
  *since.mutable_updated_after() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(before_touch));
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), since, &resp).ok());
  ASSERT_EQ(resp.recommendations_size(), 1);
  EXPECT_EQ(resp.recommendations(0).number(), "REC-2");

  rv1::ListRecommendationsRequest by_state;
  by_state.set_parent("summits/ca-kr-2025");
  by_state.set_state(Rec::STATE_SUBMITTED);
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), by_state, &resp).ok());
  EXPECT_EQ(resp.recommendations_size(), 0);
}

}  // namespace
}  // namespace summit::testing
