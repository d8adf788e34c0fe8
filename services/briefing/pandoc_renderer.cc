#include "services/briefing/pandoc_renderer.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

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

bool WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs argv with stdout and stderr into `log`; -1 when it could not start,
// -2 when it ran out of time.
int Run(const std::vector<std::string>& argv, const std::filesystem::path& log,
        absl::Duration limit) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  absl::Cleanup destroy = [&actions] { posix_spawn_file_actions_destroy(&actions); };
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) return -1;
  const absl::Time until = absl::Now() + limit;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
      return 128;
    }
    if (absl::Now() >= until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

absl::StatusOr<std::string> RenderDocument(const std::string& markdown, RenderFormat format,
                                           const RenderOptions& options) {
  std::error_code ec;
  std::string pattern =
      (std::filesystem::temp_directory_path(ec) / "summit-render-XXXXXX").string();
  if (ec || mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(
        "cannot make a temporary directory to render in (is TMPDIR writable?)");
  }
  const std::filesystem::path dir = pattern;
  absl::Cleanup remove = [&dir] {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  };
  if (!WriteFile(dir / "in.md", markdown) || !WriteFile(dir / "style.html", kStyle)) {
    return absl::UnavailableError("cannot write the document to render");
  }
  const bool pdf = format == RenderFormat::kPdf;
  const std::filesystem::path out = dir / (pdf ? "out.pdf" : "out.html");
  std::vector<std::string> argv = {
      options.pandoc, "--from=markdown",     "--to=html5",
      "--standalone", "--include-in-header", (dir / "style.html").string(),
      "--output",     out.string(),          (dir / "in.md").string()};
  if (pdf) argv.push_back(absl::StrCat("--pdf-engine=", options.pdf_engine));
  const int rc = Run(argv, dir / "log.txt", options.time_limit);
  if (rc == -1) {
    return absl::UnavailableError(
        absl::StrCat(options.pandoc, " is not installed on this server; install Debian's pandoc",
                     pdf ? absl::StrCat(" and ", options.pdf_engine) : "",
                     " (deploy/local/install-deps.sh does)"));
  }
  if (rc == -2) {
    return absl::UnavailableError(
        absl::StrCat("rendering took longer than ", absl::FormatDuration(options.time_limit)));
  }
  if (rc != 0) {
    std::string log = ReadFile(dir / "log.txt");
    if (log.size() > 400) log = log.substr(0, 400);
    return absl::UnavailableError(absl::StrCat("pandoc failed (exit ", rc, "): ", log));
  }
  return ReadFile(out);
}

}  // namespace summit::briefing
