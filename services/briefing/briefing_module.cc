#include "services/briefing/briefing_module.h"

#include "services/briefing/briefing.h"
#include "services/briefing/briefing_events.h"
#include "services/briefing/sql/queries.h"
#include "services/common/proto_service.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"

namespace summit::briefing {
namespace {

class HostedBriefing final : public HostedService {
 public:
  explicit HostedBriefing(const ServiceEnv& env)
      : inputs_(env.channel_for, env.service_authorization),
        briefing_({.clock = env.clock, .inputs = &inputs_, .render = {}}),
        rpcs_(v1::BriefingService::service_full_name(), env.runner) {
    rpcs_.Handle("CompileBriefingPackage", &briefing_, &Briefing::CompileBriefingPackage);
    rpcs_.Handle("GetBriefingPackage", &briefing_, &Briefing::GetBriefingPackage);
    rpcs_.Handle("ListBriefingPackages", &briefing_, &Briefing::ListBriefingPackages);
    rpcs_.Handle("FinalizeBriefingPackage", &briefing_, &Briefing::FinalizeBriefingPackage);
    rpcs_.Handle("ExportBriefingPackage", &briefing_, &Briefing::ExportBriefingPackage);
  }
  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_}; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = BriefingEventSource();
  BriefingInputs inputs_;
  Briefing briefing_;
  ProtoService rpcs_;
};

}  // namespace

ServiceModule BriefingModule() {
  return ServiceModule{
      .name = "briefing",
      .grpc_names = {v1::BriefingService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedBriefing>(env); },
      .has_events = true,
  };
}

}  // namespace summit::briefing
