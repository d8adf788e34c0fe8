// Files on versions: chunked uploads, attachments with the version's
// visibility, type detection from content, and versions imported from Word
// and OpenDocument files through pandoc.
#include <openssl/sha.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {
namespace {

using ::grpc::StatusCode;

std::string Sha256(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// A PDF-looking file of `size` bytes (libmagic reads the header).
std::string PdfBytes(size_t size) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  std::mt19937 random(7);
  while (pdf.size() < size) pdf.push_back(static_cast<char>('a' + random() % 26));
  pdf.resize(size);
  return pdf;
}

std::string PngBytes() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                     33);
}

// `markdown` written as a document by pandoc (as Word or LibreOffice would).
std::string PandocDocument(const std::string& markdown, const std::string& extension) {
  std::string dir_pattern = (std::filesystem::temp_directory_path() / "docx-test-XXXXXX").string();
  EXPECT_NE(mkdtemp(dir_pattern.data()), nullptr);
  const std::filesystem::path dir = dir_pattern;
  std::ofstream(dir / "in.md") << markdown;
  const std::filesystem::path out = dir / ("out." + extension);
  const std::string command =
      absl::StrCat("pandoc --from=markdown ", (dir / "in.md").string(), " -o ", out.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove_all(dir);
  return bytes.str();
}

class AttachmentsTest : public RecommendationsTest {
 protected:
  grpc::Status Start(const std::string& token, const std::string& rec, const std::string& filename,
                     int64_t size, rv1::Upload* out, const std::string& sha256 = "") {
    rv1::StartUploadRequest req;
    req.set_parent(rec);
    req.set_filename(filename);
    req.set_size_bytes(size);
    req.set_sha256(sha256);
    return recs_->StartUpload(AuthContext(token).get(), req, out);
  }

  grpc::Status Append(const std::string& token, const std::string& upload, int64_t offset,
                      const std::string& data, rv1::Upload* out) {
    rv1::AppendUploadChunkRequest req;
    req.set_name(upload);
    req.set_offset(offset);
    req.set_data(data);
    return recs_->AppendUploadChunk(AuthContext(token).get(), req, out);
  }

  // Starts and sends the whole file in chunks of `chunk` bytes.
  rv1::Upload Send(const std::string& token, const std::string& rec, const std::string& filename,
                   const std::string& content, size_t chunk = 1 << 20) {
    rv1::Upload upload;
    Check(Start(token, rec, filename, static_cast<int64_t>(content.size()), &upload,
                Sha256(content)));
    for (size_t at = 0; at < content.size(); at += chunk) {
      Check(Append(token, upload.name(), static_cast<int64_t>(at), content.substr(at, chunk),
                   &upload));
    }
    return upload;
  }

  grpc::Status Attach(const std::string& token, const std::string& upload, rv1::Attachment* out) {
    rv1::AttachUploadRequest req;
    req.set_name(upload);
    return recs_->AttachUpload(AuthContext(token).get(), req, out);
  }

  grpc::Status List(const std::string& token, const std::string& version,
                    rv1::ListAttachmentsResponse* out) {
    rv1::ListAttachmentsRequest req;
    req.set_parent(version);
    return recs_->ListAttachments(AuthContext(token).get(), req, out);
  }

  // The attachment's bytes, read back in ranges of `range` bytes.
  std::string ReadAll(const std::string& token, const std::string& attachment, int range) {
    std::string content;
    while (true) {
      rv1::ReadAttachmentRequest req;
      req.set_name(attachment);
      req.set_offset(static_cast<int64_t>(content.size()));
      req.set_max_bytes(range);
      rv1::ReadAttachmentResponse resp;
      Check(recs_->ReadAttachment(AuthContext(token).get(), req, &resp));
      content += resp.data();
      if (static_cast<int64_t>(content.size()) >= resp.size_bytes() || resp.data().empty()) break;
    }
    return content;
  }

  grpc::Status Import(const std::string& token, const std::string& upload,
                      rv1::RecommendationVersion* out) {
    rv1::ImportVersionRequest req;
    req.set_upload(upload);
    return recs_->ImportVersion(AuthContext(token).get(), req, out);
  }

  void SetDoubleBlindReviewer(const std::string& rec, const std::string& person) {
    recommendations::internal::v1::SetReviewersRequest req;
    req.set_name(rec);
    req.set_event_id("assign-" + rec.substr(rec.rfind('/') + 1));
    req.add_reviewers(person);
    req.set_double_blind(true);
    recommendations::internal::v1::SetReviewersResponse resp;
    Check(internal_recs_->SetReviewers(AuthContext(review_service_).get(), req, &resp));
  }
};

TEST_F(AttachmentsTest, AFileSentInChunksIsAttachedWhole) {
  const Rec rec = Draft();
  const std::string pdf = PdfBytes((2 << 20) + 12345);  // three chunks, the last short
  rv1::Upload upload;
  ASSERT_TRUE(Start(author_, rec.name(), "Annex 1 – tariffs.pdf", static_cast<int64_t>(pdf.size()),
                    &upload, Sha256(pdf))
                  .ok());
  EXPECT_EQ(upload.received_bytes(), 0);
  ASSERT_TRUE(Append(author_, upload.name(), 0, pdf.substr(0, 1 << 20), &upload).ok());
  // A retry of the same chunk (its answer was lost) changes nothing.
  ASSERT_TRUE(Append(author_, upload.name(), 0, pdf.substr(0, 1 << 20), &upload).ok());
  EXPECT_EQ(upload.received_bytes(), 1 << 20);
  // A chunk anywhere else is refused with the offset to send.
  grpc::Status s = Append(author_, upload.name(), 5, pdf.substr(5, 10), &upload);
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("offset 1048576"), std::string::npos) << s.error_message();
  // Attaching before the last byte is refused.
  rv1::Attachment attachment;
  s = Attach(author_, upload.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION) << s.error_message();
  for (size_t at = 1 << 20; at < pdf.size(); at += 1 << 20) {
    ASSERT_TRUE(
        Append(author_, upload.name(), static_cast<int64_t>(at), pdf.substr(at, 1 << 20), &upload)
            .ok());
  }
  // Past the declared size is refused.
  s = Append(author_, upload.name(), upload.received_bytes(), "x", &upload);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Attach(author_, upload.name(), &attachment).ok());
  EXPECT_EQ(attachment.content_type(), "application/pdf");
  EXPECT_EQ(attachment.size_bytes(), static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(attachment.sha256(), Sha256(pdf));
  EXPECT_EQ(attachment.uploader(), "people/aigerim");
  EXPECT_EQ(attachment.filename(), "Annex 1 – tariffs.pdf");
  EXPECT_EQ(attachment.name().rfind(absl::StrCat(rec.name(), "/versions/1/attachments/"), 0), 0u);
  // Attaching again answers the same attachment and adds none.
  rv1::Attachment again;
  ASSERT_TRUE(Attach(author_, upload.name(), &again).ok());
  EXPECT_EQ(again.name(), attachment.name());

  rv1::ListAttachmentsResponse listed;
  ASSERT_TRUE(List(coauthor_, rec.name() + "/versions/1", &listed).ok());
  ASSERT_EQ(listed.attachments_size(), 1);
  EXPECT_EQ(listed.attachments(0).name(), attachment.name());
  // Read back in ranges that do not line up with the chunks.
  EXPECT_EQ(ReadAll(coauthor_, attachment.name(), 700000), pdf);

  // Immutable and never deleted, whatever the SQL.
  EXPECT_THROW(server_->db().QueryValue(absl::StrCat(
                   "UPDATE recommendations.attachments SET filename = 'x' WHERE name = '",
                   attachment.name(), "' RETURNING 1")),
               std::exception);
  EXPECT_THROW(server_->db().QueryValue("DELETE FROM recommendations.upload_chunks RETURNING 1"),
               std::exception);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM recommendations.events WHERE type = "
                               "'recommendations.attachment.added' AND resource = '",
                               attachment.name(), "'")),
            1);
}

