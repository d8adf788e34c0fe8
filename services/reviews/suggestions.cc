#include "services/reviews/suggestions.h"

#include <algorithm>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"

namespace summit::reviews {
namespace {

constexpr double kExpertiseWeight = 10.0;
constexpr double kLoadPenalty = 2.0;
constexpr double kCrossCountryBonus = 5.0;

}  // namespace

std::vector<v1::Suggestion> RankReviewers(const std::vector<Candidate>& candidates,
                                          const SuggestionContext& ctx, int count) {
  const bool needs_cross_country = ctx.policy.require_cross_country() &&
                                   absl::c_none_of(ctx.assigned, [&](const PersonFacts& p) {
                                     return IsCrossCountry(p, ctx.authors);
                                   });
  std::vector<v1::Suggestion> out;
  for (const Candidate& c : candidates) {
    // Whoever may not be assigned is not suggested. The last-place
    // cross-country rule is left to assignment: ranking already favours it.
    v1::ReviewPolicy open_policy = ctx.policy;
    open_policy.set_require_cross_country(false);
    if (!CheckAssignable(c.person, ctx.authors, ctx.assigned, open_policy).ok()) continue;
    v1::Suggestion s;
    s.set_person(c.person.name);
    double score = 0;
    if (absl::c_linear_search(c.expertise_tracks, ctx.track)) {
      score += kExpertiseWeight;
      s.add_reasons(absl::StrCat("expert in ", ctx.track));
    }
    score -= kLoadPenalty * c.open_load;
    s.add_reasons(absl::StrCat(c.open_load, " open review", c.open_load == 1 ? "" : "s"));
    if (IsCrossCountry(c.person, ctx.authors)) {
      s.add_reasons(absl::StrCat("from ", c.person.country, ": cross-country"));
      if (needs_cross_country) score += kCrossCountryBonus;
    }
    s.set_score(score);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const v1::Suggestion& a, const v1::Suggestion& b) {
    return a.score() != b.score() ? a.score() > b.score() : a.person() < b.person();
  });
  if (static_cast<int>(out.size()) > count) out.resize(count);
  return out;
}

}  // namespace summit::reviews
