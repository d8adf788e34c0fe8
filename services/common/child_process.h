#pragma once
// Running a helper program (pandoc) as a child process: in a private
// temporary directory, with a time limit, never through a shell.

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace summit {

// A fresh directory under TMPDIR, removed with everything in it when this goes.
class TempDirectory final {
 public:
  // UNAVAILABLE when TMPDIR is not writable.
  static absl::StatusOr<TempDirectory> Create(const std::string& prefix);
  TempDirectory(TempDirectory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  ~TempDirectory();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TempDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

bool WriteWholeFile(const std::filesystem::path& path, const std::string& content);
std::string ReadWholeFile(const std::filesystem::path& path);

// What became of a child process.
struct ChildResult {
  enum class Outcome { kExited, kNotStarted, kTimedOut, kKilled } outcome;
  int exit_code = 0;
};

// Runs argv (argv[0] looked up in PATH) with stdin from /dev/null and stdout
// and stderr into `log`; kills it after `limit`.
ChildResult RunChild(const std::vector<std::string>& argv, const std::filesystem::path& log,
                     absl::Duration limit);

}  // namespace summit
