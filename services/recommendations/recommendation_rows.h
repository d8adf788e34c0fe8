#pragma once
// Rows of the recommendations schema <-> API messages.

#include <pqxx/row>
#include <string>
#include <vector>

#include "services/common/proto_json.h"
#include "services/recommendations/visibility.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

struct RecommendationRow {
  v1::Recommendation resource;
  std::vector<std::string> authors;
  std::vector<std::string> reviewers;
  bool reviewers_double_blind = false;
  std::vector<std::string> meeting_readers;
  std::vector<std::string> draft_readers;
  std::vector<std::string> shared_meetings;

  // What the visibility rules need to know of it.
  VisibilityFacts Facts() const {
    return {resource.state(), &authors,       &reviewers,      reviewers_double_blind,
            &meeting_readers, &draft_readers, &shared_meetings};
  }
};

RecommendationRow ReadRecommendation(const pqxx::row& row);
v1::RecommendationVersion ReadVersion(const pqxx::row& row);
// `stale` is derived from the recommendation's current version.
v1::Translation ReadTranslation(const pqxx::row& row, int current_version);

std::string VersionName(const std::string& recommendation, int number);
std::string TranslationName(const std::string& recommendation, const std::string& language);

}  // namespace summit::recommendations
