// What each caller may see of the recommendations' audit events: exactly
// what they may see of the recommendation itself (a draft's history only its
// authors), except who was made a reviewer, which only coordinators who are
// not authors and servers see (blind review), and who wrote it, which a
// double-blind reviewer does not see.
#include "services/recommendations/recommendations_events.h"

#include <map>
#include <optional>
#include <pqxx/result>

#include "absl/algorithm/container.h"
#include "services/common/event_log.h"
#include "services/recommendations/recommendation_rows.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

struct Seen {
  bool visible = false;
  bool is_author = false;
  // The caller reviews it double-blind: the authors' actions show no actor.
  bool authors_hidden = false;
  std::vector<std::string> authors;
};

}  // namespace

EventSource RecommendationsEventSource() {
  return EventSource{
      .name = "recommendations",
      .schema = "recommendations",
      .access = [](pqxx::transaction_base& txn, const Principal& caller) -> EventAccessFn {
        auto cache = std::make_shared<std::map<std::string, Seen>>();
        return [&txn, caller, cache](const feed::v1::Event& e) {
          const std::string rec = LeadingSegments(e.resource(), 4);
          if (rec.empty()) return caller.IsService() ? EventAccess::kFull : EventAccess::kHidden;
          auto it = cache->find(rec);
          if (it == cache->end()) {
            Seen seen;
            const std::vector<RecommendationRow> rows =
                QueryRecommendations(txn, sql::kGetRecommendation, rec);
            if (!rows.empty()) {
              const RecommendationRow& row = rows.front();
              seen.visible = CanSee(caller, row.Facts());
              seen.is_author = IsAuthor(caller, row.authors);
              seen.authors_hidden = HidesAuthorsFrom(caller, row.Facts());
              seen.authors = row.authors;
            }
            it = cache->emplace(rec, seen).first;
          }
          if (!it->second.visible) return EventAccess::kHidden;
          if (e.type() == "recommendations.reviewers.set" &&
              (it->second.is_author || !IsCoordinatorOrService(caller))) {
            return EventAccess::kHidden;
          }
          if (it->second.authors_hidden) {
            // Payloads carry the authors; an author as actor tells who wrote it.
            return absl::c_linear_search(it->second.authors, e.actor())
                       ? EventAccess::kAnonymous
                       : EventAccess::kWithoutPayload;
          }
          return EventAccess::kFull;
        };
      },
  };
}

}  // namespace summit::recommendations
