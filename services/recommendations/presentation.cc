#include "services/recommendations/presentation.h"

#include "absl/algorithm/container.h"

namespace summit::recommendations {

namespace {

// Clears from `shown` what `viewer` may not see of `row`'s recommendation.
void Redact(const Principal& viewer, const RecommendationRow& row, v1::Recommendation& shown) {
  if (!IsAuthor(viewer, row.authors) && !IsCoordinatorOrService(viewer)) {
    shown.clear_shared_with_meetings();
  }
  if (HidesAuthorsFrom(viewer, row.Facts())) {
    shown.clear_authors();
    shown.clear_owner_organization();
    shown.clear_owner_country();
  }
}

}  // namespace

v1::Recommendation PresentTo(const Principal& viewer, const RecommendationRow& row) {
  v1::Recommendation shown = row.resource;
  Redact(viewer, row, shown);
  return shown;
}

void PresentInto(const Principal& viewer, RecommendationRow&& row, v1::Recommendation* shown) {
  shown->Swap(&row.resource);
  Redact(viewer, row, *shown);
}

v1::Recommendation PresentTo(const Principal& viewer, RecommendationRow&& row) {
  v1::Recommendation shown;
  PresentInto(viewer, std::move(row), &shown);
  return shown;
}

v1::RecommendationVersion PresentTo(const Principal& viewer, const RecommendationRow& row,
                                    v1::RecommendationVersion version) {
  if (HidesAuthorsFrom(viewer, row.Facts())) version.clear_author();
  return version;
}

v1::Translation PresentTo(const Principal& viewer, const RecommendationRow& row,
                          v1::Translation translation) {
  // A coordinator's name may show; an author's would tell who wrote it.
  if (HidesAuthorsFrom(viewer, row.Facts()) &&
      absl::c_linear_search(row.authors, translation.translator())) {
    translation.clear_translator();
  }
  return translation;
}

}  // namespace summit::recommendations