TEST_F(AttachmentsTest, TypesAreToldFromTheContentNotTheName) {
  const Rec rec = Draft();
  rv1::Attachment attachment;
  // A PNG named .pdf.
  rv1::Upload png_as_pdf = Send(author_, rec.name(), "chart.pdf", PngBytes());
  grpc::Status s = Attach(author_, png_as_pdf.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("filename"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("PNG"), std::string::npos) << s.error_message();
  // Plain text named .pdf is no accepted type at all.
  rv1::Upload text = Send(author_, rec.name(), "notes.pdf", "just some notes\n");
  s = Attach(author_, text.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("text/plain"), std::string::npos) << s.error_message();
  // Named for what it is, the PNG is fine.
  rv1::Upload png = Send(author_, rec.name(), "chart.png", PngBytes());
  ASSERT_TRUE(Attach(author_, png.name(), &attachment).ok());
  EXPECT_EQ(attachment.content_type(), "image/png");
  // Nothing was attached by the refusals.
  EXPECT_EQ(Count("SELECT count(*) FROM recommendations.attachments"), 1);
}

TEST_F(AttachmentsTest, RefusalsNameTheFieldAndTheRule) {
  const Rec rec = Draft();
  rv1::Upload upload;
  grpc::Status s = Start(author_, rec.name(), "big.pdf", (20 << 20) + 1, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("size_bytes"), std::string::npos) << s.error_message();
  s = Start(author_, rec.name(), "setup.exe", 10, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("filename"), std::string::npos) << s.error_message();
  s = Start(author_, rec.name(), "../etc/passwd.pdf", 10, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  s = Start(author_, rec.name(), "a.pdf", 10, &upload, "ABC");
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("sha256"), std::string::npos) << s.error_message();

  // A SHA-256 that does not match what arrived.
  const std::string pdf = PdfBytes(5000);
  ASSERT_TRUE(Start(author_, rec.name(), "a.pdf", 5000, &upload, Sha256("other")).ok());
  ASSERT_TRUE(Append(author_, upload.name(), 0, pdf, &upload).ok());
  rv1::Attachment attachment;
  s = Attach(author_, upload.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("sha256"), std::string::npos) << s.error_message();

  // Not an author: a co-worker who cannot see the draft gets NOT_FOUND; an
  // upload is its starter's alone, even for a co-author.
  s = Start(other_expert_, rec.name(), "a.pdf", 10, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::NOT_FOUND);
  rv1::Upload mine;
  ASSERT_TRUE(Start(author_, rec.name(), "b.pdf", 5000, &mine).ok());
  s = Append(coauthor_, mine.name(), 0, pdf, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::NOT_FOUND);
  s = Attach(coauthor_, mine.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::NOT_FOUND);

  // Once submitted, the version is what reviewers read: no new files.
  Rec submitted;
  ASSERT_TRUE(Submit(author_, rec.name(), &submitted).ok());
  s = Start(author_, rec.name(), "late.pdf", 10, &upload);
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION) << s.error_message();
  ASSERT_TRUE(Append(author_, mine.name(), 0, pdf, &mine).ok());
  s = Attach(author_, mine.name(), &attachment);
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION) << s.error_message();
  // The coordinator reads no stray upload as an attachment.
  rv1::ListAttachmentsResponse listed;
  ASSERT_TRUE(List(coordinator_, rec.name() + "/versions/1", &listed).ok());
  EXPECT_EQ(listed.attachments_size(), 0);
}

