// ListRecommendations builds its statement from the filters a call uses
// (sql/list_statement.h): every combination is its own statement. Each one,
// for each kind of caller, must list exactly what that caller can Get and the
// filters match, judged on the recommendation as the caller is shown it.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {
namespace {

constexpr char kSummit[] = "summits/ca-kr-2025";

struct Filters {
  std::string track, organization, author, country_code, query;
  Rec::State state = Rec::STATE_UNSPECIFIED;
};

class ListFiltersTest : public RecommendationsTest {
 protected:
  void SetReviewers(const std::string& name, std::vector<std::string> people, bool double_blind) {
    recommendations::internal::v1::SetReviewersRequest req;
    req.set_name(name);
    req.set_event_id("assign-" + name.substr(name.rfind('/') + 1));
    for (const auto& p : people) req.add_reviewers(p);
    req.set_double_blind(double_blind);
    recommendations::internal::v1::SetReviewersResponse resp;
    Check(internal_recs_->SetReviewers(AuthContext(review_service_).get(), req, &resp));
  }

  Rec Make(const std::string& token, const std::string& title, const std::string& track,
           std::vector<std::string> coauthors = {}) {
    Rec rec;
    Check(Create(token, Text(title, "A summary.", "A body.", "en"), &rec,
                 absl::StrCat(kSummit, "/tracks/", track), coauthors));
    return rec;
  }

  // Every page of the list, as `token` gets it.
  std::set<std::string> Listed(const std::string& token, const Filters& f) {
    std::set<std::string> names;
    std::string page_token;
    do {
      rv1::ListRecommendationsRequest req;
      req.set_parent(kSummit);
      req.set_page_size(2);  // several pages: the cursor goes through each statement too
      req.set_page_token(page_token);
      req.set_track(f.track);
      req.set_state(f.state);
      req.set_organization(f.organization);
      req.set_author(f.author);
      req.set_country_code(f.country_code);
      req.set_query(f.query);
      rv1::ListRecommendationsResponse resp;
      Check(recs_->ListRecommendations(AuthContext(token).get(), req, &resp));
      for (const Rec& r : resp.recommendations()) {
        EXPECT_TRUE(names.insert(r.name()).second) << "listed twice: " << r.name();
      }
      page_token = resp.next_page_token();
    } while (!page_token.empty());
    return names;
  }

  // What the list should hold: what `token` can Get, matched as shown to it.
  std::set<std::string> Expected(const std::string& token, const std::vector<Rec>& all,
                                 const Filters& f) {
    std::set<std::string> names;
    for (const Rec& stored : all) {
      Rec shown;
      if (!Get(token, stored.name(), &shown).ok()) continue;
      if (!f.track.empty() && shown.track() != f.track) continue;
      if (f.state != Rec::STATE_UNSPECIFIED && shown.state() != f.state) continue;
      if (!f.organization.empty() && shown.owner_organization() != f.organization) continue;
      if (!f.author.empty() && !absl::c_linear_search(shown.authors(), f.author)) continue;
      if (!f.country_code.empty() && shown.owner_country() != f.country_code) continue;
      if (!f.query.empty() &&
          !absl::StrContains(absl::AsciiStrToLower(shown.title()), absl::AsciiStrToLower(f.query)))
        continue;
      names.insert(stored.name());
    }
    return names;
  }
};

TEST_F(ListFiltersTest, EveryCombinationOfFiltersListsWhatTheCallerMayGetAndTheFiltersMatch) {
  std::vector<Rec> all;
  Rec r;
  // aigerim's (KISI, KZ) draft with kim, and her submitted work that park
  // reviews double-blind.
  all.push_back(Make(author_, "Customs corridor draft", "ai", {"people/kim"}));
  const Rec blind = Make(author_, "Green corridor financing", "green");
  ASSERT_TRUE(Submit(author_, blind.name(), &r).ok());
  SetReviewers(blind.name(), {"people/park"}, true);
  all.push_back(blind);
  // dilnoza's (CERR, UZ): approved, submitted with park reviewing openly, a draft.
  const Rec approved = Make(other_expert_, "Water corridor", "ai");
  ASSERT_TRUE(Submit(other_expert_, approved.name(), &r).ok());
  ASSERT_TRUE(Review(review_service_, approved.name(), Rec::STATE_IN_REVIEW, "a1", &r).ok());
  ASSERT_TRUE(Review(review_service_, approved.name(), Rec::STATE_APPROVED, "a2", &r).ok());
  all.push_back(approved);
  const Rec open = Make(other_expert_, "Seed banks", "green");
  ASSERT_TRUE(Submit(other_expert_, open.name(), &r).ok());
  SetReviewers(open.name(), {"people/park"}, false);
  all.push_back(open);
  all.push_back(Make(other_expert_, "Solar grid", "ai"));

  // The six filters, each on or off: 64 statements.
  const Filters on{.track = absl::StrCat(kSummit, "/tracks/green"),
                   .organization = "organizations/kisi",
                   .author = "people/aigerim",
                   .country_code = "KZ",
                   .query = "corridor",
                   .state = Rec::STATE_SUBMITTED};
  // Filters that match nothing for some and something for others, besides.
  const Filters uz{.organization = "organizations/cerr", .country_code = "UZ"};
  int compared = 0;
  int non_empty = 0;
  for (const std::string* token :
       {&author_, &coauthor_, &same_org_, &other_expert_, &reviewer_, &coordinator_, &observer_}) {
    for (unsigned bits = 0; bits < 64; ++bits) {
      Filters f;
      if (bits & 1) f.track = on.track;
      if (bits & 2) f.organization = on.organization;
      if (bits & 4) f.author = on.author;
      if (bits & 8) f.country_code = on.country_code;
      if (bits & 16) f.query = on.query;
      if (bits & 32) f.state = on.state;
      const std::set<std::string> want = Expected(*token, all, f);
      EXPECT_EQ(Listed(*token, f), want) << "filters " << bits << " for " << *token;
      non_empty += !want.empty();
      ++compared;
    }
    EXPECT_EQ(Listed(*token, uz), Expected(*token, all, uz));
  }
  EXPECT_EQ(compared, 7 * 64);
  // The comparison means something only if the filters do select.
  EXPECT_GT(non_empty, 7 * 8);
  EXPECT_LT(non_empty, 7 * 64);
}

TEST_F(ListFiltersTest, ADoubleBlindReviewerCannotFindTheWorkByWhoWroteIt) {
  const Rec blind = Make(author_, "Green corridor financing", "green");
  Rec r;
  ASSERT_TRUE(Submit(author_, blind.name(), &r).ok());
  SetReviewers(blind.name(), {"people/park"}, true);
  EXPECT_EQ(Listed(reviewer_, {}), std::set<std::string>{blind.name()});
  EXPECT_TRUE(Listed(reviewer_, {.author = "people/aigerim"}).empty());
  EXPECT_TRUE(Listed(reviewer_, {.organization = "organizations/kisi"}).empty());
  EXPECT_TRUE(Listed(reviewer_, {.country_code = "KZ"}).empty());
  // The coordinator and the author still can.
  EXPECT_EQ(Listed(coordinator_, {.author = "people/aigerim"}),
            std::set<std::string>{blind.name()});
  EXPECT_EQ(Listed(author_, {.country_code = "KZ"}), std::set<std::string>{blind.name()});
}

}  // namespace
}  // namespace summit::testing
