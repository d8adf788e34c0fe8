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

// Where a result's recommendation columns are, looked up by name once: a
// lookup by name copies and compares each name, and per row of a list page
// that cost more than reading the values.
struct RecommendationColumns {
  template <typename ResultOrRow>
  explicit RecommendationColumns(const ResultOrRow& r)
      : name(r.column_number("name")),
        number(r.column_number("number")),
        track(r.column_number("track")),
        owner_organization(r.column_number("owner_organization")),
        owner_country(r.column_number("owner_country")),
        authors(r.column_number("authors")),
        reviewers(r.column_number("reviewers")),
        reviewers_double_blind(r.column_number("reviewers_double_blind")),
        meeting_readers(r.column_number("meeting_readers")),
        draft_readers(r.column_number("draft_readers")),
        shared_meetings(r.column_number("shared_meetings")),
        state(r.column_number("state")),
        priority(r.column_number("priority")),
        current_version(r.column_number("current_version")),
        title(r.column_number("title")),
        summary(r.column_number("summary")),
        version(r.column_number("version")),
        create_time_micros(r.column_number("create_time_micros")),
        update_time_micros(r.column_number("update_time_micros")),
        submit_time_micros(r.column_number("submit_time_micros")) {}

  pqxx::row::size_type name, number, track, owner_organization, owner_country, authors, reviewers,
      reviewers_double_blind, meeting_readers, draft_readers, shared_meetings, state, priority,
      current_version, title, summary, version, create_time_micros, update_time_micros,
      submit_time_micros;
};

RecommendationRow ReadRecommendation(const pqxx::row& row, const RecommendationColumns& columns);
// One row, its columns looked up by name.
RecommendationRow ReadRecommendation(const pqxx::row& row);
v1::RecommendationVersion ReadVersion(const pqxx::row& row);
// `stale` is derived from the recommendation's current version.
v1::Translation ReadTranslation(const pqxx::row& row, int current_version);

std::string VersionName(const std::string& recommendation, int number);
std::string TranslationName(const std::string& recommendation, const std::string& language);

}  // namespace summit::recommendations
