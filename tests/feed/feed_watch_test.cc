// Watching the feed: a watcher that keeps disconnecting and resuming from its
// last cursor, while several writers commit concurrently, ends up with
// exactly the events written, none twice. Paging the list works the same way.
#include <atomic>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "tests/feed/feed_test_base.h"
#include "tests/support/metric_value.h"

namespace summit::testing {
namespace {

bool Written(const fv1::Event& e) {
  return absl::StartsWith(e.resource(), "organizations/w-") ||
         absl::StartsWith(e.resource(), "summits/ca-kr-2025/meetings/m-");
}

TEST_F(FeedTest, WatcherThatReconnectsMissesNothingAndSeesNothingTwice) {
  constexpr int kOrganizations = 40;
  constexpr int kMeetings = 20;
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> writers;
  auto start_writers = [&] {
    writers.emplace_back([&] {
      for (int i = 0; i < kOrganizations; ++i) CreateOrganization(absl::StrCat("w-", i));
    });
    writers.emplace_back([&] {
      for (int i = 0; i < kMeetings; ++i) CreateMeeting(absl::StrCat("m-", i));
    });
    writers.emplace_back([&] {  // a third writer on the same table as the first
      for (int i = 0; i < kOrganizations; ++i) CreateOrganization(absl::StrCat("w-b", i));
    });
  };
  std::thread joiner;

  std::vector<fv1::Event> received;
  std::string cursor;
  int connections = 0;
  size_t expected_count = SIZE_MAX;
  std::set<std::string> expected;
  const absl::Time give_up = absl::Now() + absl::Seconds(90);
  while (absl::Now() < give_up) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", coordinator_));
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    fv1::WatchEventsRequest req;
    req.set_cursor(cursor);  // empty the first time: from the present
    auto reader = feed_->WatchEvents(&ctx, req);
    reader->WaitForInitialMetadata();
    ++connections;
    if (connections == 1) {
      start_writers();
      joiner = std::thread([&] {
        for (std::thread& w : writers) w.join();
        writers_done = true;
      });
    }
    fv1::Event e;
    int this_connection = 0;
    while (reader->Read(&e)) {
      received.push_back(e);
      cursor = e.cursor();
      // Drop the connection every few events, mid-stream.
      if (++this_connection == 7) {
        ctx.TryCancel();
        break;
      }
    }
    reader->Finish();
    if (writers_done && expected_count == SIZE_MAX) {
      for (const fv1::Event& x : ListAll(coordinator_)) {
        if (Written(x)) expected.insert(Key(x));
      }
      expected_count = expected.size();
    }
    const size_t seen = std::count_if(received.begin(), received.end(), Written);
    if (seen >= expected_count) break;
  }
  joiner.join();

