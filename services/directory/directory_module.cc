#include "services/directory/directory_module.h"

#include "services/directory/directory.h"
#include "services/directory/directory_events.h"
#include "services/directory/directory_grpc.h"
#include "services/directory/sql/queries.h"

namespace summit::directory {
namespace {

class HostedDirectory final : public HostedService {
 public:
  explicit HostedDirectory(const ServiceEnv& env)
      : directory_(DirectoryDeps{.tokens = env.tokens, .revoked = env.revoked, .clock = env.clock}),
        grpc_(&directory_, env.runner) {}
  grpc::Service* grpc_service() override { return &grpc_; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = DirectoryEventSource();
  Directory directory_;
  DirectoryGrpcService grpc_;
};

}  // namespace

ServiceModule DirectoryModule() {
  return ServiceModule{
      .name = "directory",
      .grpc_name = v1::DirectoryService::service_full_name(),
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedDirectory>(env); },
  };
}

}  // namespace summit::directory
