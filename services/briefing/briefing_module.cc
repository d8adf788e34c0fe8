#include "services/briefing/briefing_module.h"

#include "services/briefing/briefing.h"
#include "services/briefing/briefing_events.h"
#include "services/briefing/briefing_grpc.h"
#include "services/briefing/sql/queries.h"

namespace summit::briefing {
namespace {

class HostedBriefing final : public HostedService {
 public:
  explicit HostedBriefing(const ServiceEnv& env)
      : inputs_(env.channel_for, env.service_authorization),
        briefing_({.clock = env.clock, .inputs = &inputs_, .render = {}}),
        grpc_(&briefing_, env.runner) {}
  grpc::Service* grpc_service() override { return &grpc_; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = BriefingEventSource();
  BriefingInputs inputs_;
  Briefing briefing_;
  BriefingGrpcService grpc_;
};

}  // namespace

ServiceModule BriefingModule() {
  return ServiceModule{
      .name = "briefing",
      .grpc_name = v1::BriefingService::service_full_name(),
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedBriefing>(env); },
  };
}

}  // namespace summit::briefing
