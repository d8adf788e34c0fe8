#pragma once
// Field rules for recommendations, versions and translations.

#include "absl/status/status.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

inline constexpr size_t kMaxTitleChars = 300;
inline constexpr size_t kMaxSummaryChars = 3000;
inline constexpr size_t kMaxBodyChars = 200000;
inline constexpr size_t kMaxAuthors = 20;

// Text of a version (`field` prefixes errors: "first_version", "version").
absl::Status ValidateVersionText(absl::string_view field, const v1::RecommendationVersion& v);
absl::Status ValidateTranslation(const v1::Translation& t);
// A track of `summit`.
absl::Status ValidateTrackName(absl::string_view track, absl::string_view summit);
// `people/{id}` names, no repeats, at most kMaxAuthors.
absl::Status ValidateAuthorNames(const google::protobuf::RepeatedPtrField<std::string>& authors);
// Track, owner organisation (optional), authors and priority together.
absl::Status ValidateRecommendationFields(const v1::Recommendation& r, absl::string_view summit);

// FAILED_PRECONDITION naming what a submission still lacks.
absl::Status CheckReadyToSubmit(const v1::RecommendationVersion& current);

}  // namespace summit::recommendations
