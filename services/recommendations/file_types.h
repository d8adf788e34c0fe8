#pragma once
// Which files may be attached, told from their content (libmagic), never
// from what the client says; and whether a file's name agrees with it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit::recommendations {

struct FileType {
  // e.g. "application/pdf".
  std::string content_type;
  // Readable, for messages: "a PDF document".
  std::string description;
  // Word or OpenDocument text: may become a version's Markdown (pandoc).
  bool importable = false;
  // pandoc's reader for it ("docx", "odt"); empty when not importable.
  std::string pandoc_format;
};

// The accepted type of `content`, or INVALID_ARGUMENT naming `field` with
// what was found and what is accepted.
absl::StatusOr<FileType> DetectFileType(absl::string_view field, absl::string_view content);

// INVALID_ARGUMENT naming `field` unless the filename's extension is one of
// the accepted types' (checked before any byte is sent).
absl::Status CheckAcceptedExtension(absl::string_view field, absl::string_view filename);

// INVALID_ARGUMENT naming `field` when the extension says another type than
// the content (a PNG named `.pdf`).
absl::Status CheckExtensionMatches(absl::string_view field, absl::string_view filename,
                                   const FileType& type);

}  // namespace summit::recommendations
