#include "services/recommendations/file_types.h"

#include <magic.h>

#include <memory>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"

namespace summit::recommendations {
namespace {

struct Accepted {
  const char* content_type;
  const char* description;
  std::vector<std::string> extensions;
  const char* pandoc_format;
};

const std::vector<Accepted>& AcceptedTypes() {
  static const auto* const kTypes = new std::vector<Accepted>{
      {"application/pdf", "a PDF document", {"pdf"}, ""},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "a Word (DOCX) document",
       {"docx"},
       "docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "an Excel (XLSX) workbook",
       {"xlsx"},
       ""},
      {"application/vnd.oasis.opendocument.text", "an OpenDocument text (ODT)", {"odt"}, "odt"},
      {"image/png", "a PNG image", {"png"}, ""},
      {"image/jpeg", "a JPEG image", {"jpg", "jpeg"}, ""},
  };
  return *kTypes;
}

std::string ExtensionOf(absl::string_view filename) {
  const size_t dot = filename.rfind('.');
  if (dot == absl::string_view::npos) return "";
  return absl::AsciiStrToLower(filename.substr(dot + 1));
}

std::string AcceptedList() {
  std::vector<std::string> all;
  for (const Accepted& a : AcceptedTypes()) {
    for (const std::string& e : a.extensions) all.push_back("." + e);
  }
  return absl::StrJoin(all, ", ");
}

// libmagic's handle is not thread-safe and loading its database costs a few
// milliseconds: one per database worker thread, kept.
magic_t ThreadMagic() {
  struct Closer {
    void operator()(magic_set* m) const { magic_close(m); }
  };
  thread_local std::unique_ptr<magic_set, Closer> handle = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (m != nullptr && magic_load(m, nullptr) != 0) {
      magic_close(m);
      m = nullptr;
    }
    return std::unique_ptr<magic_set, Closer>(m);
  }();
  return handle.get();
}

}  // namespace

absl::StatusOr<FileType> DetectFileType(absl::string_view field, absl::string_view content) {
  magic_t magic = ThreadMagic();
  if (magic == nullptr) {
    return absl::UnavailableError(
        "this server cannot tell file types: libmagic's database is missing (install "
        "Debian's libmagic1)");
  }
  const char* found = magic_buffer(magic, content.data(), content.size());
  const std::string detected = found == nullptr ? "" : found;
  for (const Accepted& a : AcceptedTypes()) {
    if (detected == a.content_type) {
      return FileType{a.content_type, a.description, *a.pandoc_format != '\0', a.pandoc_format};
    }
  }
  return InvalidField(
      field, absl::StrCat("the content is ", detected.empty() ? "of an unknown type" : detected,
                          "; accepted are PDF, DOCX, XLSX, ODT, PNG and JPEG"));
}

absl::Status CheckAcceptedExtension(absl::string_view field, absl::string_view filename) {
  const std::string ext = ExtensionOf(filename);
  for (const Accepted& a : AcceptedTypes()) {
    if (absl::c_linear_search(a.extensions, ext)) return absl::OkStatus();
  }
  return InvalidField(field, absl::StrCat("must end in one of ", AcceptedList()));
}

absl::Status CheckExtensionMatches(absl::string_view field, absl::string_view filename,
                                   const FileType& type) {
  const std::string ext = ExtensionOf(filename);
  for (const Accepted& a : AcceptedTypes()) {
    if (a.content_type == type.content_type && absl::c_linear_search(a.extensions, ext)) {
      return absl::OkStatus();
    }
  }
  return InvalidField(field, absl::StrCat("ends in .", ext, " but the content is ",
                                          type.description, "; name the file for what it is"));
}

}  // namespace summit::recommendations
