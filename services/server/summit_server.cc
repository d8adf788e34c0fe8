#include "services/server/summit_server.h"

#include <grpcpp/ext/channelz_service_plugin.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/credentials.h>

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "services/common/access_log.h"
#include "services/common/list_all.h"
#include "services/common/logging.h"
#include "services/common/metrics.h"
#include "services/common/pagination.h"
#include "services/common/proto_service.h"
#include "services/common/service_client.h"
#include "services/common/status.h"
#include "services/common/token.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/server/database_budget.h"
#include "services/server/service_catalog.h"
#include "summit/directory/internal/v1/directory_internal_service.grpc.pb.h"

namespace summit {
namespace {

absl::Status CheckSchemas(const std::string& database, const std::vector<ServiceModule>& modules) {
  try {
    pqxx::connection conn(WithConnectionDefaults(database));
    for (const ServiceModule& m : modules) {
      if (m.migrations == nullptr) continue;
      if (absl::Status s = CheckSchemaCurrent(conn, *m.migrations); !s.ok()) return s;
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot reach the database: ", e.what()));
  }
}

absl::Status CheckServiceAddresses(const std::map<std::string, std::string>& addresses,
                                   const std::vector<ServiceModule>& hosted) {
  const std::vector<ServiceModule> known = AllServiceModules();
  for (const auto& [service, address] : addresses) {
    const std::string& name = service;  // lambdas cannot capture bindings (clang 14)
    if (std::none_of(known.begin(), known.end(),
                     [&](const ServiceModule& m) { return m.name == name; })) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service-address: unknown service \"", service, "\""));
    }
    if (address.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service-address: no address for ", service));
    }
    // Hosted here and elsewhere would split one service's background work
    // and calls between two deployments: refused, not silently ignored.
    if (std::any_of(hosted.begin(), hosted.end(),
                    [&](const ServiceModule& m) { return m.name == name; })) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service-address: ", service,
                       " is hosted in this process (--services); give an address only for a "
                       "service hosted elsewhere"));
    }
  }
  return absl::OkStatus();
}

