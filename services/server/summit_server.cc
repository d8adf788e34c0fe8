#include "services/server/summit_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "services/common/token.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/server/service_catalog.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace summit {
namespace {

absl::Status CheckSchemas(const std::string& database, const std::vector<ServiceModule>& modules) {
  try {
    pqxx::connection conn(WithConnectionDefaults(database));
    for (const ServiceModule& m : modules) {
      if (absl::Status s = CheckSchemaCurrent(conn, *m.migrations); !s.ok()) return s;
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot reach the database: ", e.what()));
  }
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<std::string> cert = ReadKeyFile(options.tls_cert_file);
  absl::StatusOr<std::string> key = ReadKeyFile(options.tls_key_file);
  if (!cert.ok() || !key.ok()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key must both name readable PEM files");
  }
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key + "\n", *cert + "\n"});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SummitServer>> SummitServer::Start(ServerOptions options) {
  absl::StatusOr<std::vector<ServiceModule>> modules = SelectServices(options.services);
  if (!modules.ok()) return modules.status();
  absl::StatusOr<TokenCodec> codec = TokenCodec::Create(options.token_key);
  if (!codec.ok()) return codec.status();
  if (absl::Status s = CheckSchemas(options.database, *modules); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = ServerCredentials(options);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<SummitServer> server(new SummitServer());
  server->options_ = options;
  server->tokens_ = std::make_unique<TokenCodec>(*std::move(codec));
  server->authenticator_ =
      std::make_unique<Authenticator>(server->tokens_.get(), &server->revoked_, options.clock);
  SummitServer* self = server.get();
  const auto directory_channel = [self] { return self->DirectoryChannel(); };
  const auto recommendations_channel = [self] { return self->RecommendationsChannel(); };
  const std::string database = options.database;
  const auto new_db_session = [database](const std::vector<PreparedStatement>* statements) {
    return std::make_unique<DbSession>(WithConnectionDefaults(database), statements);
  };
  const auto service_authorization = [self] { return absl::StrCat("Bearer ", self->ServiceToken()); };

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  bool hosts_directory = false;
  bool hosts_recommendations = false;
  for (const ServiceModule& m : *modules) {
    server->pools_.push_back(DbPool::Create({.conninfo = options.database,
                                             .workers = options.db_workers,
                                             .max_queue = options.db_max_queue},
                                            *m.statements));
    server->runners_.push_back(
        std::make_unique<RpcRunner>(server->authenticator_.get(), server->pools_.back().get()));
    const ServiceEnv env{.tokens = server->tokens_.get(),
                         .revoked = &server->revoked_,
                         .clock = options.clock,
                         .runner = server->runners_.back().get(),
                         .directory_channel = directory_channel,
                         .service_authorization = service_authorization,
                         .recommendations_channel = recommendations_channel,
                         .new_db_session = new_db_session};
    server->services_.push_back(m.create(env));
    server->service_names_.push_back(m.grpc_name);
    builder.RegisterService(server->services_.back()->grpc_service());
    hosts_directory |= m.name == "directory";
    hosts_recommendations |= m.name == "recommendations";
  }
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  auto* health = server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  for (const std::string& name : server->service_names_) health->SetServingStatus(name, true);

  if (hosts_directory) {
    server->directory_channel_ = server->server_->InProcessChannel(grpc::ChannelArguments());
  } else if (!options.directory_address.empty()) {
    server->directory_channel_ =
        grpc::CreateChannel(options.directory_address, grpc::InsecureChannelCredentials());
  }
  if (hosts_recommendations) {
    server->recommendations_channel_ = server->server_->InProcessChannel(grpc::ChannelArguments());
  } else if (!options.recommendations_address.empty()) {
    server->recommendations_channel_ =
        grpc::CreateChannel(options.recommendations_address, grpc::InsecureChannelCredentials());
  }
  for (auto& service : server->services_) service->Start();
  auto fetch = [self]() -> absl::StatusOr<std::vector<std::string>> {
    if (!self->directory_channel_) return std::vector<std::string>{};
    auto stub = directory::v1::DirectoryService::NewStub(self->directory_channel_);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", self->ServiceToken()));
    directory::v1::ListRevokedTokensResponse resp;
    grpc::Status s = stub->ListRevokedTokens(&ctx, {}, &resp);
    if (!s.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
    }
    return std::vector<std::string>(resp.token_ids().begin(), resp.token_ids().end());
  };
  server->refresher_ = std::make_unique<RevocationRefresher>(&server->revoked_, std::move(fetch),
                                                             options.revocation_refresh);
  if (absl::Status s = server->refresher_->RefreshNow(); !s.ok()) {
    std::cerr << "summitd: first refresh of revoked tokens failed: " << s.message() << "\n";
  }
  return server;
}

std::string SummitServer::ServiceToken() const {
  // A short-lived token this server mints for its own calls to other services.
  auth::v1::TokenClaims claims;
  claims.set_subject("services/summitd");
  claims.set_token_id(absl::StrCat("svc-", GenerateId()));
  const absl::Time now = options_.clock->Now();
  claims.set_issue_time_seconds(absl::ToUnixSeconds(now));
  claims.set_expire_time_seconds(absl::ToUnixSeconds(now + absl::Minutes(5)));
  return tokens_->Sign(claims);
}

void SummitServer::RunPendingWork() {
  for (auto& service : services_) service->RunPendingWork();
}

std::shared_ptr<grpc::Channel> SummitServer::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

void SummitServer::Shutdown(absl::Duration grace) {
  if (stopped_) return;
  stopped_ = true;
  if (!server_) {  // Start failed before the server ran
    for (auto& pool : pools_) pool->Shutdown();
    return;
  }
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(false);
  for (const std::string& name : service_names_) health->SetServingStatus(name, false);
  refresher_.reset();
  for (auto& service : services_) service->Stop();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  for (auto& pool : pools_) pool->Shutdown();
}

SummitServer::~SummitServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace summit
