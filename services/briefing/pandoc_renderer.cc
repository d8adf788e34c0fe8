#include "services/briefing/pandoc_renderer.h"

#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/child_process.h"

namespace summit::briefing {
namespace {

// Print-friendly, with fonts that cover Cyrillic (DejaVu) and Hangul (Nanum,
// Noto CJK) so a Kazakh or Korean document never shows empty boxes.
constexpr char kStyle[] = R"(<style>
body { font-family: "DejaVu Sans", "NanumGothic", "Noto Sans CJK KR", sans-serif; line-height: 1.45;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }
h1 { border-bottom: 2px solid #2b5797; padding-bottom: .2em; page-break-before: always; }
h1#contents, header + h1 { page-break-before: avoid; }
h2 { color: #2b5797; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: .25em .6em; }
header .subtitle { color: #555; }
@page { size: A4; margin: 2cm; @bottom-center { content: counter(page); } }
</style>
)";

}  // namespace

absl::StatusOr<std::string> RenderDocument(const std::string& markdown, RenderFormat format,
                                           const RenderOptions& options) {
  absl::StatusOr<TempDirectory> temp = TempDirectory::Create("summit-render");
  if (!temp.ok()) return temp.status();
  const std::filesystem::path& dir = temp->path();
  if (!WriteWholeFile(dir / "in.md", markdown) || !WriteWholeFile(dir / "style.html", kStyle)) {
    return absl::UnavailableError("cannot write the document to render");
  }
  const bool pdf = format == RenderFormat::kPdf;
  const std::filesystem::path out = dir / (pdf ? "out.pdf" : "out.html");
  std::vector<std::string> argv = {
      options.pandoc, "--from=markdown",     "--to=html5",
      "--standalone", "--include-in-header", (dir / "style.html").string(),
      "--output",     out.string(),          (dir / "in.md").string()};
  if (pdf) argv.push_back(absl::StrCat("--pdf-engine=", options.pdf_engine));
  const ChildResult run = RunChild(argv, dir / "log.txt", options.time_limit);
  if (run.outcome == ChildResult::Outcome::kNotStarted) {
    return absl::UnavailableError(
        absl::StrCat(options.pandoc, " is not installed on this server; install Debian's pandoc",
                     pdf ? absl::StrCat(" and ", options.pdf_engine) : "",
                     " (deploy/local/install-deps.sh does)"));
  }
  if (run.outcome == ChildResult::Outcome::kTimedOut) {
    return absl::UnavailableError(
        absl::StrCat("rendering took longer than ", absl::FormatDuration(options.time_limit)));
  }
  if (run.outcome != ChildResult::Outcome::kExited || run.exit_code != 0) {
    std::string log = ReadWholeFile(dir / "log.txt");
    if (log.size() > 400) log = log.substr(0, 400);
    return absl::UnavailableError(absl::StrCat("pandoc failed (exit ", run.exit_code, "): ", log));
  }
  return ReadWholeFile(out);
}

}  // namespace summit::briefing
