#include "services/meetings/meetings_module.h"

#include "services/common/directory_cache.h"
#include "services/common/directory_lookup.h"
#include "services/common/proto_service.h"
#include "services/common/recommendation_lookup.h"
#include "services/meetings/meetings.h"
#include "services/meetings/meetings_events.h"
#include "services/meetings/sql/queries.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"

namespace summit::meetings {
namespace {

class HostedMeetings final : public HostedService {
 public:
  explicit HostedMeetings(const ServiceEnv& env)
      : lookup_(env.ChannelTo("directory"), env.service_authorization),
        directory_(&lookup_),
        recommendations_(env.ChannelTo("recommendations"), env.service_authorization),
        meetings_(
            {.clock = env.clock, .directory = &directory_, .recommendations = &recommendations_}),
        rpcs_(v1::MeetingService::service_full_name(), env.runner) {
    rpcs_.Handle("CreateMeeting", &meetings_, &Meetings::CreateMeeting);
    rpcs_.Handle("GetMeeting", &meetings_, &Meetings::GetMeeting);
    rpcs_.Handle("ListMeetings", &meetings_, &Meetings::ListMeetings);
    rpcs_.Handle("UpdateMeeting", &meetings_, &Meetings::UpdateMeeting);
    rpcs_.Handle("ScheduleMeeting", &meetings_, &Meetings::ScheduleMeeting);
    rpcs_.Handle("HoldMeeting", &meetings_, &Meetings::HoldMeeting);
    rpcs_.Handle("CancelMeeting", &meetings_, &Meetings::CancelMeeting);
    rpcs_.Handle("InviteParticipants", &meetings_, &Meetings::InviteParticipants);
    rpcs_.Handle("RespondToInvitation", &meetings_, &Meetings::RespondToInvitation);
    rpcs_.Handle("RecordAttendance", &meetings_, &Meetings::RecordAttendance);
    rpcs_.Handle("SetAgenda", &meetings_, &Meetings::SetAgenda);
    rpcs_.Handle("CreateMinutesVersion", &meetings_, &Meetings::CreateMinutesVersion);
    rpcs_.Handle("ListMinutesVersions", &meetings_, &Meetings::ListMinutesVersions);
    rpcs_.Handle("ApproveMinutes", &meetings_, &Meetings::ApproveMinutes);
    rpcs_.Handle("CreateActionItem", &meetings_, &Meetings::CreateActionItem);
    rpcs_.Handle("UpdateActionItemState", &meetings_, &Meetings::UpdateActionItemState);
    rpcs_.Handle("ListActionItems", &meetings_, &Meetings::ListActionItems);
    rpcs_.Handle("ListMyActionItems", &meetings_, &Meetings::ListMyActionItems);
    rpcs_.Handle("FindSlots", &meetings_, &Meetings::FindSlots);
    rpcs_.Handle("ExportMeetingCalendar", &meetings_, &Meetings::ExportMeetingCalendar);
    rpcs_.Handle("ExportPersonCalendar", &meetings_, &Meetings::ExportPersonCalendar);
  }
  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_}; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = MeetingsEventSource();
  DirectoryLookup lookup_;
  // Summits, tracks, organisations and people, kept for up to 2 s.
  CachedDirectory directory_;
  RecommendationLookup recommendations_;
  Meetings meetings_;
  ProtoService rpcs_;
};

}  // namespace

ServiceModule MeetingsModule() {
  return ServiceModule{
      .name = "meetings",
      .grpc_names = {v1::MeetingService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedMeetings>(env); },
      .has_events = true,
  };
}

}  // namespace summit::meetings
