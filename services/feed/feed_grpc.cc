#include "services/feed/feed_grpc.h"

#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/method_handler.h>

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
#include "services/feed/watch_stream.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"

namespace summit::feed {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;

std::string AuthorizationOf(const grpc::ServerContextBase& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

// A watch refused before it opened: its call ends with the status.
class RefusedWatch final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedWatch(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

grpc::ServerWriteReactor<grpc::ByteBuffer>* Refuse(const absl::Status& status) {
  return new RefusedWatch(status);
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
      scheduler_(&heads_, options.pump_threads),
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
      watch_path_.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING, nullptr));
  MarkMethodRawCallback(
      1, new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
             [this](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in) {
               return WatchEvents(ctx, in);
             }));
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

grpc::ServerWriteReactor<grpc::ByteBuffer>* FeedGrpcService::WatchEvents(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(ctx->client_metadata());
  if (!principal.ok()) return Refuse(principal.status());
  NoteCallPrincipal(*ctx, principal->subject);
  v1::WatchEventsRequest request;
  if (absl::Status s = ReadRequest(BytesOf(*in), &request); !s.ok()) return Refuse(s);
  return Watch(ctx, principal->subject, request);
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

grpc::ServerWriteReactor<grpc::ByteBuffer>* FeedGrpcService::Watch(
    grpc::CallbackServerContext* ctx, const std::string& subject,
    const v1::WatchEventsRequest& req) {
  if (absl::Status s = ValidateEventFilter("filter", req.filter()); !s.ok()) return Refuse(s);
  internal::v1::FeedCursor start;
  if (!req.cursor().empty()) {
    absl::StatusOr<internal::v1::FeedCursor> decoded = DecodeCursor("cursor", req.cursor());
    if (!decoded.ok()) return Refuse(decoded.status());
    start = *std::move(decoded);
  }
  if (absl::Status s = OpenWatch(subject); !s.ok()) return Refuse(s);
  const bool from_present = req.cursor().empty() && !req.from_beginning();
  return new WatchStream(WatchEnv{.sources = sources_,
                                  .news = &heads_,
                                  .scheduler = &scheduler_,
                                  .retry_interval = options_.poll_interval,
                                  .max_idle = options_.max_idle,
                                  .authenticator = authenticator_},
                         AuthorizationOf(*ctx), req.filter(), std::move(start), from_present,
                         DeadlineOf(*ctx), [this, subject] { CloseWatch(subject); });
}

}  // namespace summit::feed