// A certificate or CA bundle: public, unlike a key.
absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  if (!in || !(buffer << in.rdbuf())) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
  }
  return buffer.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls-client-ca needs --tls-cert and --tls-key");
    }
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<std::string> cert = ReadPemFile(options.tls_cert_file, "--tls-cert");
  if (!cert.ok()) return cert.status();
  // The private key must be private, as the token key (ReadKeyFile).
  absl::StatusOr<std::string> key = ReadKeyFile(options.tls_key_file);
  if (!key.ok()) return Annotate(key.status(), "--tls-key");
  grpc::SslServerCredentialsOptions ssl(
      options.tls_client_ca_file.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPemFile(options.tls_client_ca_file, "--tls-client-ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  ssl.pem_key_cert_pairs.push_back({*key + "\n", *cert + "\n"});
  return grpc::SslServerCredentials(ssl);
}

// How this server reaches the services hosted elsewhere.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> PeerCredentials(
    const ServerOptions& options) {
  if (options.tls_ca_file.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> ca = ReadPemFile(options.tls_ca_file, "--tls-ca");
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *ca;
  if (!options.tls_cert_file.empty() && !options.tls_key_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPemFile(options.tls_cert_file, "--tls-cert");
    absl::StatusOr<std::string> key = ReadKeyFile(options.tls_key_file);
    if (!cert.ok()) return cert.status();
    if (!key.ok()) return Annotate(key.status(), "--tls-key");
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key + "\n";
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SummitServer>> SummitServer::Start(ServerOptions options) {
  absl::StatusOr<std::vector<ServiceModule>> modules = SelectServices(options.services);
  if (!modules.ok()) return modules.status();
  if (absl::Status s = CheckServiceAddresses(options.service_addresses, *modules); !s.ok()) {
    return s;
  }
  absl::StatusOr<TokenCodec> codec = TokenCodec::Create(options.token_key);
  if (!codec.ok()) return codec.status();
  if (absl::Status s = CheckSchemas(options.database, *modules); !s.ok()) return s;
  SetPageTokenKey(options.token_key);
  absl::StatusOr<ConnectionPlan> plan = options.db_connections > 0
                                            ? PlanWithinBudget(*modules, options.db_connections)
                                            : PlanWithWorkers(*modules, options.db_workers);
  if (!plan.ok()) return plan.status();
  log::Info("database connections: {} pools x {} workers + {} background = {}{}", plan->pools,
            plan->workers_per_pool, plan->background, plan->total(),
            options.db_connections > 0 ? absl::StrCat(" (budget ", options.db_connections, ")")
                                       : std::string());
  options.db_workers = plan->workers_per_pool;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = ServerCredentials(options);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<SummitServer> server(new SummitServer());
  server->options_ = options;
  server->tokens_ = std::make_unique<TokenCodec>(*std::move(codec));
  server->mail_ = options.mail;
  server->authenticator_ = std::make_unique<Authenticator>(
      server->tokens_.get(), &server->revoked_, options.clock, options.revocation_max_age);
  SummitServer* self = server.get();
  const auto channel_for = [self](const std::string& service) { return self->ChannelFor(service); };
  const std::string database = options.database;
  const auto new_db_session = [database](const std::vector<PreparedStatement>* statements) {
    return std::make_unique<DbSession>(WithConnectionDefaults(database, "summitd/background"),
                                       statements);
  };
  const auto service_authorization = [self] {
    return absl::StrCat("Bearer ", self->ServiceToken());
  };

  std::vector<std::string> event_sources;
  for (const ServiceModule& m : AllServiceModules()) {
    if (m.has_events) event_sources.push_back(m.name);
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::channelz::experimental::InitChannelzService();
  // Reflection finds grpc.health.v1.Health only if its descriptor is linked in.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_ENABLE_CHANNELZ, 1);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age)));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age)));
  // The methods whose reactors write their own access lines (call_reactor.h):
  // the interceptor leaves them alone.
  auto logged_by_their_reactors = std::make_shared<absl::flat_hash_set<std::string>>();
  server->event_sources_ = std::make_unique<EventSourceGrpcService>();
  for (const ServiceModule& m : *modules) {
    DbPool* pool = nullptr;
    if (m.statements != nullptr) {  // a module without tables (the feed) gets no pool
      server->pools_.push_back(DbPool::Create({.name = m.name,
                                               .conninfo = options.database,
                                               .workers = options.db_workers,
                                               .max_queue = options.db_max_queue,
                                               .max_queue_wait = options.db_max_queue_wait,
                                               .inline_reads = options.db_inline_reads},
                                              *m.statements));
      pool = server->pools_.back().get();
    }
    server->runners_.push_back(std::make_unique<RpcRunner>(server->authenticator_.get(), pool));
    const ServiceEnv env{.tokens = server->tokens_.get(),
                         .revoked = &server->revoked_,
                         .clock = options.clock,
                         .runner = server->runners_.back().get(),
                         .service_authorization = service_authorization,
                         .channel_for = channel_for,
                         .new_db_session = new_db_session,
                         .event_sources = event_sources,
                         .max_attachment_bytes = options.max_attachment_bytes,
                         .max_watches = options.feed_max_watches,
                         .max_watches_per_principal = options.feed_max_watches_per_principal,
                         .mail = &server->mail_};
    server->services_.push_back(m.create(env));
    const std::vector<grpc::Service*> apis = server->services_.back()->grpc_services();
    if (apis.size() != m.grpc_names.size()) {
      return absl::InternalError(absl::StrCat(m.name, ": serves ", apis.size(),
                                              " gRPC services, names ", m.grpc_names.size()));
    }
    for (size_t i = 0; i < apis.size(); ++i) {
      if (auto* rpcs = dynamic_cast<ProtoService*>(apis[i])) {
        if (absl::Status s = rpcs->CheckComplete(); !s.ok()) return Annotate(s, m.name);
        logged_by_their_reactors->insert(rpcs->paths().begin(), rpcs->paths().end());
        if (rpcs->descriptor()->full_name() != m.grpc_names[i]) {
          return absl::InternalError(
              absl::StrCat(m.name, ": ", m.grpc_names[i], " is out of order"));
        }
      }
      server->service_names_.push_back(m.grpc_names[i]);
      builder.RegisterService(apis[i]);
    }
    if (m.has_events != (server->services_.back()->event_source() != nullptr)) {
      return absl::InternalError(absl::StrCat(m.name, ": has_events and event_source() disagree"));
    }
    if (const EventSource* source = server->services_.back()->event_source()) {
      server->event_sources_->Add(source, server->runners_.back().get());
    }
  }
  if (!server->event_sources_->empty()) {
    builder.RegisterService(server->event_sources_.get());
    logged_by_their_reactors->insert(EventSourceGrpcService::MethodPath());
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(NewAccessLogFactory(std::move(logged_by_their_reactors)));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  auto* health = server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  for (const std::string& name : server->service_names_) health->SetServingStatus(name, true);
  health->SetServingStatus(kLivenessService, true);

  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> peer_credentials =
      PeerCredentials(options);
  if (!peer_credentials.ok()) return peer_credentials.status();
  const std::shared_ptr<grpc::Channel> in_process =
      server->server_->InProcessChannel(grpc::ChannelArguments());
  {
    // Another service's replicas, all of them: a dns:/// name resolves to
    // every address behind a headless Service, and round_robin spreads the
    // calls over them (the default, pick_first, would send all to one).
    grpc::ChannelArguments peer_arguments;
    peer_arguments.SetLoadBalancingPolicyName("round_robin");
    absl::MutexLock lock(&server->channels_mu_);
    for (const ServiceModule& m : *modules) server->channels_[m.name] = in_process;
    for (const auto& [service, address] : options.service_addresses) {
      server->channels_[service] =
          grpc::CreateCustomChannel(address, *peer_credentials, peer_arguments);
    }
  }
  for (auto& service : server->services_) service->Start();
  auto fetch = [self, service_authorization]() -> absl::StatusOr<std::vector<std::string>> {
    const std::shared_ptr<grpc::Channel> channel = self->ChannelFor("directory");
    if (!channel) return std::vector<std::string>{};
    namespace div1 = directory::internal::v1;
    const ServiceClient directory(
        "directory", [channel] { return channel; }, service_authorization);
    auto stub = div1::DirectoryInternalService::NewStub(channel);
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    div1::ListRevokedTokensRequest request;
    request.set_page_size(kMaxPageSize);
    std::vector<std::string> ids;
    absl::Status listed = ListAll<div1::ListRevokedTokensRequest, div1::ListRevokedTokensResponse>(
        request,
        [&](const div1::ListRevokedTokensRequest& req, div1::ListRevokedTokensResponse* resp) {
          return directory.Result(
              stub->ListRevokedTokens(directory.Context(deadline).get(), req, resp),
              "revoked tokens");
        },
        [&](const div1::ListRevokedTokensResponse& resp) {
          ids.insert(ids.end(), resp.token_ids().begin(), resp.token_ids().end());
        });
    if (!listed.ok()) return listed;
    // Then the people's tokens this server accepted since the last round.
    div1::RecordCredentialUseRequest uses;
    const auto report = [&] {
      div1::RecordCredentialUseResponse recorded;
      absl::Status s = directory.Result(
          stub->RecordCredentialUse(directory.Context(deadline).get(), uses, &recorded),
          "credential use");
      if (!s.ok()) log::Warn("reporting credential use failed: {}", s.message());
      uses.clear_uses();
    };
    for (const auto& [token_id, when] : self->revoked_.TakeUses()) {
      div1::CredentialUse* use = uses.add_uses();
      use->set_token_id(token_id);
      use->set_use_time_seconds(absl::ToUnixSeconds(when));
      if (uses.uses_size() == 1000) report();
    }
    if (uses.uses_size() > 0) report();
    return ids;
  };
  server->refresher_ = std::make_unique<RevocationRefresher>(&server->revoked_, std::move(fetch),
                                                             options.revocation_refresh);
  if (absl::Status s = server->refresher_->RefreshNow(); !s.ok()) {
    log::Warn("first refresh of revoked tokens failed: {}", s.message());
  }
  std::vector<ServiceModule> db_backed;
  for (const ServiceModule& m : *modules) {
    // The feed keeps no tables; it serves what the other services answer.
    if (m.statements == nullptr) continue;
    db_backed.push_back(m);
    server->database_backed_names_.insert(server->database_backed_names_.end(),
                                          m.grpc_names.begin(), m.grpc_names.end());
  }
  const RevocationList* revoked = &server->revoked_;
  server->database_monitor_ = std::make_unique<DatabaseMonitor>(DatabaseMonitor::Options{
      .conninfo = options.database,
      .services = std::move(db_backed),
      .interval = options.database_check_interval,
      .on_result = [self](bool up) { self->SetDatabaseHealth(up); },
      .on_round =
          [revoked] {
            metrics::SetRevocationAge(
                absl::ToDoubleSeconds(absl::Now() - revoked->snapshot_time()));
          }});
  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
        MetricsEndpoint::Start(options.metrics_listen);
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_ = *std::move(endpoint);
  }
  if (!options.web.listen.empty()) {
    absl::StatusOr<std::unique_ptr<web::WebServer>> web =
        web::WebServer::Start(options.web, in_process, server->service_names_);
    if (!web.ok()) return web.status();
    server->web_ = *std::move(web);
  }
  return server;
}

std::string SummitServer::ServiceToken() const {
  // A short-lived token this server mints for its own calls to other services.
  auth::internal::v1::TokenClaims claims;
  claims.set_subject("services/summitd");
  claims.set_token_id(absl::StrCat("svc-", GenerateId()));
  const absl::Time now = options_.clock->Now();
  claims.set_issue_time_seconds(absl::ToUnixSeconds(now));
  claims.set_expire_time_seconds(absl::ToUnixSeconds(now + absl::Minutes(5)));
  return tokens_->Sign(claims);
}

std::shared_ptr<grpc::Channel> SummitServer::ChannelFor(const std::string& service) const {
  absl::MutexLock lock(&channels_mu_);
  auto it = channels_.find(service);
  return it == channels_.end() ? nullptr : it->second;
}

void SummitServer::RunPendingWork() {
  for (auto& service : services_) service->RunPendingWork();
}

std::shared_ptr<grpc::Channel> SummitServer::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

int SummitServer::metrics_port() const { return metrics_ ? metrics_->port() : 0; }

bool SummitServer::CheckDatabaseNow() { return database_monitor_->CheckNow(); }

void SummitServer::SetDatabaseHealth(bool up) {
  if (database_up_.exchange(up) != up) {
    if (up) {
      log::Info("the database answers again: services SERVING");
    } else {
      log::Error("the database does not answer: services using it NOT_SERVING");
    }
  }
  absl::MutexLock lock(&health_mu_);
  if (draining_ || !server_) return;
  auto* health = server_->GetHealthCheckService();
  for (const std::string& name : database_backed_names_) health->SetServingStatus(name, up);
  health->SetServingStatus("", up);
}

void SummitServer::BeginDrain() {
  if (!server_) return;
  absl::MutexLock lock(&health_mu_);
  draining_ = true;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(false);
  for (const std::string& name : service_names_) health->SetServingStatus(name, false);
  // Draining is not dying: liveness stays SERVING until the process ends.
  health->SetServingStatus(kLivenessService, true);
}

void SummitServer::Shutdown(absl::Duration grace) {
  if (stopped_) return;
  stopped_ = true;
  if (!server_) {  // Start failed before the server ran
    for (auto& pool : pools_) pool->Shutdown();
    return;
  }
  metrics_.reset();
  BeginDrain();
  database_monitor_.reset();
  refresher_.reset();
  for (auto& service : services_) service->Stop();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  // After the gRPC server: its shutdown ends the watches that hold HTTP threads.
  if (web_) web_->Stop();
  for (auto& pool : pools_) pool->Shutdown();
}

SummitServer::~SummitServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace summit
