// Files on versions: uploads in chunks, attachments (annexes), and versions
// imported from Word or OpenDocument files.
#include <algorithm>
#include <optional>
#include <pqxx/binarystring>
#include <pqxx/result>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/recommendations/document_import.h"
#include "services/recommendations/file_types.h"
#include "services/recommendations/lifecycle.h"
#include "services/recommendations/presentation.h"
#include "services/recommendations/recommendation_rules.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/attachment_queries.h"
#include "services/recommendations/sql/queries.h"

namespace summit::recommendations {
namespace {

using R = v1::Recommendation;

// A chunk fits a gRPC message with room to spare.
constexpr int64_t kMaxChunkBytes = 1 << 20;
// An upload left half-sent is refused after this.
constexpr absl::Duration kUploadLifetime = absl::Hours(24);

struct UploadRow {
  v1::Upload upload;
  std::string recommendation;
  std::string uploader;
  // The attachment it became; empty while unused.
  std::string attachment;
  absl::Time expire_time;
};

UploadRow ReadUpload(const pqxx::row& r) {
  UploadRow row;
  row.upload.set_name(r["name"].as<std::string>());
  row.upload.set_filename(r["filename"].as<std::string>());
  row.upload.set_size_bytes(r["size_bytes"].as<int64_t>());
  row.upload.set_received_bytes(r["received_bytes"].as<int64_t>());
  row.upload.set_sha256(r["sha256"].as<std::string>());
  row.expire_time = absl::FromUnixMicros(r["expire_time_micros"].as<int64_t>());
  *row.upload.mutable_expire_time() = ToProtoTime(row.expire_time);
  row.recommendation = r["recommendation"].as<std::string>();
  row.uploader = r["uploader"].as<std::string>();
  row.attachment = r["attachment"].as<std::string>();
  row.upload.set_used(!row.attachment.empty());
  return row;
}

v1::Attachment ReadAttachmentRow(const pqxx::row& r) {
  v1::Attachment a;
  a.set_name(r["name"].as<std::string>());
  a.set_filename(r["filename"].as<std::string>());
  a.set_content_type(r["content_type"].as<std::string>());
  a.set_size_bytes(r["size_bytes"].as<int64_t>());
  a.set_sha256(r["sha256"].as<std::string>());
  a.set_uploader(r["uploader"].as<std::string>());
  a.set_source_document(r["source_document"].as<bool>());
  *a.mutable_create_time() =
      ToProtoTime(absl::FromUnixMicros(r["create_time_micros"].as<int64_t>()));
  return a;
}

absl::Status ValidateUploadName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name, {"summits", "recommendations", "uploads"}).status();
}

// `.../versions/{n}/attachments/{a}` -> the recommendation and n.
absl::StatusOr<std::pair<std::string, int>> VersionOfAttachment(absl::string_view field,
                                                                absl::string_view name) {
  const size_t at = name.rfind("/attachments/");
  if (at == absl::string_view::npos || !ValidateResourceId(field, name.substr(at + 13)).ok()) {
    return InvalidField(field, absl::StrCat("must be summits/{id}/recommendations/{id}/versions/"
                                            "{n}/attachments/{id}, got \"",
                                            name.substr(0, 300), "\""));
  }
  return internal::ParseVersionName(field, name.substr(0, at));
}

absl::Status ValidateFilename(absl::string_view field, absl::string_view filename) {
  RETURN_IF_ERROR(ValidateText(field, filename, {.required = true, .max_chars = 255}));
  for (const char c : filename) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return InvalidField(field, "must be a bare file name (no slashes or control characters)");
    }
  }
  return CheckAcceptedExtension(field, filename);
}

absl::Status ValidateSha256(absl::string_view field, absl::string_view hex) {
  if (hex.empty()) return absl::OkStatus();
  if (hex.size() != 64 ||
      !std::all_of(hex.begin(), hex.end(), [](char c) { return absl::ascii_isxdigit(c); }) ||
      absl::AsciiStrToLower(hex) != hex) {
    return InvalidField(field, "must be 64 lower-case hex digits (the file's SHA-256)");
  }
  return absl::OkStatus();
}

