#pragma once
// Reminders from due dates by the injected clock, and the daily digests.
// Each reminder is claimed once per (person, resource, kind, due date) and
// each digest once per (person, kind, local day) before it is produced, in
// the transaction that produces it: restarts and replicas never repeat one,
// and a changed due date arms a new reminder.

#include "services/notifications/producer.h"

namespace summit::notifications {

inline constexpr absl::Duration kReviewReminderLead = absl::Hours(48);
inline constexpr absl::Duration kActionItemReminderLead = absl::Hours(24);
inline constexpr absl::Duration kSubmissionReminderLead = absl::Hours(72);
// Items overdue longer than this get no more reminders.
inline constexpr absl::Duration kOverdueHorizon = absl::Hours(24 * 7);
// Digests go out from this local hour on.
inline constexpr int kDigestHour = 8;

// Returns how many reminders were produced.
int ProduceReminders(Producer& producer);

// Daily digests of DELIVERY_DAILY_DIGEST notifications, and the coordinators'
// digest of what waits on them. Returns how many went out.
int ProduceDigests(Producer& producer);

}  // namespace summit::notifications
