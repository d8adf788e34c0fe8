#pragma once
// Usage errors in a person's terms: every one exits with code 2 (the
// README's promise), and a mistyped subcommand or flag gets "did you mean".

#include <CLI/CLI.hpp>
#include <string>

namespace summit::ctl {

inline constexpr int kUsageExitCode = 2;

// The closest subcommand or flag of the command being typed to `typed`
// (edit distance at most 2, or a prefix), or "" when nothing is close.
std::string DidYouMean(const CLI::App& app, const std::string& typed);

// Prints CLI11's message (and a suggestion) to stderr; returns the exit code:
// 0 for --help and --version, kUsageExitCode for every usage error.
int ReportParseError(CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

}  // namespace summit::ctl
