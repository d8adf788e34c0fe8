#include "services/reviews/conflicts.h"

#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace summit::reviews {

bool IsCrossCountry(const PersonFacts& person, const std::vector<PersonFacts>& authors) {
  return !person.country.empty() && absl::c_none_of(authors, [&](const PersonFacts& a) {
    return a.country == person.country;
  });
}

absl::Status CheckConflict(const PersonFacts& candidate, const std::vector<PersonFacts>& authors) {
  for (const PersonFacts& a : authors) {
    if (a.name == candidate.name) {
      return absl::FailedPreconditionError(
          absl::StrCat(candidate.name, " is an author of this recommendation"));
    }
  }
  for (const PersonFacts& a : authors) {
    if (!candidate.organization.empty() && a.organization == candidate.organization) {
      return absl::FailedPreconditionError(absl::StrCat(
          candidate.name, " works at ", candidate.organization, ", like author ", a.name));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAssignable(const PersonFacts& candidate, const std::vector<PersonFacts>& authors,
                             const std::vector<PersonFacts>& assigned,
                             const v1::ReviewPolicy& policy) {
  if (absl::Status s = CheckConflict(candidate, authors); !s.ok()) return s;
  if (!candidate.is_expert) {
    return absl::FailedPreconditionError(absl::StrCat(candidate.name, " is not an expert"));
  }
  if (absl::c_any_of(assigned, [&](const PersonFacts& p) { return p.name == candidate.name; })) {
    return absl::FailedPreconditionError(absl::StrCat(candidate.name, " is already assigned"));
  }
  const int filled = static_cast<int>(assigned.size()) + 1;
  if (policy.require_cross_country() && filled >= policy.required_reviews() &&
      !IsCrossCountry(candidate, authors) &&
      absl::c_none_of(assigned, [&](const PersonFacts& p) { return IsCrossCountry(p, authors); })) {
    std::set<std::string> countries;
    for (const PersonFacts& a : authors) countries.insert(a.country);
    return absl::FailedPreconditionError(absl::StrCat(
        "the cycle needs a reviewer from outside ", absl::StrJoin(countries, ", "), "; assigning ",
        candidate.name, " (", candidate.country, ") would fill its last place without one"));
  }
  return absl::OkStatus();
}

}  // namespace summit::reviews
