// What each caller may see of the reviews' audit events, under the blind
// review rules: coordinators who are not authors, and servers, see all; a
// reviewer sees their own actions and assignment and that the cycle was
// opened, decided or cancelled; an author sees only that last part, and the
// payload only in open review. Nobody else sees anything of a cycle.
#include "services/reviews/reviews_events.h"

#include <map>
#include <pqxx/result>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_log.h"
#include "services/reviews/review_rows.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

struct CycleFacts {
  bool exists = false;
  bool open_review = false;
  bool is_author = false;
  // The caller's own assignment in this cycle, if any.
  std::string own_assignment;
};

CycleFacts ReadFacts(pqxx::work& txn, const Principal& caller, const std::string& cycle) {
  CycleFacts facts;
  const pqxx::result c = txn.exec_prepared(sql::kGetCycle, cycle);
  if (c.empty()) return facts;
  const CycleRow row = ReadCycle(c[0]);
  facts.exists = true;
  facts.open_review = row.cycle.policy().blind_mode() == v1::BLIND_MODE_OPEN;
  facts.is_author = absl::c_linear_search(row.authors, caller.subject);
  for (const AssignmentRow& a : ReadAssignments(txn, cycle, absl::InfinitePast())) {
    if (a.assignment.reviewer() == caller.subject) facts.own_assignment = a.assignment.name();
  }
  return facts;
}

bool IsCycleMilestone(const feed::v1::Event& e, const std::string& cycle) {
  return e.resource() == cycle &&
         (e.type() == "reviews.cycle.opened" || e.type() == "reviews.cycle.decided" ||
          e.type() == "reviews.cycle.cancelled");
}

}  // namespace

EventSource ReviewsEventSource() {
  return EventSource{
      .name = "reviews",
      .schema = "reviews",
      .access = [](pqxx::work& txn, const Principal& caller) -> EventAccessFn {
        auto cache = std::make_shared<std::map<std::string, CycleFacts>>();
        return [&txn, caller, cache](const feed::v1::Event& e) {
          if (caller.IsService()) return EventAccess::kFull;
          const std::string cycle = LeadingSegments(e.resource(), 6);
          if (cycle.empty()) return EventAccess::kHidden;
          auto it = cache->find(cycle);
          if (it == cache->end()) it = cache->emplace(cycle, ReadFacts(txn, caller, cycle)).first;
          const CycleFacts& f = it->second;
          if (!f.exists) return EventAccess::kHidden;
          if (f.is_author) {
            if (!IsCycleMilestone(e, cycle)) return EventAccess::kHidden;
            return f.open_review ? EventAccess::kFull : EventAccess::kWithoutPayload;
          }
          if (caller.Has(directory::v1::ROLE_COORDINATOR)) return EventAccess::kFull;
          if (f.own_assignment.empty()) return EventAccess::kHidden;
          if (e.actor() == caller.subject) return EventAccess::kFull;
          if (e.resource() == f.own_assignment ||
              absl::StartsWith(e.resource(), absl::StrCat(f.own_assignment, "/"))) {
            return EventAccess::kFull;
          }
          if (IsCycleMilestone(e, cycle)) return EventAccess::kWithoutPayload;
          return EventAccess::kHidden;
        };
      },
  };
}

}  // namespace summit::reviews
