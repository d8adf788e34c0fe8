// summitctl events (list the activity feed) and summitctl watch (follow it
// live, reconnecting from the last cursor after a dropped connection).
#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"

namespace summit::ctl {
namespace {

namespace fv1 = feed::v1;

struct FilterFlags {
  std::string summit, resource, actor, type_prefix, since, until;
};

void AddFilterFlags(CLI::App* cmd, FilterFlags* f) {
  cmd->add_option("--summit", f->summit, "Only events under this summit (summits/ID)");
  cmd->add_option("--resource", f->resource, "Only events on this resource and those under it");
  cmd->add_option("--actor", f->actor, "Only events by this actor (people/ID)");
  cmd->add_option("--type", f->type_prefix, "Only event types starting with this, e.g. reviews.");
  cmd->add_option("--since", f->since, "Only events at or after this time (RFC 3339)");
  cmd->add_option("--until", f->until, "Only events before this time (RFC 3339)");
}

fv1::EventFilter ToFilter(const FilterFlags& f) {
  fv1::EventFilter filter;
  filter.set_summit(f.summit);
  filter.set_resource(f.resource);
  filter.set_actor(f.actor);
  filter.set_type_prefix(f.type_prefix);
  if (!f.since.empty()) *filter.mutable_start_time() = ParseTime("--since", f.since);
  if (!f.until.empty()) *filter.mutable_end_time() = ParseTime("--until", f.until);
  return filter;
}

// One line per event, or one JSON object per line with --json.
void PrintEvent(const Session& session, const fv1::Event& e) {
  if (session.json()) {
    std::string line;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(e, &line, options);
    std::cout << line << std::endl;
    return;
  }
  std::cout << FormatTime(e.event_time()) << "  " << e.type() << "  " << e.resource() << "  by "
            << e.actor() << (e.payload_withheld() ? "  (details withheld)" : "") << std::endl;
}

bool Retryable(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
         s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

}  // namespace

void AddFeedCommands(CLI::App& app, Session& session) {
  auto* events = app.add_subcommand("events", "List the activity feed: who changed what, when");
  static FilterFlags list_filter;
  static PageFlags page;
  AddFilterFlags(events, &list_filter);
  AddPageFlags(events, &page);
  events->callback([&session] {
    fv1::ListEventsRequest req;
    *req.mutable_filter() = ToFilter(list_filter);
    req.set_page_size(page.page_size);
    req.set_page_token(page.page_token);
    auto feed = fv1::FeedService::NewStub(session.connection().channel());
    std::string next;
    do {
      fv1::ListEventsResponse resp;
      session.Check(feed->ListEvents(session.connection().Context().get(), req, &resp));
      for (const fv1::Event& e : resp.events()) PrintEvent(session, e);
      next = resp.next_page_token();
      req.set_page_token(next);
      if (!page.all && !session.json()) {
        std::cerr << (next.empty() ? "Caught up. Watch from here: --cursor "
                                   : "More: --page-token ")
                  << (next.empty() ? resp.cursor() : next) << "\n";
      }
    } while (page.all && !next.empty());
  });

  auto* watch = app.add_subcommand("watch", "Follow the activity feed live (Ctrl-C to stop)");
  static FilterFlags watch_filter;
  static std::string cursor;
  static bool from_beginning = false;
  static int max_events = 0;
  static int for_seconds = 0;
  AddFilterFlags(watch, &watch_filter);
  watch->add_option("--cursor", cursor, "Resume right after the event this cursor came with");
  watch->add_flag("--from-beginning", from_beginning, "Start with the oldest event, not now");
  watch->add_option("--max-events", max_events, "Stop after this many events")
      ->check(CLI::NonNegativeNumber);
  watch->add_option("--for", for_seconds, "Stop after this many seconds")
      ->check(CLI::NonNegativeNumber);
  watch->callback([&session] {
    const fv1::EventFilter filter = ToFilter(watch_filter);
    auto feed = fv1::FeedService::NewStub(session.connection().channel());
    const auto stop_at = for_seconds > 0
                             ? std::chrono::system_clock::now() + std::chrono::seconds(for_seconds)
                             : std::chrono::system_clock::time_point::max();
    int printed = 0;
    std::string last_cursor = cursor;
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<grpc::ClientContext> ctx = session.connection().Context();
      ctx->set_deadline(stop_at);
      fv1::WatchEventsRequest req;
      *req.mutable_filter() = filter;
      req.set_cursor(last_cursor);
      req.set_from_beginning(last_cursor.empty() && from_beginning);
      auto reader = feed->WatchEvents(ctx.get(), req);
      fv1::Event e;
      while (reader->Read(&e)) {
        attempt = 0;
        PrintEvent(session, e);
        last_cursor = e.cursor();
        if (max_events > 0 && ++printed >= max_events) {
          ctx->TryCancel();
          return;
        }
      }
      const grpc::Status status = reader->Finish();
      if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
          std::chrono::system_clock::now() >= stop_at) {
        return;  // --for elapsed
      }
      if (!Retryable(status)) session.Check(status);
      // The connection dropped: resume from the last event seen.
      const int wait_ms = std::min(10000, 250 << std::min(attempt, 6));
      std::cerr << "summitctl: feed connection lost (" << status.error_message()
                << "); resuming in " << wait_ms << " ms\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
  });
}

}  // namespace summit::ctl
