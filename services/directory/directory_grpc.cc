#include "services/directory/directory_grpc.h"

namespace summit::directory {

// Every handler has the same shape: run the use case of the same name.
#define SUMMIT_DIRECTORY_RPC(Method, Request, Response)                                  \
  grpc::ServerUnaryReactor* DirectoryGrpcService::Method(                                \
      grpc::CallbackServerContext* ctx, const v1::Request* req, v1::Response* resp) {    \
    return runner_->Run(ctx, resp, [this, req](const CallContext& call, DbSession& db) { \
      return directory_->Method(call, db, *req);                                         \
    });                                                                                  \
  }

SUMMIT_DIRECTORY_RPC(CreateSummit, CreateSummitRequest, Summit)
SUMMIT_DIRECTORY_RPC(GetSummit, GetSummitRequest, Summit)
SUMMIT_DIRECTORY_RPC(ListSummits, ListSummitsRequest, ListSummitsResponse)
SUMMIT_DIRECTORY_RPC(UpdateSummit, UpdateSummitRequest, Summit)
SUMMIT_DIRECTORY_RPC(CreateTrack, CreateTrackRequest, Track)
SUMMIT_DIRECTORY_RPC(GetTrack, GetTrackRequest, Track)
SUMMIT_DIRECTORY_RPC(ListTracks, ListTracksRequest, ListTracksResponse)
SUMMIT_DIRECTORY_RPC(UpdateTrack, UpdateTrackRequest, Track)
SUMMIT_DIRECTORY_RPC(CreateOrganization, CreateOrganizationRequest, Organization)
SUMMIT_DIRECTORY_RPC(GetOrganization, GetOrganizationRequest, Organization)
SUMMIT_DIRECTORY_RPC(ListOrganizations, ListOrganizationsRequest, ListOrganizationsResponse)
SUMMIT_DIRECTORY_RPC(UpdateOrganization, UpdateOrganizationRequest, Organization)
SUMMIT_DIRECTORY_RPC(CreatePerson, CreatePersonRequest, Person)
SUMMIT_DIRECTORY_RPC(GetPerson, GetPersonRequest, Person)
SUMMIT_DIRECTORY_RPC(ListPeople, ListPeopleRequest, ListPeopleResponse)
SUMMIT_DIRECTORY_RPC(UpdatePerson, UpdatePersonRequest, Person)
SUMMIT_DIRECTORY_RPC(CreateCredential, CreateCredentialRequest, Credential)
SUMMIT_DIRECTORY_RPC(ListCredentials, ListCredentialsRequest, ListCredentialsResponse)
SUMMIT_DIRECTORY_RPC(RevokeCredential, RevokeCredentialRequest, Credential)
SUMMIT_DIRECTORY_RPC(ListRevokedTokens, ListRevokedTokensRequest, ListRevokedTokensResponse)
SUMMIT_DIRECTORY_RPC(WhoAmI, WhoAmIRequest, WhoAmIResponse)

#undef SUMMIT_DIRECTORY_RPC

}  // namespace summit::directory
