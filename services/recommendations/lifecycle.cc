#include "services/recommendations/lifecycle.h"

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace summit::recommendations {

using R = v1::Recommendation;

bool IsFinal(State s) {
  return s == R::STATE_REJECTED || s == R::STATE_ADOPTED || s == R::STATE_WITHDRAWN;
}

std::vector<State> AllowedNext(State from) {
  switch (from) {
    case R::STATE_DRAFT:
      return {R::STATE_SUBMITTED, R::STATE_WITHDRAWN};
    case R::STATE_SUBMITTED:
      return {R::STATE_IN_REVIEW, R::STATE_WITHDRAWN};
    case R::STATE_IN_REVIEW:
      return {R::STATE_CHANGES_REQUESTED, R::STATE_APPROVED, R::STATE_REJECTED, R::STATE_WITHDRAWN};
    case R::STATE_CHANGES_REQUESTED:
      return {R::STATE_SUBMITTED, R::STATE_WITHDRAWN};
    case R::STATE_APPROVED:
      return {R::STATE_ADOPTED, R::STATE_WITHDRAWN};
    default:
      return {};
  }
}

std::string StateName(State s) {
  if (s == R::STATE_UNSPECIFIED) return "unspecified";
  return absl::AsciiStrToLower(R::State_Name(s).substr(6));  // drop "STATE_"
}

absl::Status CheckTransition(State from, State to) {
  const std::vector<State> next = AllowedNext(from);
  if (absl::c_linear_search(next, to)) return absl::OkStatus();
  if (next.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("the recommendation is ", StateName(from),
                                                      ", a final state: nothing can follow it"));
  }
  std::vector<std::string> names;
  for (State s : next) names.push_back(StateName(s));
  return absl::FailedPreconditionError(absl::StrCat("cannot go from ", StateName(from), " to ",
                                                    StateName(to), "; from ", StateName(from),
                                                    " it can go to: ", absl::StrJoin(names, ", ")));
}

absl::Status CheckReviewTransition(State from, State to) {
  if (from == R::STATE_IN_REVIEW && to == R::STATE_SUBMITTED) return absl::OkStatus();
  return CheckTransition(from, to);
}

bool AcceptsNewVersions(State s) { return s == R::STATE_DRAFT || s == R::STATE_CHANGES_REQUESTED; }

}  // namespace summit::recommendations