// The caller's own upload; someone else's is NOT_FOUND, as if it did not exist.
absl::StatusOr<UploadRow> LoadOwnUpload(pqxx::transaction_base& txn, const std::string& name,
                                        const Principal& caller) {
  const pqxx::result r = txn.exec_prepared(sql::kGetUploadForUpdate, name);
  if (r.empty()) return ResourceNotFound(name);
  UploadRow row = ReadUpload(r[0]);
  if (row.uploader != caller.subject) return ResourceNotFound(name);
  return row;
}

absl::Status CheckOpen(const UploadRow& row, absl::Time now) {
  if (now >= row.expire_time) {
    return absl::FailedPreconditionError(absl::StrCat(
        row.upload.name(), " expired (uploads are open for a day); start the upload again"));
  }
  return absl::OkStatus();
}

// The bytes in [from, to) of an upload, from the chunks they arrived in.
std::string ReadRange(pqxx::transaction_base& txn, const std::string& upload, int64_t from,
                      int64_t to) {
  std::string out;
  out.reserve(static_cast<size_t>(to - from));
  for (const pqxx::row& r : txn.exec_prepared(sql::kReadUploadRange, upload, from, to)) {
    const int64_t offset = r["byte_offset"].as<int64_t>();
    const pqxx::binarystring data(r["data"]);
    const int64_t start = std::max(from, offset);
    const int64_t end = std::min<int64_t>(to, offset + static_cast<int64_t>(data.size()));
    out.append(data.get() + (start - offset), static_cast<size_t>(end - start));
  }
  return out;
}

// A complete, unexpired upload's content checked against what was declared
// and against the accepted types; the detected type.
absl::StatusOr<FileType> CheckContent(const UploadRow& row, const std::string& content) {
  if (row.upload.received_bytes() != row.upload.size_bytes()) {
    return absl::FailedPreconditionError(
        absl::StrCat(row.upload.name(), " is incomplete: ", row.upload.received_bytes(), " of ",
                     row.upload.size_bytes(), " bytes received; send the rest first"));
  }
  if (!row.upload.sha256().empty() && Sha256Hex(content) != row.upload.sha256()) {
    return InvalidField("sha256", "does not match the content received; send the file again");
  }
  ASSIGN_OR_RETURN(const FileType type, DetectFileType("upload", content));
  RETURN_IF_ERROR(CheckExtensionMatches("filename", row.upload.filename(), type));
  return type;
}

// The recommendation, locked, when the caller may still add to its current version.
absl::StatusOr<RecommendationRow> LoadForNewFiles(pqxx::transaction_base& txn,
                                                  const std::string& rec, const Principal& caller) {
  ASSIGN_OR_RETURN(RecommendationRow row,
                   internal::LoadForAuthor(txn, rec, caller, "attaching files"));
  if (!AcceptsNewVersions(row.resource.state())) {
    return absl::FailedPreconditionError(
        absl::StrCat("files can be added only in draft or changes_requested; ",
                     row.resource.number(), " is ", StateName(row.resource.state())));
  }
  return row;
}

v1::Attachment InsertAttachment(pqxx::transaction_base& txn, const CallContext& call,
                                const UploadRow& upload, int version, const FileType& type,
                                const std::string& sha256, bool source_document) {
  const std::string name =
      absl::StrCat(VersionName(upload.recommendation, version), "/attachments/", GenerateId());
  const pqxx::result r = txn.exec_prepared(sql::kInsertAttachment, name, upload.recommendation,
                                           version, upload.upload.name(), upload.upload.filename(),
                                           type.content_type, upload.upload.size_bytes(), sha256,
                                           call.principal.subject, source_document);
  txn.exec_prepared(sql::kMarkUploadUsed, upload.upload.name(), name);
  v1::Attachment attachment = ReadAttachmentRow(r[0]);
  sql::kSchema.Record(txn, call, "recommendations.attachment.added", name, "", ToJson(attachment));
  return attachment;
}

