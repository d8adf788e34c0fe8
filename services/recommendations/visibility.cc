#include "services/recommendations/visibility.h"

#include "absl/algorithm/container.h"

namespace summit::recommendations {

using R = v1::Recommendation;

bool IsAuthor(const Principal& viewer, const std::vector<std::string>& authors) {
  return absl::c_linear_search(authors, viewer.subject);
}

bool IsCoordinatorOrService(const Principal& viewer) {
  return viewer.IsService() || viewer.Has(directory::v1::ROLE_COORDINATOR);
}

namespace {

bool Lists(const std::vector<std::string>* people, const std::string& person) {
  return people != nullptr && absl::c_linear_search(*people, person);
}

}  // namespace

bool CanSee(const Principal& viewer, const VisibilityFacts& f) {
  if (IsAuthor(viewer, *f.authors)) return true;
  if (f.state == R::STATE_DRAFT) {
    // The meetings service checks a shared draft it is asked to put on an agenda.
    if (viewer.IsService()) return f.shared_meetings != nullptr && !f.shared_meetings->empty();
    return Lists(f.draft_readers, viewer.subject);
  }
  if (f.state == R::STATE_APPROVED || f.state == R::STATE_ADOPTED) return true;
  return IsCoordinatorOrService(viewer) || absl::c_linear_search(*f.reviewers, viewer.subject) ||
         Lists(f.meeting_readers, viewer.subject);
}

bool HidesAuthorsFrom(const Principal& viewer, const VisibilityFacts& f) {
  if (!f.reviewers_double_blind || IsAuthor(viewer, *f.authors) || IsCoordinatorOrService(viewer))
    return false;
  if (f.state == R::STATE_APPROVED || f.state == R::STATE_ADOPTED) return false;  // public
  return absl::c_linear_search(*f.reviewers, viewer.subject);
}

}  // namespace summit::recommendations
