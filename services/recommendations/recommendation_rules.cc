#include "services/recommendations/recommendation_rules.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace summit::recommendations {

absl::Status ValidateVersionText(absl::string_view field, const v1::RecommendationVersion& v) {
  RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".title"), v.title(),
                               {.required = true, .max_chars = kMaxTitleChars}));
  RETURN_IF_ERROR(
      ValidateText(absl::StrCat(field, ".summary"), v.summary(), {.max_chars = kMaxSummaryChars}));
  RETURN_IF_ERROR(
      ValidateText(absl::StrCat(field, ".body"), v.body(), {.max_chars = kMaxBodyChars}));
  RETURN_IF_ERROR(ValidateLanguageTag(absl::StrCat(field, ".language"), v.language()));
  return ValidateText(absl::StrCat(field, ".change_note"), v.change_note(),
                      {.max_chars = kMaxShortTextChars});
}

absl::Status ValidateTranslation(const v1::Translation& t) {
  RETURN_IF_ERROR(ValidateLanguageTag("translation.language", t.language()));
  RETURN_IF_ERROR(ValidateText("translation.title", t.title(),
                               {.required = true, .max_chars = kMaxTitleChars}));
  RETURN_IF_ERROR(
      ValidateText("translation.summary", t.summary(), {.max_chars = kMaxSummaryChars}));
  RETURN_IF_ERROR(ValidateText("translation.body", t.body(), {.max_chars = kMaxBodyChars}));
  if (t.kind() == v1::Translation::KIND_UNSPECIFIED || !v1::Translation::Kind_IsValid(t.kind())) {
    return InvalidField("translation.kind", "is required: original, machine or human_checked");
  }
  return absl::OkStatus();
}

absl::Status ValidateTrackName(absl::string_view track, absl::string_view summit) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids,
                   ParseResourceName("recommendation.track", track, {"summits", "tracks"}));
  if (absl::StrCat("summits/", ids[0]) != summit) {
    return InvalidField("recommendation.track", absl::StrCat("must be a track of ", summit));
  }
  return absl::OkStatus();
}

absl::Status ValidateAuthorNames(const google::protobuf::RepeatedPtrField<std::string>& authors) {
  if (authors.size() > static_cast<int>(kMaxAuthors)) {
    return InvalidField("recommendation.authors",
                        absl::StrCat("at most ", kMaxAuthors, " authors"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < authors.size(); ++i) {
    const std::string f = absl::StrCat("recommendation.authors[", i, "]");
    RETURN_IF_ERROR(ParseResourceName(f, authors[i], {"people"}).status());
    if (!seen.insert(authors[i]).second) return InvalidField(f, "is listed twice");
  }
  return absl::OkStatus();
}

absl::Status ValidateRecommendationFields(const v1::Recommendation& r, absl::string_view summit) {
  RETURN_IF_ERROR(ValidateTrackName(r.track(), summit));
  if (!r.owner_organization().empty()) {
    RETURN_IF_ERROR(ParseResourceName("recommendation.owner_organization", r.owner_organization(),
                                      {"organizations"})
                        .status());
  }
  RETURN_IF_ERROR(ValidateAuthorNames(r.authors()));
  if (!v1::Recommendation::Priority_IsValid(r.priority())) {
    return InvalidField("recommendation.priority", "is not a known priority");
  }
  return absl::OkStatus();
}

absl::Status CheckReadyToSubmit(const v1::RecommendationVersion& v) {
  std::vector<std::string> missing;
  if (absl::StripAsciiWhitespace(v.title()).empty()) missing.push_back("title");
  if (absl::StripAsciiWhitespace(v.summary()).empty()) missing.push_back("summary");
  if (absl::StripAsciiWhitespace(v.body()).empty()) missing.push_back("body");
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("version ", v.version_number(), " cannot be submitted without: ",
                   absl::StrJoin(missing, ", "), "; add a version that has them"));
}

}  // namespace summit::recommendations
