#include "services/briefing/briefing_events.h"

namespace summit::briefing {

EventSource BriefingEventSource() {
  return EventSource{
      .name = "briefing",
      .schema = "briefing",
      .access = [](pqxx::transaction_base&, const Principal&) -> EventAccessFn {
        return [](const feed::v1::Event&) { return EventAccess::kFull; };
      },
  };
}

}  // namespace summit::briefing
