#pragma once
// Facts derived from review state, never stored: overdue assignments,
// reviewer agreement, who an item waits on, and blind-review pseudonyms.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "summit/recommendations/v1/resources.pb.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::reviews {

v1::Assignment::Overdue DeriveOverdue(v1::Assignment::State state, absl::Time response_due,
                                      absl::Time review_due, absl::Time now);

v1::Agreement ClassifyAgreement(const std::vector<v1::Review::Verdict>& verdicts);

struct WaitingFacts {
  recommendations::v1::Recommendation::State state;
  bool has_open_cycle = false;
  int required_reviews = 0;
  int active_assignments = 0;  // invited or accepted or submitted
  int submitted_reviews = 0;
};

v1::WaitingOn DeriveWaitingOn(const WaitingFacts& facts);

// Invited, accepted or submitted: not declined nor removed.
bool IsActiveAssignment(v1::Assignment::State state);

// "Reviewer 1" for the first assignment of a cycle, and so on.
std::string Pseudonym(int assignment_index);

// Whether a viewer may learn a reviewer's identity.
bool MayKnowReviewer(v1::BlindMode mode, bool viewer_is_author, bool viewer_is_coordinator);

}  // namespace summit::reviews
