#include "services/recommendations/sql/queries.h"

#include "services/recommendations/sql/attachment_queries.h"

namespace summit::recommendations::sql {

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(kSchema, {
                                                                       kNextNumber,
                                                                       kInsertRecommendation,
                                                                       kGetRecommendation,
                                                                       kGetRecommendationForUpdate,
                                                                       kUpdateRecommendationFields,
                                                                       kSetState,
                                                                       kAddVersion,
                                                                       kSetReviewers,
                                                                       kRefreshSearch,
                                                                       kGetMeetingAccess,
                                                                       kSetMeetingAccess,
                                                                       kSetMeetingShare,
                                                                       kRefreshMeetingAccess,
                                                                       kShortTermIsRare,
                                                                       kGetVersion,
                                                                       kListVersions,
                                                                       kGetTranslation,
                                                                       kUpsertTranslation,
                                                                       kListTranslations,
                                                                       kFindAppliedEvent,
                                                                       kRecordAppliedEvent,
                                                                       kInsertUpload,
                                                                       kGetUploadForUpdate,
                                                                       kInsertUploadChunk,
                                                                       kGetUploadChunk,
                                                                       kSetUploadReceived,
                                                                       kMarkUploadUsed,
                                                                       kReadUploadRange,
                                                                       kInsertAttachment,
                                                                       kGetAttachment,
                                                                       kListAttachments,
                                                                   });
  return *kStatements;
}

}  // namespace summit::recommendations::sql
