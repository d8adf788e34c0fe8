#pragma once
// Serves summit.feed.v1.EventSourceService for every hosted service that has
// audit events: a call names its source and runs on that service's own
// runner and database pool, authenticated as the end user whose token the
// feed forwards.

#include <map>
#include <string>
#include <utility>

#include "services/common/event_log.h"
#include "services/common/rpc.h"
#include "summit/feed/internal/v1/event_source.grpc.pb.h"

namespace summit {

class EventSourceGrpcService final
    : public feed::internal::v1::EventSourceService::CallbackService {
 public:
  // Both must outlive this service.
  void Add(const EventSource* source, RpcRunner* runner) {
    sources_[source->name] = {source, runner};
  }
  bool empty() const { return sources_.empty(); }

  grpc::ServerUnaryReactor* ListSourceEvents(
      grpc::CallbackServerContext* ctx, const feed::internal::v1::ListSourceEventsRequest* request,
      feed::internal::v1::ListSourceEventsResponse* response) override;

 private:
  std::map<std::string, std::pair<const EventSource*, RpcRunner*>> sources_;
};

}  // namespace summit
