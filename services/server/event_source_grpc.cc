#include "services/server/event_source_grpc.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_service.h"
#include "services/common/request_checks.h"

namespace summit {

const std::string& EventSourceGrpcService::MethodPath() {
  static const std::string* const kPath = new std::string(absl::StrCat(
      "/", feed::internal::v1::EventSourceService::service_full_name(), "/ListSourceEvents"));
  return *kPath;
}

grpc::ServerUnaryReactor* EventSourceGrpcService::ListSourceEvents(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response_bytes) {
  auto* reactor = new CallReactor(*ctx, MethodPath());
  const auto fail = [reactor](const absl::Status& status) {
    reactor->Respond(ToGrpcStatus(status));
    return reactor;
  };
  // Every runner shares the server's authenticator: who calls comes first.
  absl::StatusOr<CallContext> feed = sources_.begin()->second.second->Begin(*ctx, reactor);
  if (!feed.ok()) return fail(feed.status());
  if (absl::Status s = RequireServiceCaller(
          feed->principal, feed::internal::v1::EventSourceService::service_full_name());
      !s.ok()) {
    return fail(s);
  }
  auto request = std::make_shared<feed::internal::v1::ListSourceEventsRequest>();
  if (absl::Status s = ReadRequest(BytesOf(*request_bytes), request.get()); !s.ok()) {
    return fail(s);
  }
  auto it = sources_.find(request->source());
  if (it == sources_.end()) {
    std::vector<std::string> hosted;
    for (const auto& [name, unused] : sources_) hosted.push_back(name);
    return fail(absl::InvalidArgumentError(
        absl::StrCat("source: \"", request->source(),
                     "\" is not hosted here; hosted: ", absl::StrJoin(hosted, ", "))));
  }
  const EventSource* source = it->second.first;
  RpcRunner* runner = it->second.second;
  absl::StatusOr<Principal> user =
      runner->authenticator().Authenticate(ctx->client_metadata(), kOnBehalfOfMetadata);
  if (!user.ok()) return fail(user.status());
  // The events are read as the end user sees them, never as the feed would.
  CallContext as_user{.principal = *std::move(user),
                      .deadline = feed->deadline,
                      .request_id = feed->request_id,
                      .peer = feed->peer,
                      .trace = feed->trace};
  runner->Execute(ctx, reactor, std::move(as_user),
                  [source, request, response_bytes](const CallContext& call, DbSession& db) {
                    absl::StatusOr<feed::internal::v1::ListSourceEventsResponse> read =
                        ReadSourceEvents(*source, call, db, *request);
                    if (read.ok()) SetBytes(read->SerializeAsString(), response_bytes);
                    return read.status();
                  });
  return reactor;
}

}  // namespace summit
