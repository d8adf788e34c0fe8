#include "services/meetings/meetings_grpc.h"

namespace summit::meetings {

#define SUMMIT_MEETINGS_RPC(Method, Request, Response)                                    \
  grpc::ServerUnaryReactor* MeetingsGrpcService::Method(                                  \
      grpc::CallbackServerContext* ctx, const v1::Request* req, v1::Response* resp) {     \
    return runner_->Run(ctx, resp, [this, req](const CallContext& call, DbSession& db) {  \
      return meetings_->Method(call, db, *req);                                           \
    });                                                                                   \
  }

SUMMIT_MEETINGS_RPC(CreateMeeting, CreateMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(GetMeeting, GetMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(ListMeetings, ListMeetingsRequest, ListMeetingsResponse)
SUMMIT_MEETINGS_RPC(UpdateMeeting, UpdateMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(ScheduleMeeting, ScheduleMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(HoldMeeting, HoldMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(CancelMeeting, CancelMeetingRequest, Meeting)
SUMMIT_MEETINGS_RPC(InviteParticipants, InviteParticipantsRequest, Meeting)
SUMMIT_MEETINGS_RPC(RespondToInvitation, RespondToInvitationRequest, Meeting)
SUMMIT_MEETINGS_RPC(RecordAttendance, RecordAttendanceRequest, Meeting)
SUMMIT_MEETINGS_RPC(SetAgenda, SetAgendaRequest, Meeting)
SUMMIT_MEETINGS_RPC(CreateMinutesVersion, CreateMinutesVersionRequest, MinutesVersion)
SUMMIT_MEETINGS_RPC(ListMinutesVersions, ListMinutesVersionsRequest, ListMinutesVersionsResponse)
SUMMIT_MEETINGS_RPC(ApproveMinutes, ApproveMinutesRequest, Meeting)
SUMMIT_MEETINGS_RPC(CreateActionItem, CreateActionItemRequest, ActionItem)
SUMMIT_MEETINGS_RPC(UpdateActionItemStatus, UpdateActionItemStatusRequest, ActionItem)
SUMMIT_MEETINGS_RPC(ListActionItems, ListActionItemsRequest, ListActionItemsResponse)
SUMMIT_MEETINGS_RPC(ListMyActionItems, ListMyActionItemsRequest, ListActionItemsResponse)
SUMMIT_MEETINGS_RPC(FindSlots, FindSlotsRequest, FindSlotsResponse)
SUMMIT_MEETINGS_RPC(ExportMeetingCalendar, ExportMeetingCalendarRequest, CalendarFile)
SUMMIT_MEETINGS_RPC(ExportPersonCalendar, ExportPersonCalendarRequest, CalendarFile)

#undef SUMMIT_MEETINGS_RPC

}  // namespace summit::meetings
