// summitctl rec attach | import | files | download: annexes on a version,
// sent and read in 1 MiB chunks, and versions imported from Word or
// OpenDocument files.
#include <openssl/sha.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace rv1 = recommendations::v1;
constexpr size_t kChunk = 1 << 20;

std::string ReadBinaryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError(absl::StrCat("cannot read ", path), 2);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// The file's last path segment: what the server is told it is called.
std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Sends the file to `rec` in chunks; the upload's name. A chunk whose answer
// was lost is sent again at the same offset (the server accepts the repeat).
std::string Upload(Session& session, const std::string& rec, const std::string& path) {
  const std::string content = ReadBinaryFile(path);
  auto stub = session.Recommendations();
  rv1::StartUploadRequest start;
  start.set_parent(rec);
  start.set_filename(BaseName(path));
  start.set_size_bytes(static_cast<int64_t>(content.size()));
  start.set_sha256(Sha256Hex(content));
  start.set_request_id(NewRequestId());
  rv1::Upload upload;
  session.Check(stub->StartUpload(session.connection().Context().get(), start, &upload));
  while (upload.received_bytes() < upload.size_bytes()) {
    rv1::AppendUploadChunkRequest chunk;
    chunk.set_name(upload.name());
    chunk.set_offset(upload.received_bytes());
    chunk.set_data(content.substr(static_cast<size_t>(upload.received_bytes()), kChunk));
    grpc::Status s = stub->AppendUploadChunk(session.connection().Context().get(), chunk, &upload);
    if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
        s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      s = stub->AppendUploadChunk(session.connection().Context().get(), chunk, &upload);
    }
    session.Check(s);
  }
  return upload.name();
}

void PrintAttachments(Session& session, const rv1::ListAttachmentsResponse& resp) {
  if (session.json()) return PrintJson(resp);
  Table t({"FILE", "TYPE", "BYTES", "SHA-256", "BY", "NAME"});
  for (const rv1::Attachment& a : resp.attachments()) {
    t.AddRow({a.filename() + (a.source_document() ? " (source)" : ""), a.content_type(),
              absl::StrCat(a.size_bytes()), a.sha256().substr(0, 12),
              a.uploader().empty() ? "—" : session.Person(a.uploader()), a.name()});
  }
  t.Print(std::cout);
}

}  // namespace

void AddFileCommands(CLI::App& rec, Session& session) {
  auto* attach = rec.add_subcommand(
      "attach", "Attach a file (PDF, DOCX, XLSX, ODT, PNG, JPEG) to the current version");
  static std::string a_name, a_file;
  attach->add_option("name", a_name, "summits/{id}/recommendations/{id}")->required();
  attach->add_option("file", a_file, "The file to send")->required();
  attach->callback([&session] {
    rv1::AttachUploadRequest req;
    req.set_name(Upload(session, a_name, a_file));
    rv1::Attachment attachment;
    session.Check(session.Recommendations()->AttachUpload(session.connection().Context().get(), req,
                                                          &attachment));
    PrintResource(session, attachment,
                  {{"name", attachment.name()},
                   {"file", attachment.filename()},
                   {"type", attachment.content_type()},
                   {"bytes", absl::StrCat(attachment.size_bytes())},
                   {"sha256", attachment.sha256()}});
  });

  auto* import = rec.add_subcommand(
      "import", "Make a new version from a Word (DOCX) or OpenDocument (ODT) file");
  static std::string i_name, i_file, i_title, i_summary, i_language, i_note;
  import->add_option("name", i_name, "summits/{id}/recommendations/{id}")->required();
  import->add_option("file", i_file, "The .docx or .odt file")->required();
  import->add_option("--title", i_title, "Title (default: the current version's)");
  import->add_option("--summary", i_summary, "Summary (default: the current version's)");
  import->add_option("--language", i_language, "Language of the document (default: current)");
  import->add_option("--note", i_note, "What changed (default: Imported from <file>)");
  import->callback([&session] {
    rv1::ImportVersionRequest req;
  req.set_upload(Upload(session, i_name, i_file));
  req.set_title(i_title);
  req.set_summary(i_summary);
  req.set_language(i_language);
  req.set_change_note(i_note);
  rv1::RecommendationVersion v;
  session.Check(
      session.Recommendations()->ImportVersion(session.connection().Context().get(), req, &v));
  PrintResource(session, v,
                {{"name", v.name()},
                 {"title", v.title()},
                 {"language", v.language()},
                 {"note", v.change_note()},
                 {"lines", absl::StrCat(std::count(v.body().begin(), v.body().end(), '\n'))}});
});

auto* files = rec.add_subcommand("files", "List the files attached to a version");
static std::string f_name;
static int f_version = 0;
files->add_option("name", f_name, "summits/{id}/recommendations/{id}")->required();
files->add_option("--version", f_version, "Version (default: current)");
files->callback([&session] {
  auto stub = session.Recommendations();
  int version = f_version;
  if (version == 0) {
    rv1::GetRecommendationRequest get;
    get.set_name(f_name);
    rv1::Recommendation r;
    session.Check(stub->GetRecommendation(session.connection().Context().get(), get, &r));
    version = r.current_version();
  }
  rv1::ListAttachmentsRequest req;
  req.set_parent(absl::StrCat(f_name, "/versions/", version));
  rv1::ListAttachmentsResponse resp;
  session.Check(stub->ListAttachments(session.connection().Context().get(), req, &resp));
  PrintAttachments(session, resp);
});

auto* download = rec.add_subcommand("download", "Save an attached file");
static std::string d_name, d_output;
download->add_option("attachment", d_name, "…/versions/{n}/attachments/{id}")->required();
download->add_option("-o,--output", d_output, "File to write (- for standard output)")->required();
download->callback([&session] {
  auto stub = session.Recommendations();
  std::string content;
  int64_t size = 0;
  do {
    rv1::ReadAttachmentRequest req;
    req.set_name(d_name);
    req.set_offset(static_cast<int64_t>(content.size()));
    rv1::ReadAttachmentResponse resp;
    session.Check(stub->ReadAttachment(session.connection().Context().get(), req, &resp));
    if (resp.data().empty()) break;
    content += resp.data();
    size = resp.size_bytes();
  } while (static_cast<int64_t>(content.size()) < size);
  if (d_output == "-") {
    std::cout << content;
    return;
  }
  std::ofstream out(d_output, std::ios::binary);
  out << content;
  if (!out) throw CommandError("cannot write " + d_output, 1);
  std::cout << "Wrote " << d_output << " (" << content.size() << " bytes, SHA-256 "
            << Sha256Hex(content) << ")\n";
});
}  // namespace summit::ctl

}  // namespace summit::ctl
