// summitctl completion bash: a bash completion script made from the command
// tree itself, so it never falls behind the commands.
//   source <(summitctl completion bash)
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

// One case arm per command path ("rec show"): the words that may follow it.
void Collect(const CLI::App& app, const std::string& path, std::vector<std::string> inherited_flags,
             std::ostringstream* arms) {
  std::vector<std::string> words;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) inherited_flags.push_back("--" + name);
  }
  for (const CLI::App* sub : app.get_subcommands({})) words.push_back(sub->get_name());
  for (const std::string& flag : inherited_flags) {
    if (std::find(words.begin(), words.end(), flag) == words.end()) words.push_back(flag);
  }
  *arms << "    \"" << path << "\") words=\"";
  for (size_t i = 0; i < words.size(); ++i) *arms << (i ? " " : "") << words[i];
  *arms << "\" ;;\n";
  for (const CLI::App* sub : app.get_subcommands({})) {
    Collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), inherited_flags,
            arms);
  }
}

}  // namespace

std::string BashCompletion(const CLI::App& app) {
  std::ostringstream arms;
  Collect(app, "", {}, &arms);
  std::ostringstream script;
  script << "# bash completion for summitctl: source <(summitctl completion bash)\n"
            "_summitctl() {\n"
            "  local cur=${COMP_WORDS[COMP_CWORD]} path=\"\" word words i\n"
            "  # The command path typed so far: the words before the cursor that are\n"
            "  # not flags (nor a flag's value).\n"
            "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
            "    word=${COMP_WORDS[i]}\n"
            "    case \"$word\" in -*) continue ;; esac\n"
            "    case \" $(_summitctl_words \"$path\") \" in\n"
            "      *\" $word \"*) path=${path:+$path }$word ;;\n"
            "    esac\n"
            "  done\n"
            "  COMPREPLY=($(compgen -W \"$(_summitctl_words \"$path\")\" -- \"$cur\"))\n"
            "}\n"
            "_summitctl_words() {\n"
            "  local words=\"\"\n"
            "  case \"$1\" in\n"
         << arms.str()
         << "  esac\n"
            "  echo \"$words\"\n"
            "}\n"
            "complete -F _summitctl summitctl\n";
  return script.str();
}

void AddCompletionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script");
  auto* bash = cmd->add_subcommand("bash", "For bash: source <(summitctl completion bash)");
  cmd->require_subcommand(1);
  bash->callback([&app] { std::cout << BashCompletion(app); });
}

}  // namespace summit::ctl