  ASSERT_EQ(expected_count, static_cast<size_t>(2 * kOrganizations + kMeetings));
  std::set<std::string> keys;
  std::set<std::string> written;
  for (const fv1::Event& e : received) {
    EXPECT_TRUE(keys.insert(Key(e)).second) << "seen twice: " << e.DebugString();
    if (Written(e)) written.insert(Key(e));
  }
  EXPECT_EQ(written, expected);
  EXPECT_GE(connections, 10) << "the watcher should have been cut off many times";
}

TEST_F(FeedTest, WatchFromACursorGivesExactlyWhatFollowsIt) {
  for (int i = 0; i < 5; ++i) CreateOrganization(absl::StrCat("w-", i));
  const std::vector<fv1::Event> all = ListAll(coordinator_);
  ASSERT_GE(all.size(), 5u);
  const size_t middle = all.size() - 3;
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", coordinator_));
  // A bound against a hang only: the watch ends on the marker below.
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  fv1::WatchEventsRequest req;
  req.set_cursor(all[middle - 1].cursor());
  auto reader = feed_->WatchEvents(&ctx, req);
  std::vector<std::string> got;
  fv1::Event e;
  // The backlog, then a marker written after it: whatever the watch sends
  // between the cursor and the marker is what it had to say, however slowly.
  while (got.size() < all.size() - middle && reader->Read(&e)) got.push_back(Key(e));
  CreateOrganization("w-marker");
  while (reader->Read(&e)) {
    if (e.resource() == "organizations/w-marker") break;
    got.push_back(Key(e));
  }
  EXPECT_EQ(e.resource(), "organizations/w-marker") << "the watch ended before the marker";
  ctx.TryCancel();
  reader->Finish();
  std::vector<std::string> want;
  for (size_t i = middle; i < all.size(); ++i) want.push_back(Key(all[i]));
  EXPECT_EQ(got, want);
}

TEST_F(FeedTest, PagesOfAnySizeAddUpToTheWholeFeed) {
  for (int i = 0; i < 7; ++i) CreateOrganization(absl::StrCat("w-", i));
  CreateMeeting("m-1");
  const std::vector<fv1::Event> whole = ListAll(coordinator_);
  std::set<std::string> whole_keys;
  for (const fv1::Event& e : whole) whole_keys.insert(Key(e));
  ASSERT_EQ(whole_keys.size(), whole.size());
  for (int page_size : {1, 3, 10}) {
    std::set<std::string> keys;
    for (const fv1::Event& e : ListAll(coordinator_, {}, page_size)) {
      EXPECT_TRUE(keys.insert(Key(e)).second) << "page size " << page_size << ": " << Key(e);
    }
    EXPECT_EQ(keys, whole_keys) << "page size " << page_size;
  }
}

TEST_F(FeedTest, AWatchFromThePresentStartsAfterWhatIsAlreadyThere) {
  CreateOrganization("w-before");
  // "The present" is where the feed can serve up to; an event committed
  // moments ago while an older transaction still ran comes after it.
  Settle();
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", coordinator_));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  auto reader = feed_->WatchEvents(&ctx, fv1::WatchEventsRequest());
  reader->WaitForInitialMetadata();
  CreateOrganization("w-after");
  fv1::Event e;
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.resource(), "organizations/w-after");
  EXPECT_EQ(e.type(), "directory.organization.created");
  EXPECT_EQ(e.source(), "directory");
  EXPECT_EQ(e.actor(), "people/admin");
  ctx.TryCancel();
}

// summit_feed_watch_source_reads_total{source, outcome}.
double WatchSourceReads(const std::string& source, const std::string& outcome) {
  return MetricValue("summit_feed_watch_source_reads_total",
                     {{"source", source}, {"outcome", outcome}});
}

// A caught-up watch woken by news asks only the sources that have events
// since its position (FeedNews::Quiet): a new organisation is read from the
// directory, while the recommendations, where nothing happened, are skipped
// — and the watch still gets the event, and then the next one elsewhere.
TEST_F(FeedTest, ACaughtUpWatchAsksOnlyTheSourcesWithNews) {
  Settle();
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", coordinator_));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = feed_->WatchEvents(&ctx, fv1::WatchEventsRequest());
  reader->WaitForInitialMetadata();
  const double directory_read = WatchSourceReads("directory", "read");
  const double recommendations_skipped = WatchSourceReads("recommendations", "skipped");

  CreateOrganization("w-quiet-elsewhere");
  fv1::Event e;
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.resource(), "organizations/w-quiet-elsewhere");
  EXPECT_GT(WatchSourceReads("directory", "read"), directory_read);
  EXPECT_GT(WatchSourceReads("recommendations", "skipped"), recommendations_skipped);

  // A source skipped before is asked again once it has news.
  CreateMeeting("m-after-quiet");
  bool heard = false;
  while (!heard && reader->Read(&e)) {
    heard = e.resource() == "summits/ca-kr-2025/meetings/m-after-quiet";
  }
  EXPECT_TRUE(heard);
  ctx.TryCancel();
  reader->Finish();
}

