#pragma once
// The command groups of summitctl, each in its own file.

#include <CLI/CLI.hpp>
#include <string>

#include "client/summitctl/command_support.h"

namespace summit::ctl {

void AddSummitCommands(CLI::App& app, Session& session);          // summit, track
void AddPeopleCommands(CLI::App& app, Session& session);          // org, person
void AddAccessCommands(CLI::App& app, Session& session);          // login, whoami, token
void AddRecommendationCommands(CLI::App& app, Session& session);  // rec
// rec attach, import, files, download (called by AddRecommendationCommands).
void AddFileCommands(CLI::App& rec, Session& session);
// rec trace, share, unshare (called by AddRecommendationCommands).
void AddTraceCommands(CLI::App& rec, Session& session);
void AddReviewCommands(CLI::App& app, Session& session);  // review, board
// review redate, unassign, edit, history (called by AddReviewCommands).
void AddReviewRoundCommands(CLI::App& review, Session& session);
void AddCommentCommands(CLI::App& app, Session& session);  // comment
void AddExportCommand(CLI::App& app, Session& session);    // export
void AddMeetingCommands(CLI::App& app, Session& session);  // meeting, action
void AddFeedCommands(CLI::App& app, Session& session);     // events, watch
void AddBriefingCommands(CLI::App& app, Session& session);
void AddNotificationCommands(CLI::App& app, Session& session);  // signin, inbox, mywork, notify
void AddHealthCommand(CLI::App& app, Session& session);         // health
void AddCompletionCommand(CLI::App& app);                       // completion bash
// The bash completion script for `app`'s command tree.
std::string BashCompletion(const CLI::App& app);

}  // namespace summit::ctl
