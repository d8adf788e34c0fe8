// What each caller may see of the meetings' audit events: the events of the
// meetings they may see (participants, organisers, coordinators, servers).
#include "services/meetings/meetings_events.h"

#include <map>

#include "services/common/event_log.h"
#include "services/meetings/meetings.h"

namespace summit::meetings {

EventSource MeetingsEventSource() {
  return EventSource{
      .name = "meetings",
      .schema = "meetings",
      .access = [](pqxx::transaction_base& txn, const Principal& caller) -> EventAccessFn {
        auto cache = std::make_shared<std::map<std::string, bool>>();
        return [&txn, caller, cache](const feed::v1::Event& e) {
          const std::string meeting = LeadingSegments(e.resource(), 4);
          if (meeting.empty())
            return caller.IsService() ? EventAccess::kFull : EventAccess::kHidden;
          auto it = cache->find(meeting);
          if (it == cache->end()) {
            const bool visible = internal::LoadVisible(txn, caller, meeting, false).ok();
            it = cache->emplace(meeting, visible).first;
          }
          return it->second ? EventAccess::kFull : EventAccess::kHidden;
        };
      },
  };
}

}  // namespace summit::meetings
