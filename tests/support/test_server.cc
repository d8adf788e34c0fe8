#include "tests/support/test_server.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "services/directory/directory.h"
#include "services/directory/sql/queries.h"

namespace summit::testing {

namespace dv1 = directory::v1;

std::unique_ptr<grpc::ClientContext> AuthContext(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return ctx;
}

ServerOptions TestServer::Options() const {
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  o.database = db_->conninfo();
  o.db_workers = db_workers_;
  o.services = services_;
  o.token_key = kTestTokenKey;
  o.clock = &clock_;
  // Refreshes run when a test asks; the timer never fires during a test.
  o.revocation_refresh = absl::Hours(1);
  o.revocation_max_age = absl::Hours(24);
  return o;
}

std::unique_ptr<TestServer> TestServer::Start(int db_workers, const std::string& services) {
  std::unique_ptr<TestServer> t(new TestServer());
  t->db_workers_ = db_workers;
  t->services_ = services;
  t->db_ = TestDatabase::Create();
  absl::StatusOr<std::unique_ptr<SummitServer>> server = SummitServer::Start(t->Options());
  if (!server.ok()) throw std::runtime_error(std::string(server.status().message()));
  t->server_ = *std::move(server);

  absl::StatusOr<TokenCodec> codec = TokenCodec::Create(kTestTokenKey);
  RevocationList unused;
  directory::Directory dir({.tokens = &*codec, .revoked = &unused, .clock = &t->clock_});
  DbSession session(t->db_->conninfo(), &directory::sql::Statements());
  absl::StatusOr<dv1::Credential> admin =
      dir.BootstrapAdmin(session, "admin", "Test Admin", "admin@test.example", absl::Hours(24));
  if (!admin.ok()) throw std::runtime_error(std::string(admin.status().message()));
  t->admin_token_ = admin->token();
  return t;
}

std::unique_ptr<SummitServer> TestServer::StartReplica() {
  absl::StatusOr<std::unique_ptr<SummitServer>> server = SummitServer::Start(Options());
  if (!server.ok()) throw std::runtime_error(std::string(server.status().message()));
  return *std::move(server);
}

std::unique_ptr<SummitServer> TestServer::StartReplica(
    const std::string& services, std::map<std::string, std::string> service_addresses,
    const std::string& listen) {
  ServerOptions o = Options();
  o.services = services;
  o.service_addresses = std::move(service_addresses);
  o.listen = listen;
  absl::StatusOr<std::unique_ptr<SummitServer>> server = SummitServer::Start(o);
  if (!server.ok()) throw std::runtime_error(std::string(server.status().message()));
  return *std::move(server);
}

TestServer::~TestServer() {
  if (server_) server_->Shutdown(absl::Seconds(1));
}

std::string TestServer::address() const { return absl::StrCat("127.0.0.1:", server_->port()); }

bool TestServer::RunPendingWorkUntil(const std::function<bool()>& done, absl::Duration limit) {
  const absl::Time give_up = absl::Now() + limit;
  while (!done()) {
    if (absl::Now() > give_up) return false;
    server_->RunPendingWork();
  }
  for (int i = 0; i < 3; ++i) server_->RunPendingWork();
  return true;
}

std::shared_ptr<grpc::Channel> TestServer::Channel() {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::unique_ptr<dv1::DirectoryService::Stub> TestServer::DirectoryStub() {
  return dv1::DirectoryService::NewStub(Channel());
}

void TestServer::MakeOrganization(const std::string& id, const std::string& country) {
  dv1::CreateOrganizationRequest req;
  req.set_organization_id(id);
  req.mutable_organization()->set_display_name(absl::StrCat("Organisation ", id));
  req.mutable_organization()->set_kind(dv1::Organization::KIND_THINK_TANK);
  req.mutable_organization()->set_country_code(country);
  dv1::Organization out;
  grpc::Status s = DirectoryStub()->CreateOrganization(AuthContext(admin_token_).get(), req, &out);
  if (!s.ok() && s.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
    throw std::runtime_error("MakeOrganization: " + s.error_message());
  }
}

std::string TestServer::MakePerson(const std::string& id, std::initializer_list<dv1::Role> roles,
                                   const std::string& organization) {
  dv1::CreatePersonRequest req;
  req.set_person_id(id);
  dv1::Person* p = req.mutable_person();
  p->set_display_name(absl::StrCat("Person ", id));
  p->set_email(absl::StrCat(id, "@test.example"));
  p->set_organization(organization);
  for (dv1::Role r : roles) p->add_roles(r);
  dv1::Person out;
  grpc::Status s = DirectoryStub()->CreatePerson(AuthContext(admin_token_).get(), req, &out);
  if (!s.ok()) throw std::runtime_error("MakePerson: " + s.error_message());
  return TokenFor(out.name());
}

std::string TestServer::ServiceToken() const {
  absl::StatusOr<TokenCodec> codec = TokenCodec::Create(kTestTokenKey);
  auth::internal::v1::TokenClaims claims;
  claims.set_subject("services/test");
  claims.set_token_id(absl::StrCat("svc-test-", absl::ToUnixNanos(absl::Now())));
  const absl::Time now = clock_.Now();
  claims.set_issue_time_seconds(absl::ToUnixSeconds(now));
  claims.set_expire_time_seconds(absl::ToUnixSeconds(now + absl::Hours(1)));
  return codec->Sign(claims);
}

std::string TestServer::TokenFor(const std::string& person_name) {
  dv1::CreateCredentialRequest req;
  req.set_parent(person_name);
  dv1::Credential out;
  grpc::Status s = DirectoryStub()->CreateCredential(AuthContext(admin_token_).get(), req, &out);
  if (!s.ok()) throw std::runtime_error("TokenFor: " + s.error_message());
  return out.token();
}

}  // namespace summit::testing
