#pragma once
// A person's notification preferences: stored ones or the defaults, what a
// kind's delivery is, and when quiet hours end.

#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "summit/notifications/v1/resources.pb.h"

namespace summit::notifications {

struct StoredPreferences {
  v1::NotificationPreferences preferences;  // defaults filled in
  int64_t version = 0;                      // 0: never written
};

StoredPreferences LoadPreferences(pqxx::transaction_base& txn, const std::string& person);

v1::Delivery DeliveryFor(const v1::NotificationPreferences& prefs, v1::NotificationKind kind);

// INVALID_ARGUMENT naming the field for a bad zone, language, quiet hours
// or a kind listed twice.
absl::Status ValidatePreferences(const v1::NotificationPreferences& prefs);

// `now` when it is outside the quiet hours in `time_zone`, else when they end.
absl::Time OutsideQuietHours(absl::Time now, const v1::NotificationPreferences& prefs,
                             const std::string& time_zone);

}  // namespace summit::notifications