// Threads this process runs now (the server is in-process).
int ThreadsNow() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// Waiting watches hold no thread: four hundred of them (past the old cap of
// 256, each of which was a thread) open without adding threads, and one
// commit reaches every one of them.
TEST_F(FeedTest, ManyWaitingWatchesHoldNoThreadAndAllHearTheNews) {
  constexpr int kPeople = 50;      // coordinators: they see organisations made
  constexpr int kWatchesEach = 8;  // FeedOptions::max_watches_per_principal
  std::vector<std::string> tokens;
  for (int i = 0; i < kPeople; ++i) {
    tokens.push_back(server_->MakePerson(absl::StrCat("watcher-", i), {dv1::ROLE_COORDINATOR},
                                         "organizations/kdi"));
  }
  Settle();
  struct OpenWatch {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<fv1::Event>> reader;
  };
  // One watch first, so that the feed's own threads (the poller, the pumps)
  // are running before the count.
  OpenWatch first;
  first.ctx.AddMetadata("authorization", absl::StrCat("Bearer ", coordinator_));
  first.reader = feed_->WatchEvents(&first.ctx, fv1::WatchEventsRequest());
  first.reader->WaitForInitialMetadata();
  const int threads_before = ThreadsNow();

  std::vector<std::unique_ptr<OpenWatch>> watches;
  for (const std::string& token : tokens) {
    for (int j = 0; j < kWatchesEach; ++j) {
      watches.push_back(std::make_unique<OpenWatch>());
      OpenWatch& w = *watches.back();
      w.ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
      w.ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      w.reader = feed_->WatchEvents(&w.ctx, fv1::WatchEventsRequest());
    }
  }
  for (auto& w : watches) w->reader->WaitForInitialMetadata();  // all open on the server
  const int threads_with_them = ThreadsNow();
  // A thread per watch would add 400; gRPC may start a few of its own.
  EXPECT_LT(threads_with_them - threads_before, 40)
      << threads_before << " threads before, " << threads_with_them << " with the watches";

  CreateOrganization("w-news");
  int heard = 0;
  for (auto& w : watches) {
    fv1::Event e;
    while (w->reader->Read(&e)) {
      if (e.resource() == "organizations/w-news") {
        ++heard;
        break;
      }
    }
  }
  EXPECT_EQ(heard, kPeople * kWatchesEach);
  for (auto& w : watches) {
    w->ctx.TryCancel();
    EXPECT_EQ(w->reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  first.ctx.TryCancel();
  first.reader->Finish();
}

// One person cannot hold the server's watches: past the per-principal cap
// they get RESOURCE_EXHAUSTED, and others still get theirs.
TEST_F(FeedTest, OnePersonsWatchesAreCapped) {
  struct OpenWatch {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<fv1::Event>> reader;
  };
  auto open = [&](const std::string& token, OpenWatch* w) {
    w->ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    w->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    fv1::WatchEventsRequest req;
    w->reader = feed_->WatchEvents(&w->ctx, req);
  };
  constexpr int kCap = 8;  // FeedOptions::max_watches_per_principal
  std::vector<std::unique_ptr<OpenWatch>> mine;
  for (int i = 0; i < kCap; ++i) {
    mine.push_back(std::make_unique<OpenWatch>());
    open(author_, mine.back().get());
    mine.back()->reader->WaitForInitialMetadata();  // open on the server
  }
  OpenWatch one_more;
  open(author_, &one_more);
  fv1::Event e;
  EXPECT_FALSE(one_more.reader->Read(&e));
  const grpc::Status refused = one_more.reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("people/aigerim already has 8 open watches"),
            std::string::npos)
      << refused.error_message();

  OpenWatch someone_else;
  open(coauthor_, &someone_else);
  someone_else.reader->WaitForInitialMetadata();
  someone_else.ctx.TryCancel();
  EXPECT_EQ(someone_else.reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // A closed watch frees its place.
  mine.back()->ctx.TryCancel();
  mine.back()->reader->Finish();
  mine.pop_back();
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  bool reopened = false;
  while (!reopened && absl::Now() < give_up) {  // the server notices the cancel asynchronously
    OpenWatch again;
    open(author_, &again);
    again.reader->WaitForInitialMetadata();
    again.ctx.TryCancel();
    reopened = again.reader->Finish().error_code() == grpc::StatusCode::CANCELLED;
  }
  EXPECT_TRUE(reopened);
  for (auto& w : mine) {
    w->ctx.TryCancel();
    w->reader->Finish();
  }
}

}  // namespace
}  // namespace summit::testing
