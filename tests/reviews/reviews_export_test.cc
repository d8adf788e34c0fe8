// The coordinators' exports against real servers and PostgreSQL: each table
// as CSV and as XLSX, the workbook opened with openpyxl (Debian's
// python3-openpyxl) and checked cell by cell; a coordinator who wrote the
// work never gets its reviews; only coordinators export.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/reviews/collaboration_test_base.h"

namespace summit::testing {
namespace {

using Request = wv1::ExportTableRequest;

class ExportTest : public CollaborationTest {
 protected:
  grpc::Status Export(const std::string& token, Request::Table table, Request::Format format,
                      wv1::ExportedFile* out) {
    Request req;
    req.set_summit("summits/ca-kr-2025");
    req.set_table(table);
    req.set_format(format);
    return reviews_->ExportTable(AuthContext(token).get(), req, out);
  }

  // Every cell of the workbook's first sheet as openpyxl reads it: one line
  // a row, cells separated by a tab ("" for empty), numbers as numbers.
  std::vector<std::vector<std::string>> ReadXlsx(const std::string& bytes) {
    // A file of its own: tests run in parallel processes sharing TempDir().
    std::string path = ::testing::TempDir() + "/export-XXXXXX.xlsx";
    const int fd = mkstemps(path.data(), 5);
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path, std::ios::binary) << bytes;
    const std::string script =
        "import openpyxl,sys\n"
        "ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\n"
        "print(ws.title + '\\t' + ws.freeze_panes)\n"
        "for row in ws.iter_rows(values_only=True):\n"
        "    print('\\t'.join('' if v is None else (repr(v) if isinstance(v, (int, float)) "
        "else v.replace('\\n', ' ')) for v in row))\n";
    const std::string command = "/usr/bin/python3 -c \"$SCRIPT\" " + path;
    setenv("SCRIPT", script.c_str(), 1);
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "could not run python3";
      return {};
    }
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << out;
    unlink(path.c_str());
    std::vector<std::vector<std::string>> rows;
    for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
      rows.push_back(absl::StrSplit(line, '\t'));
    }
    return rows;
  }
};

