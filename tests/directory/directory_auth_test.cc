// Authentication and authorization: every refusal a caller can meet.
#include <set>

#include "summit/directory/internal/v1/directory_internal_service.grpc.pb.h"
#include "tests/directory/directory_test_base.h"

namespace summit::testing {
namespace {

TEST_F(DirectoryTest, CallsWithoutAValidTokenAreUnauthenticated) {
  dv1::ListSummitsRequest req;
  dv1::ListSummitsResponse resp;
  EXPECT_EQ(stub_->ListSummits(AuthContext("").get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->ListSummits(AuthContext("garbage").get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::string forged = expert_;
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(stub_->ListSummits(AuthContext(forged).get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(stub_->ListSummits(AuthContext(expert_).get(), req, &resp).ok());
}

TEST_F(DirectoryTest, IdentityIsDerivedPerCallOnOneChannel) {
  // One channel, three calls: token A, token B, no token. Nothing may leak
  // from one call's identity to the next (shared/PITFALLS.md).
  auto stub = dv1::DirectoryService::NewStub(server_->Channel());
  dv1::WhoAmIResponse who;
  ASSERT_TRUE(stub->WhoAmI(AuthContext(expert_).get(), {}, &who).ok());
  EXPECT_EQ(who.subject(), "people/aigerim");
  ASSERT_TRUE(stub->WhoAmI(AuthContext(coordinator_).get(), {}, &who).ok());
  EXPECT_EQ(who.subject(), "people/dana");
  EXPECT_EQ(stub->WhoAmI(AuthContext("").get(), {}, &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DirectoryTest, RolesGateTheDirectorysWrites) {
  dv1::Summit summit;
  grpc::Status s = CreateSummit(expert_, "by-expert", &summit);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("coordinator or admin"), std::string::npos);
  EXPECT_EQ(CreateSummit(observer_, "by-observer", &summit).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(CreateSummit(admin_, "by-admin", &summit).ok());

  dv1::CreateOrganizationRequest org;
  org.set_organization_id("uwed");
  org.mutable_organization()->set_display_name("University of World Economy and Diplomacy");
  org.mutable_organization()->set_kind(dv1::Organization::KIND_UNIVERSITY);
  org.mutable_organization()->set_country_code("UZ");
  dv1::Organization out;
  EXPECT_EQ(stub_->CreateOrganization(AuthContext(coordinator_).get(), org, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  dv1::CreatePersonRequest person;
  person.mutable_person()->set_display_name("Intruder");
  person.mutable_person()->set_email("i@x.example");
  person.mutable_person()->add_roles(dv1::ROLE_ADMIN);
  dv1::Person p;
  EXPECT_EQ(stub_->CreatePerson(AuthContext(coordinator_).get(), person, &p).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM directory.organizations"), "2");
}

TEST_F(DirectoryTest, APersonEditsOwnProfileButNotRolesOrOthers) {
  dv1::UpdatePersonRequest own;
  own.mutable_person()->set_name("people/aigerim");
  own.mutable_person()->add_languages("kk");
  own.mutable_person()->add_languages("ru");
  own.mutable_person()->set_time_zone("Asia/Almaty");
  dv1::Person updated;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(expert_).get(), own, &updated).ok());
  EXPECT_EQ(updated.languages_size(), 2);

  dv1::UpdatePersonRequest escalate;
  escalate.mutable_person()->set_name("people/aigerim");
  escalate.mutable_person()->add_roles(dv1::ROLE_ADMIN);
  grpc::Status s = stub_->UpdatePerson(AuthContext(expert_).get(), escalate, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("update_mask", 0), 0u);

  dv1::UpdatePersonRequest other;
  other.mutable_person()->set_name("people/dana");
  other.mutable_person()->set_display_name("Hijacked");
  EXPECT_EQ(stub_->UpdatePerson(AuthContext(expert_).get(), other, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DirectoryTest, TokensExpire) {
  dv1::CreateCredentialRequest req;
  req.set_parent("people/aigerim");
  req.mutable_ttl()->set_seconds(3600);
  dv1::Credential cred;
  ASSERT_TRUE(stub_->CreateCredential(AuthContext(admin_).get(), req, &cred).ok());
  dv1::WhoAmIResponse who;
  ASSERT_TRUE(stub_->WhoAmI(AuthContext(cred.token()).get(), {}, &who).ok());
  server_->clock().Advance(absl::Minutes(61));
  grpc::Status s = stub_->WhoAmI(AuthContext(cred.token()).get(), {}, &who);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(s.error_message().find("expired"), std::string::npos);
}

TEST_F(DirectoryTest, TokenLifetimeIsBounded) {
  dv1::CreateCredentialRequest req;
  req.set_parent("people/aigerim");
  req.mutable_ttl()->set_seconds(400LL * 24 * 3600);
  dv1::Credential cred;
  grpc::Status s = stub_->CreateCredential(AuthContext(admin_).get(), req, &cred);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("ttl", 0), 0u);
}

TEST_F(DirectoryTest, RevokedTokensAreRefusedHereAtOnceAndByReplicasAfterRefresh) {
  std::unique_ptr<SummitServer> replica = server_->StartReplica();
  auto replica_stub = dv1::DirectoryService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(replica->port()), grpc::InsecureChannelCredentials()));
  dv1::WhoAmIResponse who;
  ASSERT_TRUE(replica_stub->WhoAmI(AuthContext(expert_).get(), {}, &who).ok());
  const std::string credential = who.credential();

  dv1::RevokeCredentialRequest revoke;
  revoke.set_name(credential);
  dv1::Credential revoked;
  ASSERT_TRUE(stub_->RevokeCredential(AuthContext(admin_).get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.has_revoke_time());

  grpc::Status here = stub_->WhoAmI(AuthContext(expert_).get(), {}, &who);
  EXPECT_EQ(here.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(here.error_message().find("revoked"), std::string::npos);

  ASSERT_TRUE(replica->RefreshRevocations().ok());
  EXPECT_EQ(replica_stub->WhoAmI(AuthContext(expert_).get(), {}, &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  replica->Shutdown(absl::Seconds(1));
}

TEST_F(DirectoryTest, OnlyAdminsOrTheOwnerManageCredentials) {
  dv1::CreateCredentialRequest req;
  req.set_parent("people/dana");
  dv1::Credential cred;
  EXPECT_EQ(stub_->CreateCredential(AuthContext(expert_).get(), req, &cred).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.set_parent("people/aigerim");
  ASSERT_TRUE(stub_->CreateCredential(AuthContext(expert_).get(), req, &cred).ok());

  dv1::ListCredentialsRequest list;
  list.set_parent("people/aigerim");
  dv1::ListCredentialsResponse creds;
  EXPECT_EQ(stub_->ListCredentials(AuthContext(coordinator_).get(), list, &creds).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->ListCredentials(AuthContext(expert_).get(), list, &creds).ok());
  EXPECT_EQ(creds.credentials_size(), 2);  // the fixture's and this one
  for (const auto& c : creds.credentials()) EXPECT_TRUE(c.token().empty());  // never listed

  dv1::RevokeCredentialRequest revoke;
  revoke.set_name(cred.name());
  dv1::Credential out;
  EXPECT_EQ(stub_->RevokeCredential(AuthContext(coordinator_).get(), revoke, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// Revoked token ids are for Summit's own servers: people, admins included,
// are refused; a service credential pages through every one of them.
TEST_F(DirectoryTest, RevokedTokensAreForServicesOnlyAndPageThroughAll) {
  auto internal = directory::internal::v1::DirectoryInternalService::NewStub(server_->Channel());
  directory::internal::v1::ListRevokedTokensRequest req;
  directory::internal::v1::ListRevokedTokensResponse ids;
  for (const std::string& person : {expert_, coordinator_, admin_}) {
    const grpc::Status s = internal->ListRevokedTokens(AuthContext(person).get(), req, &ids);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  }
  std::set<std::string> revoked;
  for (int i = 0; i < 5; ++i) {
    dv1::CreateCredentialRequest create;
    create.set_parent("people/aigerim");
    dv1::Credential cred;
    ASSERT_TRUE(stub_->CreateCredential(AuthContext(admin_).get(), create, &cred).ok());
    dv1::RevokeCredentialRequest revoke;
    revoke.set_name(cred.name());
    ASSERT_TRUE(stub_->RevokeCredential(AuthContext(admin_).get(), revoke, &cred).ok());
    revoked.insert(cred.name().substr(cred.name().rfind('/') + 1));
  }
  std::set<std::string> listed;
  int pages = 0;
  req.set_page_size(2);
  do {
    ASSERT_TRUE(
        internal->ListRevokedTokens(AuthContext(server_->ServiceToken()).get(), req, &ids).ok());
    listed.insert(ids.token_ids().begin(), ids.token_ids().end());
    req.set_page_token(ids.next_page_token());
    ++pages;
  } while (!req.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(listed, revoked);
}

TEST_F(DirectoryTest, ChangingRolesRevokesTokensIssuedUnderTheOldRoles) {
  dv1::UpdatePersonRequest req;
  req.mutable_person()->set_name("people/aigerim");
  req.mutable_person()->add_roles(dv1::ROLE_EXPERT);
  req.mutable_person()->add_roles(dv1::ROLE_COORDINATOR);
  dv1::Person updated;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(admin_).get(), req, &updated).ok());
  dv1::WhoAmIResponse who;
  EXPECT_EQ(stub_->WhoAmI(AuthContext(expert_).get(), {}, &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const std::string fresh = server_->TokenFor("people/aigerim");
  ASSERT_TRUE(stub_->WhoAmI(AuthContext(fresh).get(), {}, &who).ok());
  EXPECT_EQ(who.roles_size(), 2);
}

TEST_F(DirectoryTest, RetriedCredentialCreationReturnsTheSameToken) {
  dv1::CreateCredentialRequest req;
  req.set_parent("people/aigerim");
  req.set_request_id("issue-laptop-1");
  req.mutable_credential()->set_display_name("laptop");
  dv1::Credential first, second;
  ASSERT_TRUE(stub_->CreateCredential(AuthContext(admin_).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateCredential(AuthContext(admin_).get(), req, &second).ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(first.token(), second.token());
  // The secret itself is stored nowhere.
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT count(*) FROM directory.request_log WHERE response::text LIKE '%smt1.%'"),
            "0");
}

}  // namespace
}  // namespace summit::testing
