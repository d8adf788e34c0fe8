#include "services/recommendations/document_import.h"

#include "absl/strings/str_cat.h"
#include "services/common/child_process.h"
#include "services/common/status.h"

namespace summit::recommendations {

absl::StatusOr<std::string> DocumentToMarkdown(const std::string& content, const FileType& type,
                                               const ImportOptions& options) {
  if (!type.importable) {
    return InvalidField("upload", absl::StrCat("is ", type.description,
                                               "; only Word (DOCX) and OpenDocument (ODT) "
                                               "files become a version's text"));
  }
  absl::StatusOr<TempDirectory> temp = TempDirectory::Create("summit-import");
  if (!temp.ok()) return temp.status();
  const std::filesystem::path in = temp->path() / ("in." + type.pandoc_format);
  const std::filesystem::path out = temp->path() / "out.md";
  if (!WriteWholeFile(in, content)) return absl::UnavailableError("cannot write the file to read");
  // GitHub-flavoured Markdown: pipe tables, and no raw HTML (pandoc's ODT
  // reader wraps headings in anchor spans otherwise).
  const ChildResult run =
      RunChild({options.pandoc, absl::StrCat("--from=", type.pandoc_format), "--to=gfm-raw_html",
                "--wrap=none", "--output", out.string(), in.string()},
               temp->path() / "log.txt", options.time_limit);
  switch (run.outcome) {
    case ChildResult::Outcome::kNotStarted:
      return absl::UnavailableError(
          absl::StrCat(options.pandoc,
                       " is not installed on this server; install Debian's pandoc (deploy/local/"
                       "install-deps.sh does)"));
    case ChildResult::Outcome::kTimedOut:
      return absl::UnavailableError(absl::StrCat("reading the document took longer than ",
                                                 absl::FormatDuration(options.time_limit)));
    case ChildResult::Outcome::kKilled:
      return absl::UnavailableError("pandoc stopped while reading the document");
    case ChildResult::Outcome::kExited:
      break;
  }
  if (run.exit_code != 0) {
    std::string log = ReadWholeFile(temp->path() / "log.txt");
    if (log.size() > 300) log = log.substr(0, 300);
    return absl::InvalidArgumentError(
        absl::StrCat("upload: pandoc could not read this ", type.description, ": ", log));
  }
  return ReadWholeFile(out);
}

}  // namespace summit::recommendations
