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

// Raw bytes in and out, as in ProtoService: the request is parsed here, so
// invalid UTF-8 is INVALID_ARGUMENT naming the field.
class EventSourceGrpcService final
    : public feed::internal::v1::EventSourceService::WithRawCallbackMethod_ListSourceEvents<
          feed::internal::v1::EventSourceService::Service> {
 public:
  // Both must outlive this service.
  void Add(const EventSource* source, RpcRunner* runner) {
    sources_[source->name] = {source, runner};
  }
  bool empty() const { return sources_.empty(); }

  // Its one method's full path; its calls write their own access lines.
  static const std::string& MethodPath();

  grpc::ServerUnaryReactor* ListSourceEvents(grpc::CallbackServerContext* ctx,
                                             const grpc::ByteBuffer* request_bytes,
                                             grpc::ByteBuffer* response_bytes) override;

 private:
  std::map<std::string, std::pair<const EventSource*, RpcRunner*>> sources_;
};

}  // namespace summit
