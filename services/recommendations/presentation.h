#pragma once
// What a caller is shown of a recommendation and its texts: all of what they
// may see (visibility.h), except that a double-blind reviewer is not told
// who wrote it. Every response passes through one of these.

#include "services/common/principal.h"
#include "services/recommendations/recommendation_rows.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

v1::Recommendation PresentTo(const Principal& viewer, const RecommendationRow& row);
// The same for a row read only to be shown: its resource is moved, not copied.
v1::Recommendation PresentTo(const Principal& viewer, RecommendationRow&& row);
// ... moved straight into `shown` (an element of a response's list).
void PresentInto(const Principal& viewer, RecommendationRow&& row, v1::Recommendation* shown);
v1::RecommendationVersion PresentTo(const Principal& viewer, const RecommendationRow& row,
                                    v1::RecommendationVersion version);
v1::Translation PresentTo(const Principal& viewer, const RecommendationRow& row,
                          v1::Translation translation);

}  // namespace summit::recommendations
