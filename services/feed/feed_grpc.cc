#include "services/feed/feed_grpc.h"

#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/method_handler.h>

#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "services/common/access_log.h"
#include "services/common/event_log.h"
#include "services/common/metrics.h"
#include "services/common/proto_service.h"
#include "services/common/request_checks.h"
#include "services/common/rpc.h"
#include "services/common/status.h"
#include "services/feed/feed_cursor.h"
#include "services/feed/feed_merge.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"

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

std::string MethodPath(absl::string_view method) {
  return absl::StrCat("/", v1::FeedService::service_full_name(), "/", method);
}

}  // namespace

FeedGrpcService::FeedGrpcService(const Authenticator* authenticator, const FeedSources* sources,
                                 std::function<std::string()> service_authorization,
                                 FeedOptions options)
    : authenticator_(authenticator),
      sources_(sources),
      options_(options),
      heads_(sources, std::move(service_authorization), options.poll_interval),
      list_path_(MethodPath("ListEvents")),
      watch_path_(MethodPath("WatchEvents")) {
  // Raw bytes in: the request is parsed by ReadRequest, not by gRPC.
  AddMethod(new grpc::internal::RpcServiceMethod(
      list_path_.c_str(), grpc::internal::RpcMethod::NORMAL_RPC,
      new grpc::internal::RpcMethodHandler<FeedGrpcService, grpc::ByteBuffer, grpc::ByteBuffer>(
          [](FeedGrpcService* self, grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
             grpc::ByteBuffer* out) { return self->ListEvents(ctx, in, out); },
          this)));
  AddMethod(new grpc::internal::RpcServiceMethod(
      watch_path_.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING,
      new grpc::internal::ServerStreamingHandler<FeedGrpcService, grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
          [](FeedGrpcService* self, grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
             grpc::ServerWriter<grpc::ByteBuffer>* writer) {
            return self->WatchEvents(ctx, in, writer);
          },
          this)));
}

grpc::Status FeedGrpcService::ListEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                                         grpc::ByteBuffer* out) {
  // The sources authenticate the forwarded token again; checking here first
  // answers a bad token before any look at the input, as in ProtoService.
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(ctx->client_metadata());
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  NoteCallPrincipal(*ctx, principal->subject);
  v1::ListEventsRequest request;
  if (absl::Status s = ReadRequest(BytesOf(*in), &request); !s.ok()) return ToGrpcStatus(s);
  v1::ListEventsResponse response;
  grpc::Status status = List(ctx, request, &response);
  if (status.ok()) SetBytes(response.SerializeAsString(), out);
  return status;
}

grpc::Status FeedGrpcService::WatchEvents(grpc::ServerContext* ctx, const grpc::ByteBuffer* in,
                                          grpc::ServerWriter<grpc::ByteBuffer>* writer) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(ctx->client_metadata());
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  NoteCallPrincipal(*ctx, principal->subject);
  v1::WatchEventsRequest request;
  if (absl::Status s = ReadRequest(BytesOf(*in), &request); !s.ok()) return ToGrpcStatus(s);
  return Watch(ctx, principal->subject, request, writer);
}

grpc::Status FeedGrpcService::List(grpc::ServerContext* ctx, const v1::ListEventsRequest& req,
                                   v1::ListEventsResponse* response) {
  if (absl::Status s = ValidateEventFilter("filter", req.filter()); !s.ok()) return ToGrpcStatus(s);
  if (req.page_size() < 0) return ToGrpcStatus(InvalidField("page_size", "must not be negative"));
  const int page_size = req.page_size() == 0 ? kDefaultPage : std::min(req.page_size(), kMaxPage);
  internal::v1::FeedCursor start;
  if (!req.page_token().empty()) {
    absl::StatusOr<internal::v1::FeedCursor> decoded = DecodeCursor("page_token", req.page_token());
    if (!decoded.ok()) return ToGrpcStatus(decoded.status());
    start = *std::move(decoded);
  }
  absl::StatusOr<std::vector<SourcePage>> pages =
      sources_->Read(AuthorizationOf(*ctx), start, req.filter(), page_size, DeadlineOf(*ctx));
  if (!pages.ok()) return ToGrpcStatus(pages.status());
  MergedPage merged = MergePages(start, *pages, static_cast<size_t>(page_size));
  for (v1::Event& e : merged.events) *response->add_events() = std::move(e);
  response->set_cursor(EncodeCursor(merged.end));
  if (!merged.caught_up) response->set_next_page_token(response->cursor());
  return grpc::Status::OK;
}

