#pragma once
// CSV (RFC 4180) in and out: bulk imports read it, exports write it.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit {

// One row and the line it starts on (1-based), for messages.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> cells;
};

// Rows of cells. Quoted cells may hold commas, quotes ("") and line breaks;
// CRLF or LF ends a row; a leading UTF-8 byte order mark is dropped; blank
// lines are skipped. INVALID_ARGUMENT naming `field` and the line for an
// unterminated quote or a stray one.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view field, absl::string_view text);

// One row with CRLF. Cells are quoted when they need it; a cell a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
// prefixed with ' so an export never executes anything (OWASP CSV injection).
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace summit
