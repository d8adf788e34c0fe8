// MergePages on its own: per-source order survives, cursors never go back,
// and a source's skip-ahead is taken only once its events are all out.
#include "services/feed/feed_merge.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "services/feed/feed_cursor.h"

namespace summit::feed {
namespace {

internal::v1::SourceEvent At(int64_t micros, uint64_t txid, int64_t id) {
  internal::v1::SourceEvent e;
  *e.mutable_event()->mutable_event_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
  e.mutable_event()->set_id(id);
  e.mutable_position()->set_transaction(txid);
  e.mutable_position()->set_event_id(id);
  return e;
}

SourcePage Page(const std::string& source, std::vector<internal::v1::SourceEvent> events,
                uint64_t next_txid, bool caught_up) {
  SourcePage page{.source = source, .response = {}};
  for (auto& e : events) *page.response.add_events() = e;
  page.response.mutable_next()->set_transaction(next_txid);
  page.response.set_caught_up(caught_up);
  return page;
}

TEST(MergePagesTest, KeepsEachSourcesOrderEvenWhenTimeDisagrees) {
  // Transaction 10 wrote its event after transaction 11 did.
  const std::vector<SourcePage> pages = {
      Page("directory", {At(200, 10, 2), At(100, 11, 1)}, 12, true),
      Page("meetings", {At(150, 5, 7)}, 6, true)};
  const MergedPage merged = MergePages({}, pages, 10);
  ASSERT_EQ(merged.events.size(), 3u);
  EXPECT_EQ(merged.events[0].id(), 7);  // meetings at 150 comes before directory's head at 200
  EXPECT_EQ(merged.events[1].id(), 2);
  EXPECT_EQ(merged.events[2].id(), 1);
  uint64_t last_directory = 0;
  for (const v1::Event& e : merged.events) {
    const internal::v1::FeedCursor c = *DecodeCursor("cursor", e.cursor());
    auto it = c.positions().find("directory");
    const uint64_t at = it == c.positions().end() ? 0 : it->second.transaction();
    EXPECT_GE(at, last_directory);
    last_directory = at;
  }
  EXPECT_TRUE(merged.caught_up);
  EXPECT_EQ(merged.end.positions().at("directory").transaction(), 12u);
  EXPECT_EQ(merged.end.positions().at("meetings").transaction(), 6u);
}

TEST(MergePagesTest, ASourceSkipsAheadOnlyOnceAllItsEventsAreOut) {
  const std::vector<SourcePage> pages = {Page("directory", {At(1, 10, 1), At(2, 10, 2)}, 50, true)};
  const MergedPage first = MergePages({}, pages, 1);
  EXPECT_FALSE(first.caught_up);
  EXPECT_EQ(first.end.positions().at("directory").event_id(), 1);
  EXPECT_EQ(first.end.positions().at("directory").transaction(), 10u);
}

TEST(MergePagesTest, CursorsRoundTripAndRejectForgeries) {
  internal::v1::FeedCursor c;
  (*c.mutable_positions())["reviews"].set_transaction(77);
  const absl::StatusOr<internal::v1::FeedCursor> back = DecodeCursor("cursor", EncodeCursor(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->positions().at("reviews").transaction(), 77u);
  EXPECT_EQ(DecodeCursor("cursor", "f1.!!!").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeCursor("cursor", "abc").status().message().substr(0, 6), "cursor");
}

}  // namespace
}  // namespace summit::feed
