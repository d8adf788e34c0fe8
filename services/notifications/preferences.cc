#include "services/notifications/preferences.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/notifications/messages.h"
#include "services/notifications/sql/queries.h"

namespace summit::notifications {
namespace {

// Minutes after midnight of "HH:MM", or -1.
int MinuteOfDay(const std::string& hhmm) {
  int h = 0, m = 0;
  if (hhmm.size() != 5 || hhmm[2] != ':' || !absl::SimpleAtoi(hhmm.substr(0, 2), &h) ||
      !absl::SimpleAtoi(hhmm.substr(3, 2), &m) || h < 0 || h > 23 || m < 0 || m > 59) {
    return -1;
  }
  return h * 60 + m;
}

}  // namespace

StoredPreferences LoadPreferences(pqxx::transaction_base& txn, const std::string& person) {
  StoredPreferences stored;
  const pqxx::result r = txn.exec_prepared(sql::kGetPreferences, person);
  if (!r.empty()) {
    (void)FromJson(r[0]["doc"].as<std::string>(), &stored.preferences);
    stored.version = r[0]["version"].as<int64_t>();
  }
  v1::NotificationPreferences& p = stored.preferences;
  p.set_name(absl::StrCat(person, "/notificationPreferences"));
  if (p.default_delivery() == v1::DELIVERY_UNSPECIFIED) {
    p.set_default_delivery(v1::DELIVERY_EMAIL_IMMEDIATELY);
  }
  p.set_etag(absl::StrCat("\"", stored.version, "\""));
  return stored;
}

v1::Delivery DeliveryFor(const v1::NotificationPreferences& prefs, v1::NotificationKind kind) {
  for (const v1::KindPreference& k : prefs.kinds()) {
    if (k.kind() == kind && k.delivery() != v1::DELIVERY_UNSPECIFIED) return k.delivery();
  }
  return prefs.default_delivery() == v1::DELIVERY_UNSPECIFIED ? v1::DELIVERY_EMAIL_IMMEDIATELY
                                                              : prefs.default_delivery();
}

absl::Status ValidatePreferences(const v1::NotificationPreferences& prefs) {
  if (!prefs.time_zone().empty()) {
    absl::TimeZone zone;
    if (!absl::LoadTimeZone(prefs.time_zone(), &zone)) {
      return InvalidField("preferences.time_zone", "is not an IANA time zone (e.g. Asia/Almaty)");
    }
  }
  if (!prefs.language().empty()) {
    bool known = false;
    for (const std::string& l : MessageLanguages()) known = known || l == prefs.language();
    if (!known) return InvalidField("preferences.language", "must be one of en, ru, kk, ko");
  }
  if (prefs.has_quiet_hours()) {
    if (MinuteOfDay(prefs.quiet_hours().start()) < 0) {
      return InvalidField("preferences.quiet_hours.start", "must be HH:MM (24-hour)");
    }
    if (MinuteOfDay(prefs.quiet_hours().end()) < 0) {
      return InvalidField("preferences.quiet_hours.end", "must be HH:MM (24-hour)");
    }
  }
  std::set<int> kinds;
  for (int i = 0; i < prefs.kinds_size(); ++i) {
    const std::string f = absl::StrCat("preferences.kinds[", i, "]");
    if (prefs.kinds(i).kind() == v1::NOTIFICATION_KIND_UNSPECIFIED) {
      return InvalidField(f + ".kind", "must name a kind");
    }
    if (!kinds.insert(prefs.kinds(i).kind()).second) {
      return InvalidField(f + ".kind", "is listed twice");
    }
  }
  return absl::OkStatus();
}

absl::Time OutsideQuietHours(absl::Time now, const v1::NotificationPreferences& prefs,
                             const std::string& time_zone) {
  if (!prefs.has_quiet_hours()) return now;
  const int start = MinuteOfDay(prefs.quiet_hours().start());
  const int end = MinuteOfDay(prefs.quiet_hours().end());
  if (start < 0 || end < 0 || start == end) return now;
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!time_zone.empty()) absl::LoadTimeZone(time_zone, &zone);
  const absl::CivilMinute local = absl::ToCivilMinute(now, zone);
  const int minute = local.hour() * 60 + local.minute();
  const bool quiet =
      start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
  if (!quiet) return now;
  // The next local end time after now.
  absl::CivilMinute end_at = absl::CivilMinute(absl::CivilDay(local)) + end;
  if (end_at <= local) end_at = absl::CivilMinute(absl::CivilDay(local) + 1) + end;
  return absl::FromCivil(end_at, zone);
}

}  // namespace summit::notifications
