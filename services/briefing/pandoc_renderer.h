#pragma once
// Markdown -> standalone HTML or PDF with pandoc (Debian's package), the PDF
// through WeasyPrint. Runs pandoc as a child process in a private temporary
// directory, with a time limit.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace summit::briefing {

enum class RenderFormat { kHtml, kPdf };

struct RenderOptions {
  std::string pandoc = "pandoc";
  std::string pdf_engine = "weasyprint";
  absl::Duration time_limit = absl::Seconds(120);
};

// UNAVAILABLE when pandoc or the PDF engine is missing or fails; the message
// says which and how to install it.
absl::StatusOr<std::string> RenderDocument(const std::string& markdown, RenderFormat format,
                                           const RenderOptions& options = {});

}  // namespace summit::briefing
