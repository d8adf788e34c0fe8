#include "services/feed/feed_merge.h"

#include <google/protobuf/util/time_util.h>

#include "services/feed/feed_cursor.h"

namespace summit::feed {

MergedPage MergePages(const internal::v1::FeedCursor& start, const std::vector<SourcePage>& pages,
                      size_t limit) {
  MergedPage merged;
  merged.end = start;
  auto& positions = *merged.end.mutable_positions();
  // A k-way merge: each source's events stay in their own (position) order,
  // which event time need not follow; only the choice of which source goes
  // next looks at time. Reordering within a source would move its cursor
  // backwards and lose or repeat events on resume.
  std::vector<int> handed_out(pages.size(), 0);
  while (merged.events.size() < limit) {
    int next = -1;
    int64_t next_time = 0;
    for (size_t p = 0; p < pages.size(); ++p) {
      if (handed_out[p] >= pages[p].response.events_size()) continue;
      const int64_t t = google::protobuf::util::TimeUtil::TimestampToMicroseconds(
          pages[p].response.events(handed_out[p]).event().event_time());
      if (next < 0 || t < next_time) {
        next = static_cast<int>(p);
        next_time = t;
      }
    }
    if (next < 0) break;
    const internal::v1::SourceEvent& e = pages[next].response.events(handed_out[next]++);
    positions[pages[next].source] = e.position();
    v1::Event event = e.event();
    event.set_cursor(EncodeCursor(merged.end));
    merged.events.push_back(std::move(event));
  }
  for (size_t p = 0; p < pages.size(); ++p) {
    const internal::v1::ListSourceEventsResponse& response = pages[p].response;
    const bool all_out = handed_out[p] == response.events_size();
    if (all_out) {
      internal::v1::SourcePosition& at = positions[pages[p].source];
      if (at < response.next()) at = response.next();
    }
    merged.caught_up = merged.caught_up && all_out && response.caught_up();
  }
  return merged;
}

}  // namespace summit::feed
