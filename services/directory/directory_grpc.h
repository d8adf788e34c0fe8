#pragma once
// gRPC wiring of the directory: each handler hands its request to the
// Directory use case through the RpcRunner (authentication, database pool,
// status mapping). No logic lives here.

#include "services/common/rpc.h"
#include "services/directory/directory.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace summit::directory {

class DirectoryGrpcService final : public v1::DirectoryService::CallbackService {
 public:
  DirectoryGrpcService(const Directory* directory, RpcRunner* runner)
      : directory_(directory), runner_(runner) {}

  grpc::ServerUnaryReactor* CreateSummit(grpc::CallbackServerContext* ctx, const v1::CreateSummitRequest* req,
      v1::Summit* resp) override;
  grpc::ServerUnaryReactor* GetSummit(grpc::CallbackServerContext* ctx, const v1::GetSummitRequest* req,
      v1::Summit* resp) override;
  grpc::ServerUnaryReactor* ListSummits(grpc::CallbackServerContext* ctx, const v1::ListSummitsRequest* req,
      v1::ListSummitsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateSummit(grpc::CallbackServerContext* ctx, const v1::UpdateSummitRequest* req,
      v1::Summit* resp) override;
  grpc::ServerUnaryReactor* CreateTrack(grpc::CallbackServerContext* ctx, const v1::CreateTrackRequest* req,
      v1::Track* resp) override;
  grpc::ServerUnaryReactor* GetTrack(grpc::CallbackServerContext* ctx, const v1::GetTrackRequest* req,
      v1::Track* resp) override;
  grpc::ServerUnaryReactor* ListTracks(grpc::CallbackServerContext* ctx, const v1::ListTracksRequest* req,
      v1::ListTracksResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateTrack(grpc::CallbackServerContext* ctx, const v1::UpdateTrackRequest* req,
      v1::Track* resp) override;
  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* ctx, const v1::CreateOrganizationRequest* req,
      v1::Organization* resp) override;
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* ctx, const v1::GetOrganizationRequest* req,
      v1::Organization* resp) override;
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* ctx, const v1::ListOrganizationsRequest* req,
      v1::ListOrganizationsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* ctx, const v1::UpdateOrganizationRequest* req,
      v1::Organization* resp) override;
  grpc::ServerUnaryReactor* CreatePerson(grpc::CallbackServerContext* ctx, const v1::CreatePersonRequest* req,
      v1::Person* resp) override;
  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* ctx, const v1::GetPersonRequest* req,
      v1::Person* resp) override;
  grpc::ServerUnaryReactor* ListPeople(grpc::CallbackServerContext* ctx, const v1::ListPeopleRequest* req,
      v1::ListPeopleResponse* resp) override;
  grpc::ServerUnaryReactor* UpdatePerson(grpc::CallbackServerContext* ctx, const v1::UpdatePersonRequest* req,
      v1::Person* resp) override;
  grpc::ServerUnaryReactor* CreateCredential(grpc::CallbackServerContext* ctx, const v1::CreateCredentialRequest* req,
      v1::Credential* resp) override;
  grpc::ServerUnaryReactor* ListCredentials(grpc::CallbackServerContext* ctx, const v1::ListCredentialsRequest* req,
      v1::ListCredentialsResponse* resp) override;
  grpc::ServerUnaryReactor* RevokeCredential(grpc::CallbackServerContext* ctx, const v1::RevokeCredentialRequest* req,
      v1::Credential* resp) override;
  grpc::ServerUnaryReactor* ListRevokedTokens(grpc::CallbackServerContext* ctx, const v1::ListRevokedTokensRequest* req,
      v1::ListRevokedTokensResponse* resp) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx, const v1::WhoAmIRequest* req,
      v1::WhoAmIResponse* resp) override;

 private:
  const Directory* directory_;
  RpcRunner* runner_;
};

}  // namespace summit::directory
