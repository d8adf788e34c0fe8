// summitd: one binary that hosts any subset of Summit's services.
//   summitd serve            run the services (the default)
//   summitd migrate          apply pending schema migrations
//   summitd bootstrap-admin  make sure an admin exists and print a token
// Every flag has an environment-variable fallback (shown by --help).

#include <google/protobuf/stubs/logging.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/logging.h"
#include "services/common/token.h"
#include "services/common/version.h"
#include "services/directory/directory.h"
#include "services/directory/sql/queries.h"
#include "services/server/service_catalog.h"
#include "services/server/summit_server.h"

namespace {

// libprotobuf logs one line per request with invalid UTF-8; keep at most one
// line a second so a misbehaving client cannot flood the log.
void RateLimitedProtobufLog(google::protobuf::LogLevel level, const char* file, int line,
                            const std::string& message) {
  static std::atomic<int64_t> last_second{0};
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  if (last_second.exchange(now) == now && level < google::protobuf::LOGLEVEL_FATAL) return;
  summit::log::Warn("libprotobuf {}:{}: {}", file, line, message);
}

absl::StatusOr<std::string> LoadTokenKey(const std::string& key, const std::string& key_file) {
  if (!key.empty()) return key;
  if (!key_file.empty()) return summit::ReadKeyFile(key_file);
  return absl::InvalidArgumentError(
      "no token signing key: set --token-key-file (SUMMIT_TOKEN_KEY_FILE, mode 0600) or the "
      "SUMMIT_TOKEN_KEY environment variable");
}

int Fail(const absl::Status& status) {
  summit::log::Error("{}", status.message());
  return 1;
}

int Migrate(const std::string& database, const std::string& services) {
  absl::StatusOr<std::vector<summit::ServiceModule>> modules = summit::SelectServices(services);
  if (!modules.ok()) return Fail(modules.status());
  try {
    pqxx::connection conn(summit::WithConnectionDefaults(database));
    for (const summit::ServiceModule& m : *modules) {
      if (m.migrations == nullptr) continue;  // a service without tables
      absl::StatusOr<int> applied = summit::ApplyMigrations(conn, *m.migrations);
      if (!applied.ok()) return Fail(applied.status());
      std::cout << "schema " << m.migrations->schema << ": applied " << *applied
                << " migration(s), now at version " << m.migrations->LatestVersion() << "\n";
    }
  } catch (const std::exception& e) {
    return Fail(absl::UnavailableError(absl::StrCat("migration failed: ", e.what())));
  }
  return 0;
}

// How summitd stops on SIGTERM or SIGINT.
struct StopOptions {
  // Health says NOT_SERVING while calls are still served, so that load
  // balancers stop sending before the listener closes.
  absl::Duration drain = absl::Seconds(5);
  // Then calls in flight get this long to finish.
  absl::Duration grace = absl::Seconds(10);
};

// Waits for `signals` for up to `timeout`; true if one came.
bool WaitForSignal(const sigset_t& signals, absl::Duration timeout) {
  const timespec ts = absl::ToTimespec(timeout);
  return sigtimedwait(&signals, nullptr, &ts) > 0;
}

struct PortFiles {
  std::string grpc;
  std::string http;
  std::string metrics;
};

int Serve(summit::ServerOptions options, const PortFiles& port_files, sigset_t signals,
          StopOptions stop) {
  absl::StatusOr<std::unique_ptr<summit::SummitServer>> server =
      summit::SummitServer::Start(std::move(options));
  if (!server.ok()) return Fail(server.status());
  summit::log::Info("summitd {} serving on port {}: {}", summit::kVersion, (*server)->port(),
                    absl::StrJoin((*server)->service_names(), " "));
  if ((*server)->http_port() > 0) {
    summit::log::Info("serving HTTP (Connect and the web app) on port {}", (*server)->http_port());
    if (!port_files.http.empty()) std::ofstream(port_files.http) << (*server)->http_port() << "\n";
  }
  if ((*server)->metrics_port() > 0) {
    summit::log::Info("serving metrics on port {} (GET /metrics)", (*server)->metrics_port());
    if (!port_files.metrics.empty()) {
      std::ofstream(port_files.metrics) << (*server)->metrics_port() << "\n";
    }
  }
  if (!port_files.grpc.empty()) std::ofstream(port_files.grpc) << (*server)->port() << "\n";
  int signal = 0;
  sigwait(&signals, &signal);
  summit::log::Info("signal {}: draining for {} (health NOT_SERVING, still serving)", signal,
                    absl::FormatDuration(stop.drain));
  (*server)->BeginDrain();
  // A second signal cuts the drain short.
  if (stop.drain > absl::ZeroDuration() && WaitForSignal(signals, stop.drain)) {
    summit::log::Info("second signal: ending the drain early");
  }
  summit::log::Info("shutting down: no new calls; {} for calls in flight",
                    absl::FormatDuration(stop.grace));
  (*server)->Shutdown(stop.grace);
  return 0;
}

int Bootstrap(const std::string& database, const std::string& key, const std::string& id,
              const std::string& name, const std::string& email, int ttl_days) {
  absl::StatusOr<summit::TokenCodec> codec = summit::TokenCodec::Create(key);
  if (!codec.ok()) return Fail(codec.status());
  summit::RevocationList revoked;
  summit::directory::Directory directory({.tokens = &*codec,
                                          .revoked = &revoked,
                                          .clock = summit::SystemClock::Get(),
                                          .deliver_sign_in_code = {}});
  summit::DbSession session(summit::WithConnectionDefaults(database),
                            &summit::directory::sql::Statements());
  absl::StatusOr<pqxx::connection_base*> conn = session.Connection();
  if (!conn.ok()) return Fail(conn.status());
  if (absl::Status s = summit::CheckSchemaCurrent(**conn, summit::directory::Migrations());
      !s.ok()) {
    return Fail(s);
  }
  absl::StatusOr<summit::directory::v1::Credential> credential =
      directory.BootstrapAdmin(session, id, name, email, absl::Hours(24 * ttl_days));
  if (!credential.ok()) return Fail(credential.status());
  std::cout << credential->token() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before gRPC starts threads, then sigwait for them
  // in main; otherwise a thread may take the signal and shutdown never runs.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  google::protobuf::SetLogHandler(&RateLimitedProtobufLog);
  // Debian's Abseil is built to look for lock-order cycles on every Mutex
  // acquisition (a debugging aid, a few percent of a call's CPU); the tests,
  // which link the services without this main, keep it.
  if (std::getenv("SUMMIT_MUTEX_DEADLOCK_DETECTION") == nullptr) {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }

  CLI::App app{"summitd: the Summit preparation service"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("summitd ") + summit::kVersion);
  std::string database;
  std::string services = "all";
  std::string token_key_file;
  std::string token_key;
  app.add_option("--database", database, "PostgreSQL connection string or URI")
      ->envname("SUMMIT_DATABASE");
  app.add_option("--services", services, "Services to host: all, or a list like directory")
      ->envname("SUMMIT_SERVICES")
      ->capture_default_str();
  app.add_option("--token-key-file", token_key_file, "File with the token signing key")
      ->envname("SUMMIT_TOKEN_KEY_FILE");
  // The key itself only from the environment, never as a flag: command lines
  // are world-readable in /proc/<pid>/cmdline.
  if (const char* key = std::getenv("SUMMIT_TOKEN_KEY"); key != nullptr) token_key = key;

  summit::ServerOptions options;
  std::string port_file;
  std::string http_port_file;
  std::vector<std::string> allowed_origins;
  int refresh_seconds = 5;
  bool migrate_first = false;
  CLI::App* serve = app.add_subcommand("serve", "Run the services (default)");
  serve->add_option("--listen", options.listen, "Address to listen on; port 0 picks one")
      ->envname("SUMMIT_LISTEN")
      ->capture_default_str();
  serve->add_option("--db-workers", options.db_workers, "Database worker threads/connections")
      ->envname("SUMMIT_DB_WORKERS")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve
      ->add_option("--db-connections", options.db_connections,
                   "PostgreSQL connections this process may hold; sizes the pools instead of "
                   "--db-workers (0: use --db-workers)")
      ->envname("SUMMIT_DB_CONNECTIONS")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  serve
      ->add_option("--db-max-queue", options.db_max_queue, "Queued calls before RESOURCE_EXHAUSTED")
      ->envname("SUMMIT_DB_MAX_QUEUE")
      ->capture_default_str();
  int db_max_queue_wait_ms = 1000;
  serve
      ->add_option("--db-max-queue-wait-ms", db_max_queue_wait_ms,
                   "A call queued longer for the database is shed with RESOURCE_EXHAUSTED")
      ->envname("SUMMIT_DB_MAX_QUEUE_WAIT_MS")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  serve
      ->add_option("--db-inline-reads", options.db_inline_reads,
                   "Try short reads on the gRPC thread with an idle connection before handing "
                   "them to a database worker")
      ->envname("SUMMIT_DB_INLINE_READS")
      ->capture_default_str();
  serve->add_option("--max-message-bytes", options.max_message_bytes, "Largest message in or out")
      ->envname("SUMMIT_MAX_MESSAGE_BYTES")
      ->capture_default_str()
      ->check(CLI::Range(1024, 64 << 20));
  serve
      ->add_option("--feed-max-watches", options.feed_max_watches,
                   "Activity feed watches this server keeps open at most")
      ->envname("SUMMIT_FEED_MAX_WATCHES")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  serve
      ->add_option("--feed-max-watches-per-principal", options.feed_max_watches_per_principal,
                   "Activity feed watches one person or service keeps open at most")
      ->envname("SUMMIT_FEED_MAX_WATCHES_PER_PRINCIPAL")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  serve
      ->add_option("--max-attachment-bytes", options.max_attachment_bytes,
                   "Largest file on a recommendation's version (sent in 1 MiB chunks)")
      ->envname("SUMMIT_MAX_ATTACHMENT_BYTES")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1024}, int64_t{1} << 30));
  serve
      ->add_option("--revocation-refresh-seconds", refresh_seconds,
                   "How often revoked tokens are fetched")
      ->envname("SUMMIT_REVOCATION_REFRESH_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  int drain_seconds = 5;
  serve
      ->add_option("--drain-seconds", drain_seconds,
                   "On SIGTERM, serve this long with health NOT_SERVING before closing")
      ->envname("SUMMIT_DRAIN_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(0, 600));
  int grace_seconds = 10;
  serve
      ->add_option("--shutdown-grace-seconds", grace_seconds,
                   "After the drain, how long calls in flight may take to finish")
      ->envname("SUMMIT_SHUTDOWN_GRACE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(0, 600));
  int revocation_max_age_seconds = 60;
  serve
      ->add_option("--revocation-max-age-seconds", revocation_max_age_seconds,
                   "People's calls fail (UNAVAILABLE) while the revoked-token list is older")
      ->envname("SUMMIT_REVOCATION_MAX_AGE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(2, 86400));
  std::vector<std::string> service_addresses;
  serve
      ->add_option(
          "--service-address", service_addresses,
          "NAME=HOST:PORT: where a service not hosted here runs (repeat, or comma-separate "
          "in the environment), e.g. directory=dns:///summitd-directory:50051")
      ->envname("SUMMIT_SERVICE_ADDRESSES")
      ->delimiter(',');
  serve->add_option("--tls-cert", options.tls_cert_file, "PEM certificate chain")
      ->envname("SUMMIT_TLS_CERT");
  serve->add_option("--tls-key", options.tls_key_file, "PEM private key")
      ->envname("SUMMIT_TLS_KEY");
  serve
      ->add_option("--tls-ca", options.tls_ca_file,
                   "PEM CA bundle: calls to other services use TLS verified against it "
                   "(and present --tls-cert as a client certificate)")
      ->envname("SUMMIT_TLS_CA");
  serve
      ->add_option("--tls-client-ca", options.tls_client_ca_file,
                   "PEM CA bundle: clients must present a certificate it signed (mutual TLS)")
      ->envname("SUMMIT_TLS_CLIENT_CA");
  serve->add_option("--port-file", port_file, "Write the chosen port here")
      ->envname("SUMMIT_PORT_FILE");
  serve->add_flag("--migrate", migrate_first, "Apply pending migrations before serving")
      ->envname("SUMMIT_MIGRATE");
  // Mail (the notifications service). The SMTP password comes from the
  // environment or a file, never a flag.
  std::string smtp_password_file;
  serve
      ->add_option("--smtp-url", options.mail.smtp.url,
                   "SMTP server, smtp://host:port or smtps://host:port; unset: mail stays queued")
      ->envname("SUMMIT_SMTP_URL");
  serve->add_option("--smtp-user", options.mail.smtp.username, "SMTP login")
      ->envname("SUMMIT_SMTP_USER");
  serve->add_option("--smtp-password-file", smtp_password_file, "File with the SMTP password")
      ->envname("SUMMIT_SMTP_PASSWORD_FILE");
  serve
      ->add_flag("--smtp-starttls", options.mail.smtp.require_starttls,
                 "Send only over a connection upgraded with STARTTLS")
      ->envname("SUMMIT_SMTP_STARTTLS");
  serve->add_option("--smtp-ca", options.mail.smtp.ca_file, "PEM CA bundle for the SMTP server")
      ->envname("SUMMIT_SMTP_CA");
  serve->add_option("--mail-from", options.mail.settings.from_address, "Sender address")
      ->envname("SUMMIT_MAIL_FROM")
      ->capture_default_str();
  serve->add_option("--mail-from-name", options.mail.settings.from_name, "Sender name")
      ->envname("SUMMIT_MAIL_FROM_NAME")
      ->capture_default_str();
  serve
      ->add_option("--web-base-url", options.mail.settings.web_base_url,
                   "Where the web app is, for links in mail")
      ->envname("SUMMIT_WEB_BASE_URL")
      ->capture_default_str();
  serve
      ->add_option("--mail-domain", options.mail.settings.message_id_domain,
                   "Right-hand side of Message-IDs")
      ->envname("SUMMIT_MAIL_DOMAIN")
      ->capture_default_str();

  serve
      ->add_option("--http-listen", options.web.listen,
                   "host:port for browsers: the Connect gateway and the web app (off if empty)")
      ->envname("SUMMIT_HTTP_LISTEN");
  serve->add_option("--web-app-dir", options.web.app_dir, "The built web app (client/web/dist)")
      ->envname("SUMMIT_WEB_APP_DIR");
  serve
      ->add_flag("--secure-cookies", options.web.gateway.secure_cookies,
                 "Mark the session cookie Secure (browsers reach summitd over HTTPS)")
      ->envname("SUMMIT_SECURE_COOKIES");
  serve
      ->add_option("--allowed-origin", allowed_origins,
                   "Another origin that may call the gateway (CORS is off otherwise)")
      ->envname("SUMMIT_ALLOWED_ORIGINS")
      ->delimiter(',');
  serve->add_option("--http-port-file", http_port_file, "Write the HTTP port here");
  std::string metrics_port_file;
  serve
      ->add_option("--metrics-listen", options.metrics_listen,
                   "host:port for Prometheus (GET /metrics); off if empty")
      ->envname("SUMMIT_METRICS_LISTEN");
  serve->add_option("--metrics-port-file", metrics_port_file, "Write the metrics port here");
  int database_check_seconds = 5;
  serve
      ->add_option("--database-check-seconds", database_check_seconds,
                   "How often the database is checked for health and metrics")
      ->envname("SUMMIT_DATABASE_CHECK_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 300));
  int max_connection_age_seconds = 300;
  serve
      ->add_option("--max-connection-age-seconds", max_connection_age_seconds,
                   "Close client connections this old (gracefully) so clients rebalance "
                   "over replicas added since")
      ->envname("SUMMIT_MAX_CONNECTION_AGE_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(10, 86400));

  CLI::App* migrate = app.add_subcommand("migrate", "Apply pending schema migrations");

  std::string admin_id = "admin";
  std::string admin_name = "Summit Administrator";
  std::string admin_email = "admin@summit.local";
  int ttl_days = 30;
  CLI::App* bootstrap =
      app.add_subcommand("bootstrap-admin", "Make sure an admin exists; print a new token for it");
  bootstrap->add_option("--id", admin_id, "Person id of the admin")->capture_default_str();
  bootstrap->add_option("--name", admin_name, "Display name")->capture_default_str();
  bootstrap->add_option("--email", admin_email, "Email")->capture_default_str();
  bootstrap->add_option("--ttl-days", ttl_days, "Token lifetime in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 365));

  std::string log_format = "text";
  std::string log_level = "info";
  app.add_option("--log-format", log_format, "Log lines as text or json (one object a line)")
      ->envname("SUMMIT_LOG_FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level, "Lowest level logged: debug, info, warn, error")
      ->envname("SUMMIT_LOG_LEVEL")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));

  CLI11_PARSE(app, argc, argv);
  summit::log::Format format = summit::log::Format::kText;
  summit::log::Level level = summit::log::Level::kInfo;
  (void)summit::log::ParseFormat(log_format, &format);  // both checked by CLI11 above
  (void)summit::log::ParseLevel(log_level, &level);
  summit::log::Configure(format, level);
  if (database.empty()) {
    return Fail(absl::InvalidArgumentError("--database (SUMMIT_DATABASE) is required"));
  }
  if (*migrate) return Migrate(database, services);
  absl::StatusOr<std::string> key = LoadTokenKey(token_key, token_key_file);
  if (!key.ok()) return Fail(key.status());
  if (*bootstrap) return Bootstrap(database, *key, admin_id, admin_name, admin_email, ttl_days);

  if (migrate_first) {
    if (int rc = Migrate(database, services); rc != 0) return rc;
  }
  for (const std::string& entry : service_addresses) {
    const size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size()) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("--service-address: \"", entry, "\" is not NAME=HOST:PORT")));
    }
    options.service_addresses[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  if (const char* password = std::getenv("SUMMIT_SMTP_PASSWORD"); password != nullptr) {
    options.mail.smtp.password = password;
  }
  if (!smtp_password_file.empty()) {
    absl::StatusOr<std::string> password = summit::ReadKeyFile(smtp_password_file);
    if (!password.ok()) return Fail(password.status());
    options.mail.smtp.password = *password;
  }
  options.database = database;
  options.services = services;
  options.web.gateway.allowed_origins = {allowed_origins.begin(), allowed_origins.end()};
  options.token_key = *key;
  options.revocation_refresh = absl::Seconds(refresh_seconds);
  options.revocation_max_age = absl::Seconds(revocation_max_age_seconds);
  options.db_max_queue_wait = absl::Milliseconds(db_max_queue_wait_ms);
  options.max_connection_age = absl::Seconds(max_connection_age_seconds);
  options.database_check_interval = absl::Seconds(database_check_seconds);
  if (revocation_max_age_seconds <= refresh_seconds) {
    return Fail(absl::InvalidArgumentError(
        "--revocation-max-age-seconds must be longer than --revocation-refresh-seconds"));
  }
  return Serve(
      std::move(options),
      PortFiles{.grpc = port_file, .http = http_port_file, .metrics = metrics_port_file}, signals,
      StopOptions{.drain = absl::Seconds(drain_seconds), .grace = absl::Seconds(grace_seconds)});
}
