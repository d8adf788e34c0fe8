#include "services/common/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/time/clock.h"

extern char** environ;

namespace summit {

absl::StatusOr<TempDirectory> TempDirectory::Create(const std::string& prefix) {
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / (prefix + "-XXXXXX")).string();
  if (ec || mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError("cannot make a temporary directory (is TMPDIR writable?)");
  }
  return TempDirectory(pattern);
}

TempDirectory::~TempDirectory() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool WriteWholeFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ChildResult RunChild(const std::vector<std::string>& argv, const std::filesystem::path& log,
                     absl::Duration limit) {
  using Outcome = ChildResult::Outcome;
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
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    return {Outcome::kNotStarted};
  }
  const absl::Time until = absl::Now() + limit;
  while (true) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      if (!WIFEXITED(status)) return {Outcome::kKilled};
      // posix_spawnp reports a missing program through the child's 127.
      if (WEXITSTATUS(status) == 127) return {Outcome::kNotStarted};
      return {Outcome::kExited, WEXITSTATUS(status)};
    }
    if (absl::Now() >= until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return {Outcome::kTimedOut};
    }
    // A child has no file descriptor to wait on here; polling every 20 ms
    // costs nothing next to pandoc's own run time.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace summit
