#include "services/feed/feed_merge.h"

#include <algorithm>
#include <tuple>

#include <google/protobuf/util/time_util.h>

#include "services/feed/feed_cursor.h"

namespace summit::feed {
namespace {

struct Ref {
  size_t page;
  int index;
};

}  // namespace

MergedPage MergePages(const v1::FeedCursor& start, const std::vector<SourcePage>& pages, size_t limit) {
  std::vector<Ref> order;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (int i = 0; i < pages[p].response.events_size(); ++i) order.push_back({p, i});
  }
  auto key = [&pages](const Ref& r) {
    const v1::SourceEvent& e = pages[r.page].response.events(r.index);
    return std::make_tuple(google::protobuf::util::TimeUtil::TimestampToMicroseconds(e.event().event_time()),
                           pages[r.page].source, e.position().transaction(), e.position().event_id());
  };
  std::stable_sort(order.begin(), order.end(), [&](const Ref& a, const Ref& b) { return key(a) < key(b); });

  MergedPage merged;
  merged.end = start;
  auto& positions = *merged.end.mutable_positions();
  std::vector<int> handed_out(pages.size(), 0);
  for (const Ref& r : order) {
    if (merged.events.size() >= limit) break;
    const v1::SourceEvent& e = pages[r.page].response.events(r.index);
    positions[pages[r.page].source] = e.position();
    ++handed_out[r.page];
    v1::Event event = e.event();
    event.set_cursor(EncodeCursor(merged.end));
    merged.events.push_back(std::move(event));
  }
  for (size_t p = 0; p < pages.size(); ++p) {
    const v1::ListSourceEventsResponse& response = pages[p].response;
    const bool all_out = handed_out[p] == response.events_size();
    if (all_out) {
      v1::SourcePosition& at = positions[pages[p].source];
      if (at < response.next()) at = response.next();
    }
    merged.caught_up = merged.caught_up && all_out && response.caught_up();
  }
  return merged;
}

}  // namespace summit::feed
