#pragma once
// The command groups of summitctl, each in its own file.

#include <CLI/CLI.hpp>

#include "client/summitctl/command_support.h"

namespace summit::ctl {

void AddSummitCommands(CLI::App& app, Session& session);          // summit, track
void AddPeopleCommands(CLI::App& app, Session& session);          // org, person
void AddAccessCommands(CLI::App& app, Session& session);          // login, whoami, token
void AddRecommendationCommands(CLI::App& app, Session& session);  // rec
void AddReviewCommands(CLI::App& app, Session& session);          // review, board
void AddMeetingCommands(CLI::App& app, Session& session);         // meeting, action
void AddFeedCommands(CLI::App& app, Session& session);            // events, watch
void AddBriefingCommands(CLI::App& app, Session& session);
void AddNotificationCommands(CLI::App& app, Session& session);
void AddHealthCommand(CLI::App& app, Session& session);  // health  // signin, inbox, mywork, notify

}  // namespace summit::ctl
