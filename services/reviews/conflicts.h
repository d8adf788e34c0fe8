#pragma once
// Conflict-of-interest rules for reviewer assignment (DESIGN.md): nobody
// reviews what they co-authored or what their own organisation wrote, only
// experts review, nobody twice, and a cycle that requires cross-country
// balance never fills its last place without a reviewer from a country no
// author's organisation is in.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::reviews {

// What the rules need to know about a person (from the directory).
struct PersonFacts {
  std::string name;          // people/{id}
  std::string organization;  // organizations/{id}
  std::string country;       // of the organisation
  bool is_expert = false;
};

// FAILED_PRECONDITION with the reason when `candidate` may not review work by
// `authors`: an author, or from an author's organisation. Checked again when
// authors change (a co-author added later blocks a now-conflicted reviewer).
absl::Status CheckConflict(const PersonFacts& candidate, const std::vector<PersonFacts>& authors);

// Every assignment rule: CheckConflict, expert role, not already assigned,
// and the cross-country policy once the cycle would be full.
// `assigned`: the cycle's reviewers whose assignments are not declined.
absl::Status CheckAssignable(const PersonFacts& candidate, const std::vector<PersonFacts>& authors,
                             const std::vector<PersonFacts>& assigned,
                             const v1::ReviewPolicy& policy);

// True when `person` is from a country none of the authors is from.
bool IsCrossCountry(const PersonFacts& person, const std::vector<PersonFacts>& authors);

}  // namespace summit::reviews
