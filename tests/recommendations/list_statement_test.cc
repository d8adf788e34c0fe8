// ListRecommendations' statements (sql/list_statement.h), as text: which of
// them PostgreSQL may plan once and keep, and that a name always stands for
// one statement, so a session never runs another shape's plan.
#include "services/recommendations/sql/list_statement.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>

#include "absl/strings/match.h"

namespace summit::recommendations::sql {
namespace {

ListFilters Base(int limit = 51) {
  ListFilters f;
  f.summit = "summits/ca-kr-2025";
  f.after_number = 100;
  f.limit = limit;
  f.caller = "people/aigerim";
  return f;
}

// Every combination of the seven filters, with and without the coordinator's
// view, with no terms, one and two.
std::vector<ListFilters> EveryShape() {
  std::vector<ListFilters> all;
  for (unsigned bits = 0; bits < (1u << 8); ++bits) {
    for (int terms = 0; terms <= 2; ++terms) {
      ListFilters f = Base();
      f.sees_submitted = bits & 1;
      if (bits & 2) f.track = "summits/ca-kr-2025/tracks/ai";
      if (bits & 4) f.state = "STATE_SUBMITTED";
      if (bits & 8) f.organization = "organizations/kisi";
      if (bits & 16) f.author = "people/kim";
      if (bits & 32) f.country_code = "KZ";
      if (bits & 64) f.updated_after_micros = 1'700'000'000'000'000;
      if (bits & 128) f.rare_short_term = "팔";
      for (int t = 0; t < terms; ++t) f.term_patterns.push_back("%term" + std::to_string(t) + "%");
      all.push_back(f);
    }
  }
  return all;
}

// Whether `sql` names parameter `$n` itself (not `$n` as the start of `$n0`).
bool UsesParameter(const std::string& sql, size_t n) {
  const std::string name = "$" + std::to_string(n);
  for (size_t at = sql.find(name); at != std::string::npos; at = sql.find(name, at + 1)) {
    const size_t next = at + name.size();
    if (next == sql.size() || !isdigit(static_cast<unsigned char>(sql[next]))) return true;
  }
  return false;
}

bool Filtered(const ListFilters& f) {
  return f.track || f.state || f.organization || f.author || f.country_code ||
         f.updated_after_micros || f.rare_short_term || !f.term_patterns.empty();
}

TEST(ListStatementTest, OnlyTheUnfilteredListHasALimitAGenericPlanCanPriceAsAPage) {
  for (const ListFilters& f : EveryShape()) {
    const ListStatement s = BuildListStatement(f);
    if (Filtered(f)) {
      // A filtered list's plan depends on its values: planned per call.
      EXPECT_TRUE(absl::EndsWith(s.statement.sql, "ORDER BY number LIMIT $3")) << s.statement.sql;
      EXPECT_FALSE(absl::StrContains(s.statement.sql, "LIMIT 6")) << s.statement.sql;
    } else {
      EXPECT_TRUE(absl::StrContains(s.statement.sql, "ORDER BY number LIMIT 64) page"))
          << s.statement.sql;
      EXPECT_TRUE(absl::EndsWith(s.statement.sql, "ORDER BY number LIMIT $3")) << s.statement.sql;
    }
  }
}

TEST(ListStatementTest, TheInnerLimitIsTheNextPowerOfTwoAndNeverBelowThePage) {
  for (const auto& [limit, bucket] :
       std::vector<std::pair<int, int>>{{1, 1}, {2, 2}, {3, 4}, {51, 64}, {64, 64}, {501, 512}}) {
    const ListStatement s = BuildListStatement(Base(limit));
    EXPECT_TRUE(absl::StrContains(s.statement.sql, "LIMIT " + std::to_string(bucket) + ") page"))
        << limit << ": " << s.statement.sql;
    EXPECT_EQ(s.arguments[2], std::to_string(limit));
  }
}

TEST(ListStatementTest, ANameStandsForOneStatementAndEachFilterForItsOwnParameter) {
  std::map<std::string, std::string> sql_by_name;
  for (const ListFilters& f : EveryShape()) {
    const ListStatement s = BuildListStatement(f);
    auto [it, added] = sql_by_name.emplace(s.statement.name, s.statement.sql);
    EXPECT_EQ(it->second, s.statement.sql) << "two statements named " << s.statement.name;
    // Every argument is used, and no parameter is missing one.
    for (size_t n = 1; n <= s.arguments.size(); ++n) {
      EXPECT_TRUE(UsesParameter(s.statement.sql, n))
          << "$" << n << " unused in " << s.statement.sql;
    }
    EXPECT_FALSE(UsesParameter(s.statement.sql, s.arguments.size() + 1)) << s.statement.sql;
  }
  EXPECT_EQ(sql_by_name.size(), EveryShape().size());
}

TEST(ListStatementTest, TheCallerAndAnAuthorAreBoundAsJsonNotBuiltPerRow) {
  ListFilters f = Base();
  f.author = "people/o\"brien";
  const ListStatement s = BuildListStatement(f);
  EXPECT_FALSE(absl::StrContains(s.statement.sql, "jsonb_build_array"));
  EXPECT_EQ(s.arguments[3], R"(["people/aigerim"])");
  EXPECT_NE(std::find(s.arguments.begin(), s.arguments.end(), R"(["people/o\"brien"])"),
            s.arguments.end());
}

}  // namespace
}  // namespace summit::recommendations::sql