absl::Status FeedGrpcService::OpenWatch(const std::string& subject) {
  absl::MutexLock lock(&watches_mu_);
  if (open_watches_ >= options_.max_watches) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this server already serves ", options_.max_watches,
                     " watches; retry later or on another replica"));
  }
  int& mine = watches_by_subject_[subject];
  if (mine >= options_.max_watches_per_principal) {
    if (mine == 0) watches_by_subject_.erase(subject);
    return absl::ResourceExhaustedError(absl::StrCat(subject, " already has ",
                                                     options_.max_watches_per_principal,
                                                     " open watches; close one first"));
  }
  ++mine;
  ++open_watches_;
  metrics::AddOpenWatches(1);
  heads_.AddWatcher();
  return absl::OkStatus();
}

void FeedGrpcService::CloseWatch(const std::string& subject) {
  absl::MutexLock lock(&watches_mu_);
  if (--watches_by_subject_[subject] <= 0) watches_by_subject_.erase(subject);
  --open_watches_;
  metrics::AddOpenWatches(-1);
  heads_.RemoveWatcher();
}

grpc::Status FeedGrpcService::Watch(grpc::ServerContext* ctx, const std::string& subject,
                                    const v1::WatchEventsRequest& req,
                                    grpc::ServerWriter<grpc::ByteBuffer>* writer) {
  if (absl::Status s = ValidateEventFilter("filter", req.filter()); !s.ok()) return ToGrpcStatus(s);
  if (absl::Status s = OpenWatch(subject); !s.ok()) return ToGrpcStatus(s);
  absl::Cleanup release = [this, &subject] { CloseWatch(subject); };
  const std::string authorization = AuthorizationOf(*ctx);

  internal::v1::FeedCursor cursor;
  if (!req.cursor().empty()) {
    absl::StatusOr<internal::v1::FeedCursor> decoded = DecodeCursor("cursor", req.cursor());
    if (!decoded.ok()) return ToGrpcStatus(decoded.status());
    cursor = *std::move(decoded);
  } else if (!req.from_beginning()) {
    absl::StatusOr<internal::v1::FeedCursor> present =
        sources_->Present(authorization, DeadlineOf(*ctx));
    if (!present.ok()) return ToGrpcStatus(present.status());
    cursor = *std::move(present);
  }
  // Headers go out at once, so a client knows the watch is open.
  writer->SendInitialMetadata();

  while (!ctx->IsCancelled()) {
    // Taken before the read: a commit after it moves the present past this.
    const uint64_t seen = heads_.generation();
    absl::StatusOr<std::vector<SourcePage>> pages =
        sources_->Read(authorization, cursor, req.filter(), kWatchBatch, DeadlineOf(*ctx));
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
      grpc::ByteBuffer bytes;
      SetBytes(e.SerializeAsString(), &bytes);
      if (!writer->Write(bytes)) return grpc::Status::CANCELLED;
    }
    cursor = merged.end;
    if (merged.caught_up && !WaitForNews(ctx, seen)) break;
  }
  return grpc::Status::CANCELLED;
}

bool FeedGrpcService::WaitForNews(grpc::ServerContext* ctx, uint64_t seen) const {
  // Read again at least this often, so a revoked token ends an idle watch.
  const absl::Time recheck = absl::Now() + options_.max_idle;
  // News wakes the wait at once; the timeout only bounds how long a watch
  // whose client went away lingers (an idle watch then wakes once a second,
  // not ten times).
  while (!ctx->IsCancelled() && absl::Now() < recheck) {
    if (heads_.WaitForChange(seen, absl::Seconds(1)) > seen) return true;
  }
  return !ctx->IsCancelled();
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
