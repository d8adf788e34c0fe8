#include "services/common/csv.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/status.h"

namespace summit {

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view field, absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, was_quoted = false;
  int line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    const bool blank = row.size() == 1 && row[0].empty() && !was_quoted;
    if (!blank) rows.push_back({.line = row_line, .cells = std::move(row)});
    row.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!cell.empty() || was_quoted) {
          return InvalidField(field,
                              absl::StrCat("line ", line, ": a quote inside an unquoted cell"));
        }
        quoted = was_quoted = true;
        break;
      case ',':
        row.push_back(std::move(cell));
        cell.clear();
        was_quoted = false;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the row
        [[fallthrough]];
      case '\n':
        end_row();
        row_line = ++line;
        break;
      default:
        if (was_quoted) {
          return InvalidField(field, absl::StrCat("line ", line, ": text after a closing quote"));
        }
        cell += c;
    }
  }
  if (quoted) return InvalidField(field, absl::StrCat("line ", row_line, ": a quote never closed"));
  if (!cell.empty() || !row.empty() || was_quoted) end_row();
  return rows;
}

std::string CsvRow(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell = cells[i];
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r')) {
      cell.insert(0, "'");
    }
    if (cell.find_first_of(",\"\r\n") != std::string::npos) {
      cell = absl::StrCat("\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\"");
    }
    if (i) out += ',';
    out += cell;
  }
  out += "\r\n";
  return out;
}

}  // namespace summit
