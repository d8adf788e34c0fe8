#pragma once
// The meetings service's use cases. A meeting is a document (participants
// and agenda inside it) changed under its etag, each change with its audit
// event; minutes are immutable versions; action items are rows of their own.
// Details are visible to participants, organisers and coordinators only.

#include <functional>
#include <map>
#include <pqxx/transaction>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/directory_client.h"
#include "services/common/migrations.h"
#include "services/common/recommendation_lookup.h"
#include "summit/meetings/v1/meeting_service.pb.h"

namespace summit::meetings {

const MigrationSet& Migrations();

struct MeetingsDeps {
  const Clock* clock;
  const DirectoryClient* directory;
  const RecommendationLookup* recommendations;
};

class Meetings final {
 public:
  explicit Meetings(MeetingsDeps deps) : deps_(deps) {}

  absl::StatusOr<v1::Meeting> CreateMeeting(const CallContext& call, DbSession& db,
                                            const v1::CreateMeetingRequest& req) const;
  absl::StatusOr<v1::Meeting> GetMeeting(const CallContext& call, DbSession& db,
                                         const v1::GetMeetingRequest& req) const;
  absl::StatusOr<v1::ListMeetingsResponse> ListMeetings(const CallContext& call, DbSession& db,
                                                        const v1::ListMeetingsRequest& req) const;
  absl::StatusOr<v1::Meeting> UpdateMeeting(const CallContext& call, DbSession& db,
                                            const v1::UpdateMeetingRequest& req) const;
  absl::StatusOr<v1::Meeting> ScheduleMeeting(const CallContext& call, DbSession& db,
                                              const v1::ScheduleMeetingRequest& req) const;
  absl::StatusOr<v1::Meeting> HoldMeeting(const CallContext& call, DbSession& db,
                                          const v1::HoldMeetingRequest& req) const;
  absl::StatusOr<v1::Meeting> CancelMeeting(const CallContext& call, DbSession& db,
                                            const v1::CancelMeetingRequest& req) const;
  absl::StatusOr<v1::Meeting> InviteParticipants(const CallContext& call, DbSession& db,
                                                 const v1::InviteParticipantsRequest& req) const;
  absl::StatusOr<v1::Meeting> RespondToInvitation(const CallContext& call, DbSession& db,
                                                  const v1::RespondToInvitationRequest& req) const;
  absl::StatusOr<v1::Meeting> RecordAttendance(const CallContext& call, DbSession& db,
                                               const v1::RecordAttendanceRequest& req) const;
  absl::StatusOr<v1::Meeting> SetAgenda(const CallContext& call, DbSession& db,
                                        const v1::SetAgendaRequest& req) const;

  absl::StatusOr<v1::MinutesVersion> CreateMinutesVersion(
      const CallContext& call, DbSession& db, const v1::CreateMinutesVersionRequest& req) const;
  absl::StatusOr<v1::ListMinutesVersionsResponse> ListMinutesVersions(
      const CallContext& call, DbSession& db, const v1::ListMinutesVersionsRequest& req) const;
  absl::StatusOr<v1::Meeting> ApproveMinutes(const CallContext& call, DbSession& db,
                                             const v1::ApproveMinutesRequest& req) const;
  absl::StatusOr<v1::ActionItem> CreateActionItem(const CallContext& call, DbSession& db,
                                                  const v1::CreateActionItemRequest& req) const;
  absl::StatusOr<v1::ActionItem> UpdateActionItemState(
      const CallContext& call, DbSession& db, const v1::UpdateActionItemStateRequest& req) const;
  absl::StatusOr<v1::ListActionItemsResponse> ListActionItems(
      const CallContext& call, DbSession& db, const v1::ListActionItemsRequest& req) const;
  absl::StatusOr<v1::ListMyActionItemsResponse> ListMyActionItems(
      const CallContext& call, DbSession& db, const v1::ListMyActionItemsRequest& req) const;

  absl::StatusOr<v1::FindSlotsResponse> FindSlots(const CallContext& call, DbSession& db,
                                                  const v1::FindSlotsRequest& req) const;
  absl::StatusOr<v1::CalendarFile> ExportMeetingCalendar(
      const CallContext& call, DbSession& db, const v1::ExportMeetingCalendarRequest& req) const;
  absl::StatusOr<v1::CalendarFile> ExportPersonCalendar(
      const CallContext& call, DbSession& db, const v1::ExportPersonCalendarRequest& req) const;

 private:
  // The meetings' participants as the directory has them (calendar export).
  std::map<std::string, directory::v1::Person> Participants(
      const std::vector<v1::Meeting>& meetings, const CallContext& call) const;
  // Loads the meeting under a row lock, checks the caller may change it and
  // the etag, applies `change`, writes it with an event of `type`.
  absl::StatusOr<v1::Meeting> Change(const CallContext& call, DbSession& db,
                                     const std::string& name, const std::string& etag,
                                     bool organisers_only, const std::string& type,
                                     const std::function<absl::Status(v1::Meeting&)>& change) const;
  // Fills the local times: the caller's and each participant's.
  v1::Meeting Present(const CallContext& call, v1::Meeting m) const;
  absl::Status CheckRecommendations(const CallContext& call, const v1::Meeting& m) const;
  // Tells the recommendations service who now reads the agenda (meeting_readers).
  absl::Status TellReaders(const CallContext& call, const v1::Meeting& before,
                           const v1::Meeting& after, int64_t version) const;

  const MeetingsDeps deps_;
};

// Rules shared by the use-case files.
namespace internal {
bool IsOrganiser(const Principal& p, const v1::Meeting& m);
bool IsParticipant(const Principal& p, const v1::Meeting& m);
bool MaySee(const Principal& p, const v1::Meeting& m);
absl::Status ValidateMeetingFields(const v1::Meeting& m);
absl::StatusOr<v1::Meeting> LoadVisible(pqxx::transaction_base& txn, const Principal& caller,
                                        const std::string& name, bool for_update);
}  // namespace internal

}  // namespace summit::meetings
