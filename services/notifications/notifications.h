#pragma once
// The notifications service's calls: each person's inbox, preferences and
// work, mail deliveries for admins, and queuing sign-in mail for the
// directory. Built directly by tests; the gRPC wiring is in
// notifications_module.cc.

#include <functional>

#include "absl/status/statusor.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/notifications/producer.h"
#include "summit/notifications/internal/v1/notification_internal_service.pb.h"
#include "summit/notifications/v1/notification_service.pb.h"

namespace summit::notifications {

const MigrationSet& Migrations();

struct NotificationsDeps {
  const Clock* clock;
  const MailSettings* mail;
  // Tells the sender new mail is queued.
  std::function<void()> wake_sender;
};

class Notifications final {
 public:
  explicit Notifications(NotificationsDeps deps) : deps_(std::move(deps)) {}

  absl::StatusOr<v1::ListNotificationsResponse> ListNotifications(
      const CallContext& call, DbSession& db, const v1::ListNotificationsRequest& req) const;
  absl::StatusOr<v1::MarkNotificationsReadResponse> MarkNotificationsRead(
      const CallContext& call, DbSession& db, const v1::MarkNotificationsReadRequest& req) const;
  absl::StatusOr<v1::NotificationPreferences> GetNotificationPreferences(
      const CallContext& call, DbSession& db,
      const v1::GetNotificationPreferencesRequest& req) const;
  absl::StatusOr<v1::NotificationPreferences> UpdateNotificationPreferences(
      const CallContext& call, DbSession& db,
      const v1::UpdateNotificationPreferencesRequest& req) const;
  absl::StatusOr<v1::GetMyWorkResponse> GetMyWork(const CallContext& call, DbSession& db,
                                                  const v1::GetMyWorkRequest& req) const;
  absl::StatusOr<v1::ListMailDeliveriesResponse> ListMailDeliveries(
      const CallContext& call, DbSession& db, const v1::ListMailDeliveriesRequest& req) const;
  // summit.notifications.internal.v1
  absl::StatusOr<internal::v1::DeliverSignInCodeResponse> DeliverSignInCode(
      const CallContext& call, DbSession& db,
      const internal::v1::DeliverSignInCodeRequest& req) const;

 private:
  const NotificationsDeps deps_;
};

}  // namespace summit::notifications
