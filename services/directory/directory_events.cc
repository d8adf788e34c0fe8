// What each caller may see of the directory's audit events: coordinators,
// admins and servers everything; others their own person and credentials,
// and summits and tracks (public to every participant).
#include "services/directory/directory_events.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace summit::directory {

EventSource DirectoryEventSource() {
  return EventSource{
      .name = "directory",
      .schema = "directory",
      .access = [](pqxx::transaction_base&, const Principal& caller) -> EventAccessFn {
        const bool privileged =
            caller.IsService() || caller.Has(v1::ROLE_ADMIN) || caller.Has(v1::ROLE_COORDINATOR);
        const std::string own = caller.subject;
        return [privileged, own](const feed::v1::Event& e) {
          if (privileged) return EventAccess::kFull;
          if (e.resource() == own || absl::StartsWith(e.resource(), absl::StrCat(own, "/"))) {
            return EventAccess::kFull;
          }
          if (absl::StartsWith(e.resource(), "summits/")) return EventAccess::kFull;
          return EventAccess::kHidden;
        };
      },
  };
}

}  // namespace summit::directory
