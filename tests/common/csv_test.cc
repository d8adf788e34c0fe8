// CSV in and out: quoting, line breaks inside cells, CRLF, a byte order
// mark, blank lines, and formula cells defused on the way out.
#include "services/common/csv.h"

#include <gtest/gtest.h>

namespace summit {
namespace {

std::vector<std::vector<std::string>> Cells(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const CsvRecord& r : records) out.push_back(r.cells);
  return out;
}

TEST(Csv, ParsesQuotesLineBreaksAndLineNumbers) {
  const auto rows =
      ParseCsv("f", "\xEF\xBB\xBFid,name\r\n1,\"Smith, \"\"J\"\"\"\r\n\r\n2,\"two\nlines\"\n3,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Cells(*rows),
            (std::vector<std::vector<std::string>>{
                {"id", "name"}, {"1", "Smith, \"J\""}, {"2", "two\nlines"}, {"3", ""}}));
  EXPECT_EQ((*rows)[2].line, 4);
  EXPECT_EQ((*rows)[3].line, 6);
}

TEST(Csv, RefusesBrokenQuotesNamingTheLine) {
  EXPECT_EQ(ParseCsv("people_csv", "a\nb\"c\n").status().message(),
            "people_csv: line 2: a quote inside an unquoted cell");
  EXPECT_EQ(ParseCsv("f", "\"a\"b\n").status().message(), "f: line 1: text after a closing quote");
  EXPECT_EQ(ParseCsv("f", "x\n\"open\n").status().message(), "f: line 2: a quote never closed");
}

TEST(Csv, WritesRowsThatReadBackAndNeverRunAsFormulas) {
  const std::vector<std::string> cells = {"plain", "a,b", "say \"hi\"", "two\nlines", "김민준"};
  const std::string row = CsvRow(cells);
  EXPECT_EQ(row, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",김민준\r\n");
  const auto back = ParseCsv("f", row);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].cells, cells);
  EXPECT_EQ(CsvRow({"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"}),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1)\r\n");
}

}  // namespace
}  // namespace summit