absl::StatusOr<v1::Attachment> GetAttachmentRow(pqxx::transaction_base& txn,
                                                const std::string& name) {
  const pqxx::result r = txn.exec_prepared(sql::kGetAttachment, name);
  if (r.empty()) return ResourceNotFound(name);
  return ReadAttachmentRow(r[0]);
}

}  // namespace

v1::Attachment PresentTo(const Principal& viewer, const RecommendationRow& row,
                         v1::Attachment attachment) {
  if (HidesAuthorsFrom(viewer, row.Facts())) attachment.clear_uploader();
  return attachment;
}

absl::StatusOr<v1::Upload> Recommendations::StartUpload(const CallContext& call, DbSession& db,
                                                        const v1::StartUploadRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("parent", req.parent()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  RETURN_IF_ERROR(ValidateFilename("filename", req.filename()));
  if (req.size_bytes() < 1) return InvalidField("size_bytes", "must be 1 or more");
  if (req.size_bytes() > deps_.max_attachment_bytes) {
    return InvalidField("size_bytes", absl::StrCat("is over this server's limit of ",
                                                   deps_.max_attachment_bytes, " bytes per file"));
  }
  RETURN_IF_ERROR(ValidateSha256("sha256", req.sha256()));
  const absl::Time expires = deps_.clock->Now() + kUploadLifetime;
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::Upload>(
        txn, sql::kSchema.RequestLog(), KeyForRequest(call.principal.subject, "StartUpload", req),
        [&]() -> absl::StatusOr<v1::Upload> {
          RETURN_IF_ERROR(LoadForNewFiles(txn, req.parent(), call.principal).status());
          const std::string name = absl::StrCat(req.parent(), "/uploads/", GenerateId());
          const pqxx::result r = txn.exec_prepared(
              sql::kInsertUpload, name, req.parent(), call.principal.subject, req.filename(),
              req.size_bytes(), req.sha256(), absl::ToUnixMicros(expires));
          const v1::Upload upload = ReadUpload(r[0]).upload;
          sql::kSchema.Record(txn, call, "recommendations.upload.started", name, "", ToJson(upload),
                              req.request_id());
          return upload;
        });
  });
}

absl::StatusOr<v1::Upload> Recommendations::AppendUploadChunk(
    const CallContext& call, DbSession& db, const v1::AppendUploadChunkRequest& req) const {
  RETURN_IF_ERROR(ValidateUploadName("name", req.name()));
  if (req.offset() < 0) return InvalidField("offset", "must be 0 or more");
  if (req.data().empty()) return InvalidField("data", "is empty; send at least one byte");
  if (static_cast<int64_t>(req.data().size()) > kMaxChunkBytes) {
    return InvalidField("data", absl::StrCat("is over ", kMaxChunkBytes, " bytes per chunk"));
  }
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Upload> {
    ASSIGN_OR_RETURN(const UploadRow row, LoadOwnUpload(txn, req.name(), call.principal));
    const int64_t received = row.upload.received_bytes();
    if (req.offset() < received) {
      // A retry of a chunk that arrived: the same bytes at the same place.
      const pqxx::result prior = txn.exec_prepared(sql::kGetUploadChunk, req.name(), req.offset());
      if (!prior.empty() && pqxx::binarystring(prior[0][0]).str() == req.data()) return row.upload;
    }
    if (row.upload.used()) {
      return absl::FailedPreconditionError(
          absl::StrCat(req.name(), " is complete and already attached"));
    }
    RETURN_IF_ERROR(CheckOpen(row, now));
    if (req.offset() != received) {
      return absl::FailedPreconditionError(
          absl::StrCat("offset ", req.offset(),
                       " is not where the upload stands: send the chunk at offset ", received));
    }
    const int64_t end = received + static_cast<int64_t>(req.data().size());
    if (end > row.upload.size_bytes()) {
      return InvalidField(
          "data", absl::StrCat("goes past the file's size_bytes (", row.upload.size_bytes(), ")"));
    }
    txn.exec_prepared(sql::kInsertUploadChunk, req.name(), req.offset(),
                      pqxx::binarystring(req.data().data(), req.data().size()));
    return ReadUpload(txn.exec_prepared(sql::kSetUploadReceived, req.name(), end)[0]).upload;
  });
}

