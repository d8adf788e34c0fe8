// What each caller may see of the recommendations' audit events: exactly
// what they may see of the recommendation itself (a draft's history only its
// authors), except who was made a reviewer, which only coordinators who are
// not authors and servers see (blind review).
#include "services/recommendations/recommendations_events.h"

#include <map>
#include <optional>
#include <pqxx/result>

#include "services/common/event_log.h"
#include "services/recommendations/recommendation_rows.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

struct Seen {
  bool visible = false;
  bool is_author = false;
};

}  // namespace

EventSource RecommendationsEventSource() {
  return EventSource{
      .name = "recommendations",
      .schema = "recommendations",
      .access = [](pqxx::work& txn, const Principal& caller) -> EventAccessFn {
        auto cache = std::make_shared<std::map<std::string, Seen>>();
        return [&txn, caller, cache](const feed::v1::Event& e) {
          const std::string rec = LeadingSegments(e.resource(), 4);
          if (rec.empty()) return caller.IsService() ? EventAccess::kFull : EventAccess::kHidden;
          auto it = cache->find(rec);
          if (it == cache->end()) {
            Seen seen;
            const pqxx::result r = txn.exec_prepared(sql::kGetRecommendation, rec);
            if (!r.empty()) {
              const RecommendationRow row = ReadRecommendation(r[0]);
              seen.visible = CanSee(caller, {row.resource.state(), &row.authors, &row.reviewers});
              seen.is_author = IsAuthor(caller, row.authors);
            }
            it = cache->emplace(rec, seen).first;
          }
          if (!it->second.visible) return EventAccess::kHidden;
          if (e.type() == "recommendations.reviewers.set" &&
              (it->second.is_author || !IsCoordinatorOrService(caller))) {
            return EventAccess::kHidden;
          }
          return EventAccess::kFull;
        };
      },
  };
}

}  // namespace summit::recommendations
