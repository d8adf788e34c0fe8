#pragma once
// Rows of the recommendations schema <-> API messages.

#include <string>
#include <vector>

#include <pqxx/row>

#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

struct RecommendationRow {
  v1::Recommendation resource;
  std::vector<std::string> authors;
  std::vector<std::string> reviewers;
};

RecommendationRow ReadRecommendation(const pqxx::row& row);
v1::RecommendationVersion ReadVersion(const pqxx::row& row);
// `stale` is derived from the recommendation's current version.
v1::Translation ReadTranslation(const pqxx::row& row, int current_version);

// JSON arrays of strings, for the jsonb columns and filters.
std::string ToJsonArray(const std::vector<std::string>& items);
std::vector<std::string> FromJsonArray(const std::string& json);

std::string VersionName(const std::string& recommendation, int number);
std::string TranslationName(const std::string& recommendation, const std::string& language);

}  // namespace summit::recommendations
