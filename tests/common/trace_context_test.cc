#include "services/common/trace_context.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace summit {
namespace {

constexpr char kTrace[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kSpan[] = "00f067aa0ba902b7";

TEST(TraceContextTest, ParsesTheSpecificationsExample) {
  const auto parsed = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, kTrace);
  EXPECT_EQ(parsed->span_id, kSpan);
  EXPECT_EQ(parsed->flags, "01");
  EXPECT_EQ(parsed->ToHeader(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(TraceContextTest, RefusesWhatTheSpecificationRefuses) {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero span id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // version ff
           "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",     // short trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // extra field in 00
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",    // flags not hex
       }) {
    EXPECT_FALSE(ParseTraceParent(bad).has_value()) << bad;
  }
}

TEST(TraceContextTest, LaterVersionsMayCarryMoreFields) {
  EXPECT_TRUE(ParseTraceParent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever")
                  .has_value());
}

TEST(TraceContextTest, AChildKeepsTheTraceWithASpanOfItsOwn) {
  const TraceParent root = NewTrace();
  ASSERT_TRUE(ParseTraceParent(root.ToHeader()).has_value());
  const TraceParent child = ChildOf(root);
  EXPECT_EQ(child.trace_id, root.trace_id);
  EXPECT_NE(child.span_id, root.span_id);
  EXPECT_NE(NewTrace().trace_id, root.trace_id);
}

// Each thread draws from a generator of its own: ids made on many threads at
// once are still well formed and never repeat.
TEST(TraceContextTest, IdsFromManyThreadsAreDistinct) {
  constexpr int kThreads = 8, kEach = 2000;
  std::mutex mu;
  std::set<std::string> traces, spans;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<TraceParent> made;
      for (int i = 0; i < kEach; ++i) made.push_back(NewTrace());
      const std::lock_guard<std::mutex> lock(mu);
      for (const TraceParent& p : made) {
        EXPECT_TRUE(ParseTraceParent(p.ToHeader()).has_value()) << p.ToHeader();
        traces.insert(p.trace_id);
        spans.insert(p.span_id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(traces.size(), size_t{kThreads * kEach});
  EXPECT_EQ(spans.size(), size_t{kThreads * kEach});
}

}  // namespace
}  // namespace summit
