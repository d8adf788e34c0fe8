#pragma once
// The fixed words of a briefing document in the summit's usual languages
// (English, Russian, Kazakh, Korean); English for any other.

#include <string>

namespace summit::briefing {

struct Labels {
  std::string briefing_package, version, contents, figures, total, track, country, recommendations,
      authors, review_rounds, summary, translation, machine_translation, original_only,
      none_approved, approve, request_changes, reject, annexes;
};

const Labels& LabelsFor(const std::string& language);
std::string LabelForOutcome(const Labels& labels, const std::string& outcome);

}  // namespace summit::briefing
