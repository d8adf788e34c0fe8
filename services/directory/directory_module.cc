#include "services/directory/directory_module.h"

#include "services/common/proto_service.h"
#include "services/directory/directory.h"
#include "services/directory/directory_events.h"
#include "services/directory/sql/queries.h"
#include "summit/directory/internal/v1/directory_internal_service.grpc.pb.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace summit::directory {
namespace {

class HostedDirectory final : public HostedService {
 public:
  explicit HostedDirectory(const ServiceEnv& env)
      : directory_(DirectoryDeps{.tokens = env.tokens, .revoked = env.revoked, .clock = env.clock}),
        rpcs_(v1::DirectoryService::service_full_name(), env.runner),
        internal_rpcs_(internal::v1::DirectoryInternalService::service_full_name(), env.runner) {
    rpcs_.Handle("CreateSummit", &directory_, &Directory::CreateSummit);
    rpcs_.Handle("GetSummit", &directory_, &Directory::GetSummit);
    rpcs_.Handle("ListSummits", &directory_, &Directory::ListSummits);
    rpcs_.Handle("UpdateSummit", &directory_, &Directory::UpdateSummit);
    rpcs_.Handle("CreateTrack", &directory_, &Directory::CreateTrack);
    rpcs_.Handle("GetTrack", &directory_, &Directory::GetTrack);
    rpcs_.Handle("ListTracks", &directory_, &Directory::ListTracks);
    rpcs_.Handle("UpdateTrack", &directory_, &Directory::UpdateTrack);
    rpcs_.Handle("CreateOrganization", &directory_, &Directory::CreateOrganization);
    rpcs_.Handle("GetOrganization", &directory_, &Directory::GetOrganization);
    rpcs_.Handle("ListOrganizations", &directory_, &Directory::ListOrganizations);
    rpcs_.Handle("UpdateOrganization", &directory_, &Directory::UpdateOrganization);
    rpcs_.Handle("CreatePerson", &directory_, &Directory::CreatePerson);
    rpcs_.Handle("GetPerson", &directory_, &Directory::GetPerson);
    rpcs_.Handle("ListPeople", &directory_, &Directory::ListPeople);
    rpcs_.Handle("UpdatePerson", &directory_, &Directory::UpdatePerson);
    rpcs_.Handle("CreateCredential", &directory_, &Directory::CreateCredential);
    rpcs_.Handle("ListCredentials", &directory_, &Directory::ListCredentials);
    rpcs_.Handle("RevokeCredential", &directory_, &Directory::RevokeCredential);
    rpcs_.Handle("WhoAmI", &directory_, &Directory::WhoAmI);
    internal_rpcs_.Handle("ListRevokedTokens", &directory_, &Directory::ListRevokedTokens);
  }
  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_, &internal_rpcs_}; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = DirectoryEventSource();
  Directory directory_;
  ProtoService rpcs_;
  ProtoService internal_rpcs_;
};

}  // namespace

ServiceModule DirectoryModule() {
  return ServiceModule{
      .name = "directory",
      .grpc_names = {v1::DirectoryService::service_full_name(),
                     internal::v1::DirectoryInternalService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedDirectory>(env); },
      .has_events = true,
  };
}

}  // namespace summit::directory
