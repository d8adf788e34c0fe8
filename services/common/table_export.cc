#include "services/common/table_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/common/csv.h"

namespace summit {
namespace {

std::string Text(const ExportTable::Cell& cell) {
  if (const std::string* s = std::get_if<std::string>(&cell)) return *s;
  const double d = std::get<double>(cell);
  if (d == static_cast<double>(static_cast<long long>(d))) {
    return absl::StrCat(static_cast<long long>(d));
  }
  return absl::StrCat(d);
}

// Display width in characters, roughly: UTF-8 lead bytes counted.
size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string RenderCsv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";
  out += CsvRow(table.header);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(Text(cell));
    out += CsvRow(cells);
  }
  return out;
}

absl::StatusOr<std::string> RenderXlsx(const ExportTable& table) {
  // The library writes to a file; a private temporary one, read back and removed.
  char path[] = "/tmp/summit-export-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return absl::InternalError("could not create a temporary file for the export");
  close(fd);
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) {
    unlink(path);
    return absl::InternalError("could not start the workbook");
  }
  const std::string title = table.title.substr(0, 31);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, title.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  std::vector<size_t> widths(table.header.size(), 8);
  for (size_t c = 0; c < table.header.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold);
    widths[c] = std::max(widths[c], Chars(table.header[c]));
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const lxw_row_t row = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < table.rows[r].size(); ++c) {
      const lxw_col_t col = static_cast<lxw_col_t>(c);
      const ExportTable::Cell& cell = table.rows[r][c];
      if (const std::string* s = std::get_if<std::string>(&cell)) {
        // worksheet_write_string never makes a formula of "=...".
        if (!s->empty()) worksheet_write_string(sheet, row, col, s->c_str(), nullptr);
        if (c < widths.size()) widths[c] = std::max(widths[c], std::min<size_t>(Chars(*s), 60));
      } else {
        worksheet_write_number(sheet, row, col, std::get<double>(cell), nullptr);
      }
    }
  }
  for (size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(widths[c] + 2), nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  const lxw_error error = workbook_close(workbook);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  unlink(path);
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("writing the workbook: ", lxw_strerror(error)));
  }
  return bytes.str();
}

}  // namespace summit
