#pragma once
// Who may see a recommendation (DESIGN.md): a draft only its authors;
// submitted and later work its authors, coordinators and assigned reviewers;
// approved and adopted work every participant. Meetings add readers: the
// participants of a meeting with it on the agenda read submitted and later
// work, and a draft shared for that meeting by one of its authors. Everyone else gets the same
// NOT_FOUND as for an id that does not exist. Reviewers of a double-blind
// cycle see the work but not who wrote it, until it is public.

#include <string>
#include <vector>

#include "services/common/principal.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

struct VisibilityFacts {
  v1::Recommendation::State state;
  const std::vector<std::string>* authors;
  const std::vector<std::string>* reviewers;
  // The reviewers review double-blind.
  bool reviewers_double_blind = false;
  // Participants of meetings with it on the agenda.
  const std::vector<std::string>* meeting_readers = nullptr;
  // Participants of meetings it is on and was shared for as a draft.
  const std::vector<std::string>* draft_readers = nullptr;
  // Meetings an author shared it for (a draft on their agenda).
  const std::vector<std::string>* shared_meetings = nullptr;
};

bool CanSee(const Principal& viewer, const VisibilityFacts& facts);
// Whether `viewer` sees the work only as a double-blind reviewer, and so must
// not learn who wrote it (authors, owner organisation and country, version
// authors, the authors as actors of events).
bool HidesAuthorsFrom(const Principal& viewer, const VisibilityFacts& facts);
bool IsAuthor(const Principal& viewer, const std::vector<std::string>& authors);
// Coordinators and the servers' own service credentials.
bool IsCoordinatorOrService(const Principal& viewer);

}  // namespace summit::recommendations