TEST_F(ExportTest, ReviewsWithScoresAsXlsxCellByCell) {
  const Rec rec = Submitted("Цифровой коридор, 한국");
  const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1);
  Reviewed(cycle.name(), "people/serik", serik_, wv1::Review::VERDICT_MINOR_CHANGES);
  wv1::ExportedFile file;
  ASSERT_TRUE(Export(coordinator_, Request::TABLE_REVIEWS, Request::FORMAT_XLSX, &file).ok());
  EXPECT_EQ(file.filename(), "ca-kr-2025-reviews.xlsx");
  EXPECT_TRUE(absl::StartsWith(file.content(), "PK"));  // a zip: an Office Open XML file
  const auto rows = ReadXlsx(file.content());
  ASSERT_EQ(rows.size(), 3u) << "title, header, one review";
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Reviews", "A2"}));  // header row frozen
  ASSERT_EQ(rows[1].size(), 13u);
  EXPECT_EQ(rows[1][0], "Number");
  EXPECT_EQ(rows[1][4], "Verdict");
  const std::vector<std::string>& review = rows[2];
  ASSERT_EQ(review.size(), 13u);
  EXPECT_EQ(review[0], rec.number());
  EXPECT_EQ(review[1], "1");  // numbers are numbers
  EXPECT_EQ(review[2], "Reviewer 1");
  EXPECT_EQ(review[3], "people/serik");
  EXPECT_EQ(review[4], "minor_changes");
  EXPECT_EQ(review[5], "4");
  EXPECT_EQ(review[6], "3");
  EXPECT_EQ(review[7], "5");
  EXPECT_EQ(review[10], "Strong proposal; add costs.");
  EXPECT_EQ(review[11], "Borderline on feasibility.");
  EXPECT_EQ(review[12], rec.name());

  // A coordinator who co-wrote the work never gets its reviews: saule
  // co-writes a second recommendation, lee reviews it.
  const std::string saule =
      server_->MakePerson("saule", {dv1::ROLE_COORDINATOR, dv1::ROLE_EXPERT}, "organizations/kisi");
  const Rec own = Draft("Saule's own work");
  rv1::UpdateRecommendationRequest up;
  up.mutable_recommendation()->set_name(own.name());
  for (const char* a : {"people/aigerim", "people/kim", "people/saule"}) {
    up.mutable_recommendation()->add_authors(a);
  }
  up.mutable_update_mask()->add_paths("authors");
  Rec updated;
  Check(recs_->UpdateRecommendation(AuthContext(author_).get(), up, &updated));
  Check(Submit(author_, own.name(), &updated));
  const wv1::ReviewCycle own_cycle = OpenCycle(own.name(), 1);
  Reviewed(own_cycle.name(), "people/lee", lee_, wv1::Review::VERDICT_REJECT);
  wv1::ExportedFile theirs;
  ASSERT_TRUE(Export(saule, Request::TABLE_REVIEWS, Request::FORMAT_CSV, &theirs).ok());
  EXPECT_NE(theirs.content().find("people/serik"), std::string::npos);  // not their work
  EXPECT_EQ(theirs.content().find("people/lee"), std::string::npos);    // their own work
  EXPECT_EQ(theirs.content().find(own.number()), std::string::npos);
  ASSERT_TRUE(Export(coordinator_, Request::TABLE_REVIEWS, Request::FORMAT_CSV, &theirs).ok());
  EXPECT_NE(theirs.content().find("people/lee"), std::string::npos);
  // Only coordinators export.
  for (const std::string& other : {author_, serik_, observer_}) {
    EXPECT_EQ(Export(other, Request::TABLE_REVIEWS, Request::FORMAT_CSV, &theirs).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(
      Export(coordinator_, Request::TABLE_UNSPECIFIED, Request::FORMAT_CSV, &theirs).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ExportTest, EveryTableInBothFormats) {
  const Rec rec = Submitted("=HYPERLINK(\"http://evil.example\")");
  OpenCycle(rec.name(), 1);
  Deliver();
  for (Request::Table table : {Request::TABLE_STATUS_BOARD, Request::TABLE_RECOMMENDATIONS,
                               Request::TABLE_REVIEWS, Request::TABLE_PEOPLE}) {
    SCOPED_TRACE(Request::Table_Name(table));
    wv1::ExportedFile csv, xlsx;
    ASSERT_TRUE(Export(coordinator_, table, Request::FORMAT_CSV, &csv).ok());
    ASSERT_TRUE(Export(coordinator_, table, Request::FORMAT_XLSX, &xlsx).ok());
    EXPECT_TRUE(absl::StartsWith(csv.content(), "\xEF\xBB\xBF"));
    EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
    const auto rows = ReadXlsx(xlsx.content());
    ASSERT_GE(rows.size(), 2u);
    // The CSV and the workbook carry the same header.
    const std::string csv_header = csv.content().substr(3, csv.content().find("\r\n") - 3);
    std::vector<std::string> xlsx_header = rows[1];
    EXPECT_EQ(csv_header, absl::StrJoin(xlsx_header, ","));
  }
  wv1::ExportedFile recs;
  ASSERT_TRUE(
      Export(coordinator_, Request::TABLE_RECOMMENDATIONS, Request::FORMAT_XLSX, &recs).ok());
  const auto rows = ReadXlsx(recs.content());
  bool found = false;
  for (const auto& row : rows) {
    if (row.size() >= 5 && row[0] == rec.number()) {
      found = true;
      EXPECT_EQ(row[1], "=HYPERLINK(\"http://evil.example\")");  // text, never a formula
      EXPECT_EQ(row[3], "in_review");
      EXPECT_EQ(row[4], "people/aigerim; people/kim");
    }
  }
  EXPECT_TRUE(found);
  wv1::ExportedFile people;
  ASSERT_TRUE(Export(coordinator_, Request::TABLE_PEOPLE, Request::FORMAT_CSV, &people).ok());
  EXPECT_NE(people.content().find("people/serik,Person serik"), std::string::npos);
  wv1::ExportedFile recs_csv;
  ASSERT_TRUE(
      Export(coordinator_, Request::TABLE_RECOMMENDATIONS, Request::FORMAT_CSV, &recs_csv).ok());
  EXPECT_NE(recs_csv.content().find("\"'=HYPERLINK("), std::string::npos);  // defused in CSV
}

}  // namespace
}  // namespace summit::testing
