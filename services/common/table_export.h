#pragma once
// A table of cells written as CSV or as an XLSX workbook (libxlsxwriter):
// the coordinators' exports. Numbers stay numbers in XLSX; text that looks
// like a formula is written as text in both.

#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace summit {

struct ExportTable {
  // The sheet's name (at most 31 characters in XLSX).
  std::string title;
  std::vector<std::string> header;
  using Cell = std::variant<std::string, double>;
  std::vector<std::vector<Cell>> rows;
};

// UTF-8 CSV with a byte order mark (spreadsheets then read Cyrillic and
// Hangul right), CRLF rows.
std::string RenderCsv(const ExportTable& table);
// An .xlsx file's bytes: a bold, frozen header row and column widths.
// INTERNAL only if the library cannot write its temporary file.
absl::StatusOr<std::string> RenderXlsx(const ExportTable& table);

}  // namespace summit
