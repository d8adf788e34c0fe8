#include "client/summitctl/usage_hints.h"

#include <algorithm>
#include <iostream>
#include <vector>

namespace summit::ctl {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Whether `app` or one of its parents (global flags fall through) has the
// long flag `name` ("--json").
bool KnowsFlag(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* option : app->get_options()) {
      for (const std::string& n : option->get_lnames()) {
        if ("--" + n == name) return true;
      }
    }
  }
  return false;
}

std::vector<std::string> Candidates(const CLI::App& app, bool flags) {
  std::vector<std::string> names;
  if (flags) {
    for (const CLI::Option* option : app.get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    }
    // Global flags are accepted after a subcommand too (fallthrough).
    if (app.get_parent() != nullptr) {
      for (const std::string& n : Candidates(*app.get_parent(), true)) names.push_back(n);
    }
  } else {
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  }
  return names;
}

}  // namespace

std::string DidYouMean(const CLI::App& app, const std::string& typed) {
  const bool flag = typed.rfind("--", 0) == 0;
  const std::string bare = flag ? typed.substr(0, typed.find('=')) : typed;
  std::string best;
  size_t best_distance = 3;
  for (const std::string& name : Candidates(app, flag)) {
    size_t d = EditDistance(bare, name);
    if (name.rfind(bare, 0) == 0 && bare.size() >= (flag ? 4 : 2)) d = std::min<size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

int ReportParseError(CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const int cli11_code = app.exit(error);  // prints help, version, or the error
  if (cli11_code == 0) return 0;
  // Walk the words as typed: down the subcommands they name, to the first
  // word that is neither a subcommand nor a known flag there.
  const CLI::App* typing = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.rfind("--", 0) == 0) {
      if (KnowsFlag(typing, word.substr(0, word.find('=')))) continue;
    } else if (word.rfind('-', 0) == 0) {
      continue;
    } else {
      const CLI::App* sub = nullptr;
      for (const CLI::App* s : typing->get_subcommands({})) {
        if (s->check_name(word)) sub = s;
      }
      if (sub != nullptr) {
        typing = sub;
        continue;
      }
      // A positional argument (a resource name) of a command without
      // subcommands is no typo.
      if (typing->get_subcommands({}).empty()) continue;
    }
    const std::string hint = DidYouMean(*typing, word);
    if (!hint.empty()) std::cerr << "Did you mean `" << hint << "` instead of `" << word << "`?\n";
    break;
  }
  return kUsageExitCode;
}

}  // namespace summit::ctl
