#include "services/feed/feed_sources.h"

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_log.h"
#include "services/common/service_client.h"
#include "services/common/status.h"
#include "summit/feed/internal/v1/event_source.grpc.pb.h"

namespace summit::feed {
namespace {

absl::StatusOr<internal::v1::ListSourceEventsResponse> Call(
    const std::shared_ptr<grpc::Channel>& channel,
    const internal::v1::ListSourceEventsRequest& request, const std::string& service_authorization,
    const std::string& user_authorization, absl::Time deadline) {
  const ServiceClient client(
      request.source(), [channel] { return channel; },
      [&service_authorization] { return service_authorization; });
  std::unique_ptr<grpc::ClientContext> ctx = client.Context(deadline);
  ctx->AddMetadata(kOnBehalfOfMetadata, user_authorization);
  internal::v1::ListSourceEventsResponse response;
  const grpc::Status s = internal::v1::EventSourceService::NewStub(channel)->ListSourceEvents(
      ctx.get(), request, &response);
  // Unlike ServiceClient::Result, the end user's own refusals pass through
  // as they are: a revoked token ends their watch with UNAUTHENTICATED.
  if (!s.ok()) return Annotate(FromGrpcStatus(s), absl::StrCat("events of ", request.source()));
  return response;
}

}  // namespace

absl::StatusOr<std::vector<SourcePage>> FeedSources::Read(
    const std::string& authorization, const internal::v1::FeedCursor& after,
    const v1::EventFilter& filter, int page_size, absl::Time deadline,
    const std::vector<std::string>& skip) const {
  std::vector<SourcePage> pages;
  for (const std::string& source : sources_) {
    if (absl::c_linear_search(skip, source)) continue;
    const std::shared_ptr<grpc::Channel> channel = channel_for_(source);
    if (!channel) continue;  // not part of this deployment
    internal::v1::ListSourceEventsRequest request;
    request.set_source(source);
    auto at = after.positions().find(source);
    if (at != after.positions().end()) *request.mutable_after() = at->second;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    absl::StatusOr<internal::v1::ListSourceEventsResponse> response =
        Call(channel, request, service_authorization_(), authorization, deadline);
    if (!response.ok()) return response.status();
    pages.push_back(SourcePage{.source = source, .response = *std::move(response)});
  }
  return pages;
}

absl::StatusOr<internal::v1::FeedCursor> FeedSources::Present(const std::string& authorization,
                                                              absl::Time deadline) const {
  internal::v1::FeedCursor cursor;
  for (const std::string& source : sources_) {
    const std::shared_ptr<grpc::Channel> channel = channel_for_(source);
    if (!channel) continue;
    internal::v1::ListSourceEventsRequest request;
    request.set_source(source);
    request.set_present_only(true);
    absl::StatusOr<internal::v1::ListSourceEventsResponse> response =
        Call(channel, request, service_authorization_(), authorization, deadline);
    if (!response.ok()) return response.status();
    (*cursor.mutable_positions())[source] = response->next();
  }
  return cursor;
}

absl::StatusOr<bool> FeedSources::QuietAfter(const std::string& authorization,
                                             const std::string& source,
                                             const internal::v1::SourcePosition& after,
                                             absl::Time deadline) const {
  const std::shared_ptr<grpc::Channel> channel = channel_for_(source);
  if (!channel) return true;
  internal::v1::ListSourceEventsRequest request;
  request.set_source(source);
  *request.mutable_after() = after;
  // One row is enough to know: a page as long as asked for is not caught up,
  // even when the row is one the caller may not see.
  request.set_page_size(1);
  absl::StatusOr<internal::v1::ListSourceEventsResponse> response =
      Call(channel, request, service_authorization_(), authorization, deadline);
  if (!response.ok()) return response.status();
  return response->caught_up();
}

}  // namespace summit::feed
