#include "services/notifications/sql/queries.h"

namespace summit::notifications::sql {

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema, {kLockConsumer,      kAdvanceConsumer,  kGetResource,  kPutResource,
                kBumpSequence,      kListResources,    kPutWorkItem,  kCloseWorkItems,
                kCloseWorkItem,     kRedateDrafts,     kDueWorkItems, kOverdueReviews,
                kOpenWorkItems,     kClaimReminder,    kClaimDigest,  kInsertNotification,
                kListNotifications, kCountUnread,      kMarkRead,     kFindNotifications,
                kDigestWaiting,     kDigestRecipients, kMarkDigested, kGetPreferences,
                kPutPreferences,    kQueueMail,        kClaimMail,    kMailSent,
                kMailRetry,         kMailFailed,       kListMail,     kMailBacklog,
                kListResourcesUnder});
  return *kStatements;
}

}  // namespace summit::notifications::sql
