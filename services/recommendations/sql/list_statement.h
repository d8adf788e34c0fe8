#pragma once
// ListRecommendations' statement, made of only the conditions a call uses.
//
// One statement with every filter written as `($n IS NULL OR ...)` was
// planned afresh on every call, every filter in it, and hid the search terms
// from the planner in a NOT EXISTS over a jsonb array. A statement of only
// the filters a call uses is quicker to plan and shows each term as a LIKE;
// the unfiltered list, the page every list view opens on, is planned once
// per session (list_statement.cc says why only that one).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/common/db_pool.h"

namespace summit::recommendations::sql {

// What a ListRecommendations call asks for. An empty optional, or no terms,
// is no filter.
struct ListFilters {
  std::string summit;
  int64_t after_number = 0;
  int limit = 0;
  std::string caller;           // the caller's person name
  bool sees_submitted = false;  // coordinators and services see every submitted one
  std::optional<std::string> track;
  std::optional<std::string> state;  // a State's enum name
  std::optional<std::string> organization;
  std::optional<std::string> author;
  std::optional<std::string> country_code;
  std::optional<int64_t> updated_after_micros;
  // The LIKE pattern of each term to look for as a substring. A trigram
  // index serves a pattern of three or more characters.
  std::vector<std::string> term_patterns;
  // A rare term of one or two characters, found through the index of short
  // pieces instead (exact: a piece is any one or two characters of the text).
  std::optional<std::string> rare_short_term;
};

// The statement for these filters and its arguments. Its name says which
// filters it has and how many terms (or, unfiltered, which limit bucket), so
// each combination is prepared once per session and their number is bounded.
struct ListStatement {
  PreparedStatement statement;
  std::vector<std::string> arguments;
};

ListStatement BuildListStatement(const ListFilters& filters);

}  // namespace summit::recommendations::sql
