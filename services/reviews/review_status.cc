#include "services/reviews/review_status.h"

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"

namespace summit::reviews {

using A = v1::Assignment;
using V = v1::Review;
using RecState = recommendations::v1::Recommendation;

A::Overdue DeriveOverdue(A::State state, absl::Time response_due, absl::Time review_due,
                         absl::Time now) {
  if (state == A::STATE_INVITED && now > response_due) return A::OVERDUE_RESPONSE;
  if (state == A::STATE_ACCEPTED && now > review_due) return A::OVERDUE_REVIEW;
  return A::OVERDUE_NONE;
}

v1::Agreement ClassifyAgreement(const std::vector<V::Verdict>& verdicts) {
  if (verdicts.empty()) return v1::AGREEMENT_NONE;
  const auto positive = [](V::Verdict v) {
    return v == V::VERDICT_APPROVE || v == V::VERDICT_MINOR_CHANGES;
  };
  const auto negative = [](V::Verdict v) {
    return v == V::VERDICT_MAJOR_CHANGES || v == V::VERDICT_REJECT;
  };
  if (absl::c_all_of(verdicts, positive)) return v1::AGREEMENT_ALL_POSITIVE;
  if (absl::c_all_of(verdicts, negative)) return v1::AGREEMENT_ALL_NEGATIVE;
  if (absl::c_linear_search(verdicts, V::VERDICT_APPROVE) &&
      absl::c_linear_search(verdicts, V::VERDICT_REJECT)) {
    return v1::AGREEMENT_CONFLICTING;
  }
  return v1::AGREEMENT_MIXED;
}

v1::WaitingOn DeriveWaitingOn(const WaitingFacts& f) {
  switch (f.state) {
    case RecState::STATE_DRAFT:
    case RecState::STATE_CHANGES_REQUESTED:
      return v1::WAITING_ON_AUTHORS;
    case RecState::STATE_SUBMITTED:
      return v1::WAITING_ON_COORDINATORS;  // to open a cycle
    case RecState::STATE_IN_REVIEW:
      if (!f.has_open_cycle || f.active_assignments < f.required_reviews) {
        return v1::WAITING_ON_COORDINATORS;  // to assign reviewers
      }
      if (f.submitted_reviews < f.required_reviews) return v1::WAITING_ON_REVIEWERS;
      return v1::WAITING_ON_COORDINATORS;  // to decide
    case RecState::STATE_APPROVED:
      return v1::WAITING_ON_COORDINATORS;  // to adopt into the package
    default:
      return v1::WAITING_ON_NOBODY;
  }
}

std::string Pseudonym(int assignment_index) {
  return absl::StrCat("Reviewer ", assignment_index + 1);
}

bool IsActiveAssignment(v1::Assignment::State state) {
  return state == v1::Assignment::STATE_INVITED || state == v1::Assignment::STATE_ACCEPTED ||
         state == v1::Assignment::STATE_SUBMITTED;
}

bool MayKnowReviewer(v1::BlindMode mode, bool viewer_is_author, bool viewer_is_coordinator) {
  if (viewer_is_coordinator && !viewer_is_author) return true;
  if (viewer_is_author) return mode == v1::BLIND_MODE_OPEN;
  // Other reviewers: names only in open cycles.
  return mode == v1::BLIND_MODE_OPEN;
}

}  // namespace summit::reviews
