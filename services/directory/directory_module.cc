#include "services/directory/directory_module.h"

#include "services/common/proto_service.h"
#include "services/common/service_client.h"
#include "services/directory/directory.h"
#include "services/directory/directory_events.h"
#include "services/directory/sql/queries.h"
#include "summit/directory/internal/v1/directory_internal_service.grpc.pb.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "summit/notifications/internal/v1/notification_internal_service.grpc.pb.h"

namespace summit::directory {
namespace {

// Sign-in codes go out through the notifications service's mail queue.
std::function<absl::Status(const notifications::internal::v1::DeliverSignInCodeRequest&,
                           absl::Time)>
SignInMailer(const ServiceEnv& env) {
  auto client = std::make_shared<ServiceClient>("notifications", env.ChannelTo("notifications"),
                                                env.service_authorization);
  return [client](const notifications::internal::v1::DeliverSignInCodeRequest& request,
                  absl::Time deadline) -> absl::Status {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client->Channel();
    if (!channel.ok()) return channel.status();
    auto stub = notifications::internal::v1::NotificationInternalService::NewStub(*channel);
    notifications::internal::v1::DeliverSignInCodeResponse response;
    std::unique_ptr<grpc::ClientContext> ctx = client->Context(deadline);
    return client->Result(stub->DeliverSignInCode(ctx.get(), request, &response),
                          "the sign-in mail");
  };
}

class HostedDirectory final : public HostedService {
 public:
  explicit HostedDirectory(const ServiceEnv& env)
      : directory_(DirectoryDeps{.tokens = env.tokens,
                                 .revoked = env.revoked,
                                 .clock = env.clock,
                                 .deliver_sign_in_code = SignInMailer(env)}),
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
    rpcs_.Handle("ImportDirectory", &directory_, &Directory::ImportDirectory);
    rpcs_.Handle("WhoAmI", &directory_, &Directory::WhoAmI);
    rpcs_.Handle("StartSignIn", &directory_, &Directory::StartSignIn);
    rpcs_.Handle("CompleteSignIn", &directory_, &Directory::CompleteSignIn);
    rpcs_.Handle("SignOut", &directory_, &Directory::SignOut);
    rpcs_.Handle("DeactivatePerson", &directory_, &Directory::DeactivatePerson);
    rpcs_.Handle("ReactivatePerson", &directory_, &Directory::ReactivatePerson);
    rpcs_.AllowAnonymous("StartSignIn");
    rpcs_.AllowAnonymous("CompleteSignIn");
    internal_rpcs_.Handle("ListRevokedTokens", &directory_, &Directory::ListRevokedTokens);
    internal_rpcs_.Handle("RecordCredentialUse", &directory_, &Directory::RecordCredentialUse);
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
