#pragma once
// Rows of the recommendations schema <-> API messages.

#include <cstdint>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "services/common/binary_query.h"
#include "services/recommendations/visibility.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit::recommendations {

struct RecommendationRow {
  v1::Recommendation resource;
  int64_t number = 0;  // resource.number without its "REC-"
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

// The rows of a result with the recommendation columns (REC_COLUMNS in
// sql/queries.h, in any order): binary from a session connection, text
// from libpqxx, read alike.
std::vector<RecommendationRow> DecodeRecommendations(const BinaryResult& result);
std::vector<RecommendationRow> ReadRecommendations(const pqxx::result& result);
// The one row of a statement on a recommendation the unit of work holds
// locked; pqxx::unexpected_rows (an internal error) when there is another
// number of them.
RecommendationRow OnlyRow(std::vector<RecommendationRow>&& rows);

// Runs a prepared statement that returns the recommendation columns
// (binary_query.h).
template <typename... Params>
std::vector<RecommendationRow> QueryRecommendations(pqxx::transaction_base& txn,
                                                    const std::string& statement,
                                                    Params&&... params) {
  return QueryBinary(txn, statement, DecodeRecommendations, ReadRecommendations,
                     std::forward<Params>(params)...);
}

v1::RecommendationVersion ReadVersion(const pqxx::row& row);
// `stale` is derived from the recommendation's current version.
v1::Translation ReadTranslation(const pqxx::row& row, int current_version);

std::string VersionName(const std::string& recommendation, int number);
std::string TranslationName(const std::string& recommendation, const std::string& language);

}  // namespace summit::recommendations
