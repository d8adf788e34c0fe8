#pragma once
// Ranking candidate reviewers for a cycle: matching expertise first, then
// lighter current load, then what the cross-country policy still needs.
// Conflicted candidates are left out, never ranked low.

#include <string>
#include <vector>

#include "services/reviews/conflicts.h"
#include "summit/reviews/v1/review_service.pb.h"

namespace summit::reviews {

struct Candidate {
  PersonFacts person;
  std::vector<std::string> expertise_tracks;
  // Assignments not yet submitted or declined, across all cycles.
  int open_load = 0;
};

struct SuggestionContext {
  std::string track;  // the recommendation's track
  std::vector<PersonFacts> authors;
  std::vector<PersonFacts> assigned;
  v1::ReviewPolicy policy;
};

// Best first; ties by name so the order is stable. At most `count`.
std::vector<v1::Suggestion> RankReviewers(const std::vector<Candidate>& candidates,
                                          const SuggestionContext& context, int count);

}  // namespace summit::reviews
