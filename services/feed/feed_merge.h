#pragma once
// Merging the sources' pages into one page of the feed. Pure: no I/O.
//
// Each event's cursor records, per source, the last event handed out before
// it and including it, so resuming from any event's cursor gives exactly the
// events after it. A source's own `next` (which may skip past events the
// caller may not see) is taken only once all its events in the page are out.

#include <string>
#include <vector>

#include "summit/feed/internal/v1/event_source.pb.h"
#include "summit/feed/v1/resources.pb.h"

namespace summit::feed {

struct SourcePage {
  std::string source;
  internal::v1::ListSourceEventsResponse response;
};

struct MergedPage {
  // In feed order, each with its cursor set.
  std::vector<v1::Event> events;
  // Where the page ends.
  internal::v1::FeedCursor end;
  // Every source was caught up and all their events are in this page.
  bool caught_up = true;
};

// Hands out at most `limit` events: each source's in its own order, the
// sources interleaved by the time of their next event.
MergedPage MergePages(const internal::v1::FeedCursor& start, const std::vector<SourcePage>& pages,
                      size_t limit);

}  // namespace summit::feed
