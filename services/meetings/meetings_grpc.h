#pragma once
// gRPC wiring of the meetings service: each handler hands its request to the
// use case of the same name through the RpcRunner.

#include "services/common/rpc.h"
#include "services/meetings/meetings.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"

namespace summit::meetings {

class MeetingsGrpcService final : public v1::MeetingService::CallbackService {
 public:
  MeetingsGrpcService(const Meetings* meetings, RpcRunner* runner) : meetings_(meetings), runner_(runner) {}

  grpc::ServerUnaryReactor* CreateMeeting(grpc::CallbackServerContext* ctx, const v1::CreateMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* GetMeeting(grpc::CallbackServerContext* ctx, const v1::GetMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* ListMeetings(grpc::CallbackServerContext* ctx, const v1::ListMeetingsRequest* req,
      v1::ListMeetingsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateMeeting(grpc::CallbackServerContext* ctx, const v1::UpdateMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* ScheduleMeeting(grpc::CallbackServerContext* ctx, const v1::ScheduleMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* HoldMeeting(grpc::CallbackServerContext* ctx, const v1::HoldMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* CancelMeeting(grpc::CallbackServerContext* ctx, const v1::CancelMeetingRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* InviteParticipants(grpc::CallbackServerContext* ctx, const v1::InviteParticipantsRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* RespondToInvitation(grpc::CallbackServerContext* ctx, const v1::RespondToInvitationRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* RecordAttendance(grpc::CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* SetAgenda(grpc::CallbackServerContext* ctx, const v1::SetAgendaRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* CreateMinutesVersion(grpc::CallbackServerContext* ctx, const v1::CreateMinutesVersionRequest* req,
      v1::MinutesVersion* resp) override;
  grpc::ServerUnaryReactor* ListMinutesVersions(grpc::CallbackServerContext* ctx, const v1::ListMinutesVersionsRequest* req,
      v1::ListMinutesVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* ApproveMinutes(grpc::CallbackServerContext* ctx, const v1::ApproveMinutesRequest* req,
      v1::Meeting* resp) override;
  grpc::ServerUnaryReactor* CreateActionItem(grpc::CallbackServerContext* ctx, const v1::CreateActionItemRequest* req,
      v1::ActionItem* resp) override;
  grpc::ServerUnaryReactor* UpdateActionItemStatus(grpc::CallbackServerContext* ctx, const v1::UpdateActionItemStatusRequest* req,
      v1::ActionItem* resp) override;
  grpc::ServerUnaryReactor* ListActionItems(grpc::CallbackServerContext* ctx, const v1::ListActionItemsRequest* req,
      v1::ListActionItemsResponse* resp) override;
  grpc::ServerUnaryReactor* ListMyActionItems(grpc::CallbackServerContext* ctx, const v1::ListMyActionItemsRequest* req,
      v1::ListActionItemsResponse* resp) override;
  grpc::ServerUnaryReactor* FindSlots(grpc::CallbackServerContext* ctx, const v1::FindSlotsRequest* req,
      v1::FindSlotsResponse* resp) override;
  grpc::ServerUnaryReactor* ExportMeetingCalendar(grpc::CallbackServerContext* ctx, const v1::ExportMeetingCalendarRequest* req,
      v1::CalendarFile* resp) override;
  grpc::ServerUnaryReactor* ExportPersonCalendar(grpc::CallbackServerContext* ctx, const v1::ExportPersonCalendarRequest* req,
      v1::CalendarFile* resp) override;

 private:
  const Meetings* meetings_;
  RpcRunner* runner_;
};

}  // namespace summit::meetings
