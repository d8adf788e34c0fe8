// summitctl: the command line for experts, coordinators and admins.
// Tables for people by default; --json for scripts.

#include <grpc/support/log.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"
#include "client/summitctl/usage_hints.h"
#include "services/common/version.h"

namespace {

// gRPC's own log lines (a failed TLS handshake, say) are for developers;
// summitctl says what went wrong in its own words. GRPC_VERBOSITY brings
// them back.
void QuietGrpcLog(gpr_log_func_args* args) {
  if (std::getenv("GRPC_VERBOSITY") != nullptr) {
    std::cerr << args->file << ":" << args->line << ": " << args->message << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  gpr_set_log_function(&QuietGrpcLog);
  using summit::ctl::CommandError;
  CLI::App app{"summitctl: prepare a summit's recommendations from the command line"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("summitctl ") + summit::kVersion);
  app.fallthrough();  // global flags also after the subcommand: `summitctl org list --json`
  summit::ctl::ConnectionOptions options;
  app.add_option("--server", options.server, "summitd address (default localhost:50051)")
      ->envname("SUMMIT_SERVER");
  app.add_option("--token", options.token, "Bearer token")->envname("SUMMIT_TOKEN");
  app.add_option("--credentials-file", options.credentials_file,
                 "Where `login` keeps the token (default ~/.config/summit/credentials)")
      ->envname("SUMMIT_CREDENTIALS_FILE");
  app.add_flag("--tls", options.tls, "Use TLS")->envname("SUMMIT_TLS");
  app.add_option("--ca-file", options.ca_file, "PEM roots to trust with --tls")
      ->envname("SUMMIT_CA_FILE");
  app.add_option("--timeout", options.timeout_seconds, "Seconds to wait for an answer")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_flag("--json", options.json, "Print JSON instead of tables");

  summit::ctl::Session session(&options);
  summit::ctl::AddSummitCommands(app, session);
  summit::ctl::AddPeopleCommands(app, session);
  summit::ctl::AddAccessCommands(app, session);
  summit::ctl::AddRecommendationCommands(app, session);
  summit::ctl::AddReviewCommands(app, session);
  summit::ctl::AddCommentCommands(app, session);
  summit::ctl::AddExportCommand(app, session);
  summit::ctl::AddMeetingCommands(app, session);
  summit::ctl::AddFeedCommands(app, session);
  summit::ctl::AddBriefingCommands(app, session);
  summit::ctl::AddNotificationCommands(app, session);
  summit::ctl::AddHealthCommand(app, session);
  summit::ctl::AddCompletionCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return summit::ctl::ReportParseError(app, e, argc, argv);
  } catch (const CommandError& e) {
    if (*e.what() != '\0') std::cerr << "summitctl: " << e.what() << "\n";
    return e.exit_code();
  }
  return 0;
}