absl::StatusOr<v1::Attachment> Recommendations::AttachUpload(
    const CallContext& call, DbSession& db, const v1::AttachUploadRequest& req) const {
  RETURN_IF_ERROR(ValidateUploadName("name", req.name()));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Attachment> {
        ASSIGN_OR_RETURN(const UploadRow upload, LoadOwnUpload(txn, req.name(), call.principal));
        if (upload.upload.used()) return GetAttachmentRow(txn, upload.attachment);  // a retry
        RETURN_IF_ERROR(CheckOpen(upload, now));
        ASSIGN_OR_RETURN(const RecommendationRow rec,
                         LoadForNewFiles(txn, upload.recommendation, call.principal));
        const std::string content = ReadRange(txn, req.name(), 0, upload.upload.size_bytes());
        ASSIGN_OR_RETURN(const FileType type, CheckContent(upload, content));
        return InsertAttachment(txn, call, upload, rec.resource.current_version(), type,
                                Sha256Hex(content), /*source_document=*/false);
      });
}

absl::StatusOr<v1::RecommendationVersion> Recommendations::ImportVersion(
    const CallContext& call, DbSession& db, const v1::ImportVersionRequest& req) const {
  RETURN_IF_ERROR(ValidateUploadName("upload", req.upload()));
  RETURN_IF_ERROR(ValidateText("title", req.title(), {.max_chars = kMaxTitleChars}));
  if (!req.language().empty()) RETURN_IF_ERROR(ValidateLanguageTag("language", req.language()));
  const absl::Time now = deps_.clock->Now();
  const auto version_of =
      [&](pqxx::transaction_base& txn,
          const std::string& attachment) -> absl::StatusOr<v1::RecommendationVersion> {
    ASSIGN_OR_RETURN(const auto parsed,
                     internal::ParseVersionName(
                         "upload", attachment.substr(0, attachment.rfind("/attachments/"))));
    const pqxx::result r = txn.exec_prepared(sql::kGetVersion, parsed.first, parsed.second);
    if (r.empty()) return ResourceNotFound(attachment);
    return ReadVersion(r[0]);
  };
  // First read and check the file; pandoc then runs with no row locked.
  struct Checked {
    std::optional<v1::RecommendationVersion> done;  // imported before
    std::string content;
    FileType type;
  };
  ASSIGN_OR_RETURN(
      Checked checked,
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<Checked> {
        ASSIGN_OR_RETURN(const UploadRow upload, LoadOwnUpload(txn, req.upload(), call.principal));
        if (upload.upload.used()) {
          ASSIGN_OR_RETURN(v1::RecommendationVersion v, version_of(txn, upload.attachment));
          return Checked{.done = std::move(v)};
        }
        RETURN_IF_ERROR(CheckOpen(upload, now));
        RETURN_IF_ERROR(LoadForNewFiles(txn, upload.recommendation, call.principal).status());
        Checked c;
        c.content = ReadRange(txn, req.upload(), 0, upload.upload.size_bytes());
        ASSIGN_OR_RETURN(c.type, CheckContent(upload, c.content));
        return c;
      }));
  if (checked.done.has_value()) return *std::move(checked.done);
  ASSIGN_OR_RETURN(const std::string markdown, DocumentToMarkdown(checked.content, checked.type));
  const std::string sha256 = Sha256Hex(checked.content);
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::RecommendationVersion> {
        ASSIGN_OR_RETURN(const UploadRow upload, LoadOwnUpload(txn, req.upload(), call.principal));
        if (upload.upload.used()) return version_of(txn, upload.attachment);
        ASSIGN_OR_RETURN(const RecommendationRow rec,
                         LoadForNewFiles(txn, upload.recommendation, call.principal));
        const pqxx::result current_row = txn.exec_prepared(sql::kGetVersion, upload.recommendation,
                                                           rec.resource.current_version());
        const v1::RecommendationVersion current = ReadVersion(current_row[0]);
        v1::RecommendationVersion v;
        v.set_title(req.title().empty() ? current.title() : req.title());
        v.set_summary(req.summary().empty() ? current.summary() : req.summary());
        v.set_body(markdown);
        v.set_language(req.language().empty() ? current.language() : req.language());
        v.set_change_note(req.change_note().empty()
                              ? absl::StrCat("Imported from ", upload.upload.filename())
                              : req.change_note());
        if (absl::Status s = ValidateVersionText("version", v); !s.ok()) {
          return InvalidField(
              "upload", absl::StrCat("its text does not make a valid version: ", s.message()));
        }
        const int number = rec.resource.current_version() + 1;
        v1::RecommendationVersion created =
            internal::AddVersion(txn, call, upload.recommendation, number, v, "");
        InsertAttachment(txn, call, upload, number, checked.type, sha256,
                         /*source_document=*/true);
        return created;
      });
}