TEST_F(AttachmentsTest, AttachmentsHaveTheVersionsVisibilityAndKeepBlindReviewBlind) {
  const Rec rec = Draft();
  const std::string pdf = PdfBytes(3000);
  rv1::Attachment attachment;
  ASSERT_TRUE(
      Attach(author_, Send(author_, rec.name(), "annex.pdf", pdf).name(), &attachment).ok());
  rv1::ListAttachmentsResponse listed;
  // A draft's files are its authors' only.
  for (const std::string& token : {coordinator_, reviewer_, other_expert_, observer_}) {
    EXPECT_EQ(List(token, rec.name() + "/versions/1", &listed).error_code(), StatusCode::NOT_FOUND);
    rv1::ReadAttachmentRequest read;
    read.set_name(attachment.name());
    rv1::ReadAttachmentResponse bytes;
    EXPECT_EQ(recs_->ReadAttachment(AuthContext(token).get(), read, &bytes).error_code(),
              StatusCode::NOT_FOUND);
  }
  Rec submitted;
  ASSERT_TRUE(Submit(author_, rec.name(), &submitted).ok());
  SetDoubleBlindReviewer(rec.name(), "people/park");
  ASSERT_TRUE(List(coordinator_, rec.name() + "/versions/1", &listed).ok());
  EXPECT_EQ(listed.attachments(0).uploader(), "people/aigerim");
  // The double-blind reviewer reads the file but not who attached it.
  ASSERT_TRUE(List(reviewer_, rec.name() + "/versions/1", &listed).ok());
  ASSERT_EQ(listed.attachments_size(), 1);
  EXPECT_EQ(listed.attachments(0).uploader(), "");
  EXPECT_EQ(listed.SerializeAsString().find("aigerim"), std::string::npos);
  EXPECT_EQ(ReadAll(reviewer_, attachment.name(), 0), pdf);
  // Still nobody else.
  EXPECT_EQ(List(other_expert_, rec.name() + "/versions/1", &listed).error_code(),
            StatusCode::NOT_FOUND);
}

