#pragma once
// Assembles one server process: the selected services on one gRPC server,
// with health, reflection, authentication, the database pool and the
// revocation refresher. Used by summitd and by the tests alike.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/authenticator.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/hosted_service.h"
#include "services/common/mail_options.h"
#include "services/server/database_monitor.h"
#include "services/server/event_source_grpc.h"
#include "services/server/metrics_endpoint.h"
#include "services/server/revocation_refresher.h"
#include "services/web/web_server.h"

namespace summit {

struct ServerOptions {
  // host:port; port 0 picks a free one (read it back with port()).
  std::string listen = "0.0.0.0:50051";
  std::string services = "all";
  // libpq connection string or URI.
  std::string database;
  int db_workers = 8;
  // A budget of PostgreSQL connections for this process; when set (> 0) it
  // decides the pool sizes instead of db_workers (DatabaseBudget).
  int db_connections = 0;
  size_t db_max_queue = 2048;
  // A call that waited longer for a database worker is shed (DbPoolOptions).
  absl::Duration db_max_queue_wait = absl::Seconds(1);
  // Short reads may run on the gRPC thread that took them (DbPoolOptions).
  bool db_inline_reads = true;
  // HMAC key for tokens, at least 32 bytes.
  std::string token_key;
  // Both directions, deliberately (gRPC's default receive limit is 4 MiB and
  // send is unlimited).
  int max_message_bytes = 4 * 1024 * 1024;
  // The largest attachment (sent in chunks of at most 1 MiB, so not bound by
  // max_message_bytes).
  int64_t max_attachment_bytes = 20 << 20;
  // Activity feed watches open at most, in all and per person or service.
  int feed_max_watches = 4096;
  int feed_max_watches_per_principal = 8;
  absl::Duration revocation_refresh = absl::Seconds(5);
  // People's tokens are refused (UNAVAILABLE) while the revocation list is
  // older than this or was never loaded: revocation fails closed.
  absl::Duration revocation_max_age = absl::Seconds(60);
  // Where to reach services that are not hosted here, by --services name
  // ("directory" -> "dns:///summitd-directory:50051"). A service hosted in
  // this process is always reached in-process.
  std::map<std::string, std::string> service_addresses;
  // PEM files; both empty means plaintext (behind a TLS-terminating proxy or
  // mesh, or on loopback).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Calls to services hosted elsewhere carry people's bearer tokens: with a
  // CA file they go over TLS, verifying the peer against it and presenting
  // this server's certificate (if any) as a client certificate.
  std::string tls_ca_file;
  // Mutual TLS on the listener: clients must present a certificate signed by
  // this CA (e.g. the replicas of a split deployment).
  std::string tls_client_ca_file;
  // SMTP and how mail looks (the notifications service).
  MailOptions mail;
  // host:port of the Prometheus endpoint (GET /metrics); off while empty.
  std::string metrics_listen;
  // How often the database is checked (health, backlogs, feed hold-back).
  absl::Duration database_check_interval = absl::Seconds(5);
  // Connections older than this are closed gracefully (GOAWAY), so that
  // clients spread over replicas added since; calls in flight get a grace
  // period as long again.
  absl::Duration max_connection_age = absl::Minutes(5);
  // The HTTP/1.1 listener for browsers (Connect gateway and web app); off
  // while web.listen is empty.
  web::WebOptions web;
  const Clock* clock = SystemClock::Get();
};

class SummitServer final {
 public:
  static absl::StatusOr<std::unique_ptr<SummitServer>> Start(ServerOptions options);
  ~SummitServer();

  int port() const { return port_; }
  // The HTTP listener's port; 0 when it is off.
  int http_port() const { return web_ ? web_->port() : 0; }
  // The metrics endpoint's port; 0 when it is off.
  int metrics_port() const;
  // One database check now (health and metrics); true when it answered.
  bool CheckDatabaseNow();
  const std::vector<std::string>& service_names() const { return service_names_; }
  std::shared_ptr<grpc::Channel> InProcessChannel();
  absl::Status RefreshRevocations() { return refresher_->RefreshNow(); }
  // One round of every service's background work (outbox delivery), now.
  void RunPendingWork();

  // Marks every service NOT_SERVING, lets calls finish for `grace`, stops.
  // The first step of a graceful stop: health says NOT_SERVING (overall and
  // per service) so that load balancers stop sending, while every call is
  // still served. Shutdown follows after the drain period.
  void BeginDrain();
  // The health status name that stays SERVING while the process runs (for
  // liveness probes: a database outage must not restart every pod).
  static constexpr char kLivenessService[] = "liveness";
  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // then cancels what is left and stops the background work.
  void Shutdown(absl::Duration grace);

 private:
  MailOptions mail_;
  SummitServer() = default;
  std::string ServiceToken() const;
  // Health of the services using the database, after a check.
  void SetDatabaseHealth(bool up);
  // The server hosting `service`: this one (in-process), or the one at its
  // configured address; null when neither.
  std::shared_ptr<grpc::Channel> ChannelFor(const std::string& service) const;

  ServerOptions options_;
  std::unique_ptr<TokenCodec> tokens_;
  RevocationList revoked_;
  std::unique_ptr<Authenticator> authenticator_;
  // One pool and runner per hosted service.
  std::vector<std::unique_ptr<DbPool>> pools_;
  std::vector<std::unique_ptr<RpcRunner>> runners_;
  // By --services name; filled once the server runs, while calls may
  // already be asking for them.
  mutable absl::Mutex channels_mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_ ABSL_GUARDED_BY(channels_mu_);
  std::unique_ptr<EventSourceGrpcService> event_sources_;
  std::vector<std::unique_ptr<HostedService>> services_;
  std::vector<std::string> service_names_;
  // The gRPC services whose health follows the database's.
  std::vector<std::string> database_backed_names_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<RevocationRefresher> refresher_;
  std::unique_ptr<web::WebServer> web_;
  std::unique_ptr<MetricsEndpoint> metrics_;
  std::unique_ptr<DatabaseMonitor> database_monitor_;
  // Once draining, the database checks no longer set anything SERVING.
  absl::Mutex health_mu_;
  bool draining_ ABSL_GUARDED_BY(health_mu_) = false;
  // The last database check's answer, to log changes only.
  std::atomic<bool> database_up_{true};
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace summit