absl::StatusOr<v1::ListAttachmentsResponse> Recommendations::ListAttachments(
    const CallContext& call, DbSession& db, const v1::ListAttachmentsRequest& req) const {
  ASSIGN_OR_RETURN(const auto version, internal::ParseVersionName("parent", req.parent()));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListAttachmentsResponse> {
        ASSIGN_OR_RETURN(const RecommendationRow row,
                         internal::LoadVisible(txn, version.first, call.principal, false));
        if (txn.exec_prepared(sql::kGetVersion, version.first, version.second).empty()) {
          return ResourceNotFound(req.parent());
        }
        v1::ListAttachmentsResponse resp;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListAttachments, version.first, version.second)) {
          *resp.add_attachments() = PresentTo(call.principal, row, ReadAttachmentRow(r));
        }
        return resp;
      });
}

absl::StatusOr<v1::ReadAttachmentResponse> Recommendations::ReadAttachment(
    const CallContext& call, DbSession& db, const v1::ReadAttachmentRequest& req) const {
  ASSIGN_OR_RETURN(const auto version, VersionOfAttachment("name", req.name()));
  if (req.offset() < 0) return InvalidField("offset", "must be 0 or more");
  if (req.max_bytes() < 0) return InvalidField("max_bytes", "must be 0 or more");
  const int64_t limit =
      req.max_bytes() == 0 ? kMaxChunkBytes : std::min<int64_t>(req.max_bytes(), kMaxChunkBytes);
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ReadAttachmentResponse> {
        RETURN_IF_ERROR(internal::LoadVisible(txn, version.first, call.principal, false).status());
        const pqxx::result r = txn.exec_prepared(sql::kGetAttachment, req.name());
        if (r.empty()) return ResourceNotFound(req.name());
        const std::string upload = r[0]["upload"].as<std::string>();
        const int64_t size = r[0]["size_bytes"].as<int64_t>();
        if (req.offset() > size) {
          return InvalidField("offset", absl::StrCat("is past the end (", size, " bytes)"));
        }
        v1::ReadAttachmentResponse resp;
        resp.set_offset(req.offset());
        resp.set_size_bytes(size);
        resp.set_data(ReadRange(txn, upload, req.offset(), std::min(size, req.offset() + limit)));
        return resp;
      });
}

}  // namespace summit::recommendations