TEST_F(AttachmentsTest, AWordDocumentBecomesANewVersionKeepingItsStructure) {
  const Rec rec = Draft();
  const std::string docx = PandocDocument(
      "# Customs corridor\n\nA shared **data exchange** between the two customs services.\n\n"
      "## Steps\n\n- Pilot at Khorgos\n- Extend to Busan\n\n"
      "| Year | Containers |\n|------|-----------:|\n| 2026 | 1200 |\n| 2027 | 5400 |\n",
      "docx");
  const rv1::Upload upload = Send(author_, rec.name(), "corridor.docx", docx, 4096);
  rv1::RecommendationVersion version;
  ASSERT_TRUE(Import(author_, upload.name(), &version).ok());
  EXPECT_EQ(version.version_number(), 2);
  EXPECT_EQ(version.title(), "Digital customs corridor");  // the current one's
  EXPECT_EQ(version.language(), "en");
  EXPECT_EQ(version.change_note(), "Imported from corridor.docx");
  const std::string& body = version.body();
  EXPECT_NE(body.find("# Customs corridor"), std::string::npos) << body;
  EXPECT_NE(body.find("## Steps"), std::string::npos) << body;
  EXPECT_NE(body.find("**data exchange**"), std::string::npos) << body;
  EXPECT_NE(body.find("-   Pilot at Khorgos"), std::string::npos) << body;
  EXPECT_NE(body.find("| 2027"), std::string::npos) << body;
  EXPECT_NE(body.find("5400"), std::string::npos) << body;
  EXPECT_EQ(body.find("<"), std::string::npos) << "no raw HTML: " << body;

  // The original is kept on the new version, byte for byte.
  rv1::ListAttachmentsResponse listed;
  ASSERT_TRUE(List(author_, version.name(), &listed).ok());
  ASSERT_EQ(listed.attachments_size(), 1);
  EXPECT_TRUE(listed.attachments(0).source_document());
  EXPECT_EQ(listed.attachments(0).content_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(ReadAll(author_, listed.attachments(0).name(), 0), docx);
  // The recommendation moved to it, and search finds the imported words.
  Rec now;
  ASSERT_TRUE(Get(author_, rec.name(), &now).ok());
  EXPECT_EQ(now.current_version(), 2);
  rv1::ListRecommendationsRequest search;
  search.set_parent("summits/ca-kr-2025");
  search.set_query("Khorgos");
  rv1::ListRecommendationsResponse found;
  ASSERT_TRUE(recs_->ListRecommendations(AuthContext(author_).get(), search, &found).ok());
  EXPECT_EQ(found.recommendations_size(), 1);

  // Importing the same upload again answers the same version.
  rv1::RecommendationVersion again;
  ASSERT_TRUE(Import(author_, upload.name(), &again).ok());
  EXPECT_EQ(again.name(), version.name());
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM recommendations.versions WHERE "
                               "recommendation = '",
                               rec.name(), "'")),
            2);
}

TEST_F(AttachmentsTest, AnOpenDocumentImportsAndOtherTypesDoNot) {
  const Rec rec = Draft();
  const std::string odt = PandocDocument("# Жасыл сутегі\n\n- Маңғыстау\n- Пусан\n", "odt");
  rv1::RecommendationVersion version;
  ASSERT_TRUE(Import(author_, Send(author_, rec.name(), "сутегі.odt", odt).name(), &version).ok());
  EXPECT_NE(version.body().find("# Жасыл сутегі"), std::string::npos) << version.body();
  EXPECT_NE(version.body().find("Маңғыстау"), std::string::npos) << version.body();
  // A PDF is an annex, never a version's text.
  const grpc::Status s =
      Import(author_, Send(author_, rec.name(), "a.pdf", PdfBytes(2000)).name(), &version);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("DOCX"), std::string::npos) << s.error_message();
}

}  // namespace
}  // namespace summit::testing
