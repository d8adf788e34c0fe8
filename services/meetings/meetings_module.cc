#include "services/meetings/meetings_module.h"

#include "services/common/directory_lookup.h"
#include "services/common/recommendation_lookup.h"
#include "services/meetings/meetings.h"
#include "services/meetings/meetings_events.h"
#include "services/meetings/meetings_grpc.h"
#include "services/meetings/sql/queries.h"

namespace summit::meetings {
namespace {

class HostedMeetings final : public HostedService {
 public:
  explicit HostedMeetings(const ServiceEnv& env)
      : directory_(env.directory_channel, env.service_authorization),
        recommendations_(env.recommendations_channel, env.service_authorization),
        meetings_({.clock = env.clock, .directory = &directory_, .recommendations = &recommendations_}),
        grpc_(&meetings_, env.runner) {}
  grpc::Service* grpc_service() override { return &grpc_; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = MeetingsEventSource();
  DirectoryLookup directory_;
  RecommendationLookup recommendations_;
  Meetings meetings_;
  MeetingsGrpcService grpc_;
};

}  // namespace

ServiceModule MeetingsModule() {
  return ServiceModule{
      .name = "meetings",
      .grpc_name = v1::MeetingService::service_full_name(),
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedMeetings>(env); },
  };
}

}  // namespace summit::meetings
