#pragma once
// What one event of the activity feed means for people: the projections it
// updates, the work it opens or closes, and who is told (see
// NotificationKind for who receives what). Runs inside the consumer's
// transaction through a Producer.

#include "services/notifications/producer.h"
#include "summit/feed/v1/resources.pb.h"

namespace summit::notifications {

// `notify`: false while catching up on events too old to tell anyone about
// (projections and work still follow them).
void ApplyEvent(Producer& producer, const feed::v1::Event& event, bool notify);

}  // namespace summit::notifications
