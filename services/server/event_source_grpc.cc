#include "services/server/event_source_grpc.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace summit {

grpc::ServerUnaryReactor* EventSourceGrpcService::ListSourceEvents(
    grpc::CallbackServerContext* ctx, const feed::v1::ListSourceEventsRequest* request,
    feed::v1::ListSourceEventsResponse* response) {
  auto it = sources_.find(request->source());
  if (it == sources_.end()) {
    std::vector<std::string> hosted;
    for (const auto& [name, unused] : sources_) hosted.push_back(name);
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(
        grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                     absl::StrCat("source: \"", request->source(),
                                  "\" is not hosted here; hosted: ", absl::StrJoin(hosted, ", "))));
    return reactor;
  }
  const EventSource* source = it->second.first;
  return it->second.second->Run(ctx, response,
                                [source, request](const CallContext& call, DbSession& db) {
                                  return ReadSourceEvents(*source, call, db, *request);
                                });
}

}  // namespace summit
