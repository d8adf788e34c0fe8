// summitctl rec trace | share | unshare: a recommendation's path through
// meetings, reviews and briefing packages, and drafts shared for a meeting.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace rv1 = recommendations::v1;

}  // namespace

void AddTraceCommands(CLI::App& rec, Session& session) {
  auto* trace = rec.add_subcommand(
      "trace", "Meetings, versions, review rounds, decisions and briefings it went through");
  static std::string t_name;
  trace->add_option("name", t_name, "summits/{id}/recommendations/{id}")->required();
  trace->callback([&session] {
    rv1::TraceRecommendationRequest req;
    req.set_name(t_name);
    rv1::RecommendationTrace out;
    session.Check(session.Recommendations()->TraceRecommendation(
        session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    Table t({"WHEN", "STEP", "WHAT", "RESOURCE"});
    for (const rv1::TraceStep& s : out.steps()) {
      t.AddRow({FormatTime(s.time()), EnumLabel(s.kind()), s.summary(), s.resource()});
    }
    std::cout << out.recommendation().number() << " · " << out.recommendation().title() << "\n";
    t.Print(std::cout);
  });

  static std::string s_name, s_meeting;
  for (const bool share : {true, false}) {
    auto* cmd = rec.add_subcommand(
        share ? "share" : "unshare",
        share ? "Let a meeting's participants read this draft once it is on the agenda"
              : "Take back a draft's share for a meeting");
    cmd->add_option("name", s_name, "summits/{id}/recommendations/{id}")->required();
    cmd->add_option("--meeting", s_meeting, "summits/{id}/meetings/{id}")->required();
    cmd->callback([&session, share] {
      rv1::Recommendation out;
      auto stub = session.Recommendations();
      if (share) {
        rv1::ShareWithMeetingRequest req;
        req.set_name(s_name);
        req.set_meeting(s_meeting);
        session.Check(stub->ShareWithMeeting(session.connection().Context().get(), req, &out));
      } else {
        rv1::UnshareWithMeetingRequest req;
        req.set_name(s_name);
        req.set_meeting(s_meeting);
        session.Check(stub->UnshareWithMeeting(session.connection().Context().get(), req, &out));
      }
      PrintResource(
          session, out,
          {{"name", out.name()},
           {"number", out.number()},
           {"shared", out.shared_with_meetings().empty() ? std::string("—")
                                                         : Join(out.shared_with_meetings())}});
    });
  }
}

}  // namespace summit::ctl
