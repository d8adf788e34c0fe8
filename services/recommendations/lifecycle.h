#pragma once
// The recommendation lifecycle (DESIGN.md): which state may follow which,
// and the FAILED_PRECONDITION a refused step gets, saying what is allowed.

#include <vector>

#include "absl/status/status.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

using State = v1::Recommendation::State;

// REJECTED, ADOPTED and WITHDRAWN: nothing follows them.
bool IsFinal(State state);

std::vector<State> AllowedNext(State from);

// OK when `to` may follow `from`.
absl::Status CheckTransition(State from, State to);
// The same for a transition the review process asks for: also in_review ->
// submitted, when a coordinator cancels the open cycle (no person can take
// that step directly).
absl::Status CheckReviewTransition(State from, State to);

// "draft", "in_review", ...
std::string StateName(State state);

// Versions may be added only while the authors hold the pen.
bool AcceptsNewVersions(State state);

}  // namespace summit::recommendations
