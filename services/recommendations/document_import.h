#pragma once
// A Word (DOCX) or OpenDocument (ODT) file -> Markdown for a version's body,
// through pandoc (Debian's package): headings, lists, tables and emphasis
// kept; images and comments dropped.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/recommendations/file_types.h"

namespace summit::recommendations {

struct ImportOptions {
  std::string pandoc = "pandoc";
  absl::Duration time_limit = absl::Seconds(60);
};

// UNAVAILABLE when pandoc is missing or cannot read the file (the message
// says which), INVALID_ARGUMENT for a type that is not importable.
absl::StatusOr<std::string> DocumentToMarkdown(const std::string& content, const FileType& type,
                                               const ImportOptions& options = {});

}  // namespace summit::recommendations
