#pragma once
// Rows of the reviews schema <-> API messages, with the columns the API
// does not show (which recommendation, the reviewer's country).

#include <optional>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::reviews {

struct CycleRow {
  v1::ReviewCycle cycle;
  std::string recommendation;
  // The recommendation as last seen.
  std::vector<std::string> authors;
  std::string track;
  std::string number;
};

struct AssignmentRow {
  v1::Assignment assignment;  // reviewer and pseudonym filled; overdue derived from `now`
  std::string cycle;
  std::string reviewer_country;
  int position = 0;
};

struct CommentRow {
  v1::Comment comment;  // author and body filled, whatever the caller may see
  std::string recommendation;
  // The recommendation's authors when written.
  std::vector<std::string> authors;
  std::string writer_role;  // "author", "reviewer", "coordinator"
  int writer_position = 0;
};

CycleRow ReadCycle(const pqxx::row& row);
// Every assignment of a cycle, in position order.
std::vector<AssignmentRow> ReadAssignments(pqxx::transaction_base& txn, const std::string& cycle,
                                           absl::Time now);
// A cycle and its assignments from kGetCycleWithAssignments' rows; nullopt
// when there were none (no such cycle).
std::optional<std::pair<CycleRow, std::vector<AssignmentRow>>> ReadCycleWithAssignments(
    const pqxx::result& rows, absl::Time now);
// An assignment's state column (kSubmitReview's assignment_state).
v1::Assignment::State ReadAssignmentState(const pqxx::field& f);
AssignmentRow ReadAssignment(const pqxx::row& row, absl::Time now);
v1::Review ReadReview(const pqxx::row& row);
CommentRow ReadComment(const pqxx::row& row);
v1::AuthorResponse ReadAuthorResponse(const pqxx::row& row);

}  // namespace summit::reviews
