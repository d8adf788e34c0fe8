#include "services/feed/feed_grpc.h"

#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_log.h"
#include "services/common/rpc.h"
#include "services/common/status.h"
#include "services/feed/feed_cursor.h"
#include "services/feed/feed_merge.h"

namespace summit::feed {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;
// Events read per source per round of a watch.
constexpr int kWatchBatch = 100;

std::string AuthorizationOf(const grpc::ServerContext& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

bool IsTransient(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded ||
         s.code() == absl::StatusCode::kResourceExhausted;
}

}  // namespace

absl::Status FeedGrpcService::CheckCall(const grpc::ServerContext& ctx,
                                        const v1::EventFilter& filter) const {
  // The sources authenticate the forwarded token again; checking here first
  // answers a bad token or filter before any source is asked.
  if (absl::Status s = authenticator_->Authenticate(ctx.client_metadata()).status(); !s.ok())
    return s;
  return ValidateEventFilter("filter", filter);
}

grpc::Status FeedGrpcService::ListEvents(grpc::ServerContext* ctx,
                                         const v1::ListEventsRequest* request,
                                         v1::ListEventsResponse* response) {
  if (absl::Status s = CheckCall(*ctx, request->filter()); !s.ok()) return ToGrpcStatus(s);
  if (request->page_size() < 0)
    return ToGrpcStatus(InvalidField("page_size", "must not be negative"));
  const int page_size =
      request->page_size() == 0 ? kDefaultPage : std::min(request->page_size(), kMaxPage);
  internal::v1::FeedCursor start;
  if (!request->page_token().empty()) {
    absl::StatusOr<internal::v1::FeedCursor> decoded =
        DecodeCursor("page_token", request->page_token());
    if (!decoded.ok()) return ToGrpcStatus(decoded.status());
    start = *std::move(decoded);
  }
  absl::StatusOr<std::vector<SourcePage>> pages =
      sources_->Read(AuthorizationOf(*ctx), start, request->filter(), page_size, DeadlineOf(*ctx));
  if (!pages.ok()) return ToGrpcStatus(pages.status());
  MergedPage merged = MergePages(start, *pages, static_cast<size_t>(page_size));
  for (v1::Event& e : merged.events) *response->add_events() = std::move(e);
  response->set_cursor(EncodeCursor(merged.end));
  if (!merged.caught_up) response->set_next_page_token(response->cursor());
  return grpc::Status::OK;
}

grpc::Status FeedGrpcService::WatchEvents(grpc::ServerContext* ctx,
                                          const v1::WatchEventsRequest* request,
                                          grpc::ServerWriter<v1::Event>* writer) {
  if (absl::Status s = CheckCall(*ctx, request->filter()); !s.ok()) return ToGrpcStatus(s);
  if (open_watches_.fetch_add(1) >= options_.max_watches) {
    open_watches_.fetch_sub(1);
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("this server already serves ", options_.max_watches,
                                     " watches; retry later or on another replica"));
  }
  absl::Cleanup release = [this] { open_watches_.fetch_sub(1); };
  const std::string authorization = AuthorizationOf(*ctx);

  internal::v1::FeedCursor cursor;
  if (!request->cursor().empty()) {
    absl::StatusOr<internal::v1::FeedCursor> decoded = DecodeCursor("cursor", request->cursor());
    if (!decoded.ok()) return ToGrpcStatus(decoded.status());
    cursor = *std::move(decoded);
  } else if (!request->from_beginning()) {
    absl::StatusOr<internal::v1::FeedCursor> present =
        sources_->Present(authorization, DeadlineOf(*ctx));
    if (!present.ok()) return ToGrpcStatus(present.status());
    cursor = *std::move(present);
  }
  // Headers go out at once, so a client knows the watch is open.
  writer->SendInitialMetadata();

  while (!ctx->IsCancelled()) {
    absl::StatusOr<std::vector<SourcePage>> pages =
        sources_->Read(authorization, cursor, request->filter(), kWatchBatch, DeadlineOf(*ctx));
    if (!pages.ok()) {
      // A source that is down delays the watch; one that refuses ends it
      // (e.g. the caller's token was revoked).
      if (!IsTransient(pages.status())) return ToGrpcStatus(pages.status());
      if (!Pause(ctx)) break;
      continue;
    }
    MergedPage merged =
        MergePages(cursor, *pages, static_cast<size_t>(kWatchBatch) * pages->size());
    for (const v1::Event& e : merged.events) {
      if (!writer->Write(e)) return grpc::Status::CANCELLED;
    }
    cursor = merged.end;
    if (merged.caught_up && !Pause(ctx)) break;
  }
  return grpc::Status::CANCELLED;
}

bool FeedGrpcService::Pause(grpc::ServerContext* ctx) const {
  const absl::Time until = absl::Now() + options_.poll_interval;
  while (absl::Now() < until) {
    if (ctx->IsCancelled()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !ctx->IsCancelled();
}

}  // namespace summit::feed
