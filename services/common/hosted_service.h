#pragma once
// What the server binary needs from each service library: its schema, its
// SQL, and a factory for its gRPC service. The binary only assembles these.

#include <grpcpp/channel.h>
#include <grpcpp/impl/codegen/service_type.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/event_log.h"
#include "services/common/mail_options.h"
#include "services/common/migrations.h"
#include "services/common/revocation_list.h"
#include "services/common/rpc.h"
#include "services/common/token.h"

namespace summit {

// Shared parts a service is built on.
struct ServiceEnv {
  const TokenCodec* tokens;
  RevocationList* revoked;
  const Clock* clock;
  // This service's own runner and database pool: a worker blocked on a call
  // to another service never holds up that service's workers.
  RpcRunner* runner;
  // `authorization` value for calls this server makes to other services.
  std::function<std::string()> service_authorization;
  // The server hosting a service by its --services name ("reviews"), local
  // or remote; null when it is neither hosted here nor given an address.
  // Valid once the server runs.
  std::function<std::shared_ptr<grpc::Channel>(const std::string&)> channel_for;
  // A database session of its own for background work, outside the pool.
  std::function<std::unique_ptr<DbSession>(const std::vector<PreparedStatement>*)> new_db_session;

  // The --services names of every service whose events make up the activity
  // feed, in catalog order, hosted here or not.
  std::vector<std::string> event_sources;

  // The largest file a recommendation's version may carry (--max-attachment-bytes).
  int64_t max_attachment_bytes = 20 << 20;

  // Activity feed watches open at most, in all and per person or service
  // (--feed-max-watches, --feed-max-watches-per-principal).
  int max_watches = 4096;
  int max_watches_per_principal = 8;

  // How mail is sent (the notifications service); never null once running.
  const MailOptions* mail = nullptr;

  // channel_for bound to one service, for a client of it.
  std::function<std::shared_ptr<grpc::Channel>()> ChannelTo(std::string service) const {
    return [f = channel_for, service = std::move(service)] { return f(service); };
  }
};

// A running service: owns its logic and the gRPC service registered for it.
class HostedService {
 public:
  virtual ~HostedService() = default;
  // In the order of its module's grpc_names.
  virtual std::vector<grpc::Service*> grpc_services() = 0;
  // Background work (e.g. delivering an outbox) runs between Start and Stop.
  virtual void Start() {}
  virtual void Stop() {}
  // One round of background work now, for tests and for shutdown.
  virtual void RunPendingWork() {}
  // This service's audit events for the activity feed; null for none.
  virtual const EventSource* event_source() const { return nullptr; }
};

// A queue a service works through in the background (an outbox), measured
// for its metrics: summit_backlog_items and summit_backlog_oldest_age_seconds.
struct BacklogQuery {
  std::string queue;
  // One row: the items waiting, and the age in seconds of the oldest (0 when
  // none).
  std::string sql;
};

struct ServiceModule {
  // As used in --services, e.g. "directory".
  std::string name;
  // Fully qualified names of its gRPC services (public first, then any
  // internal one), for the health service.
  std::vector<std::string> grpc_names;
  const MigrationSet* migrations;
  const std::vector<PreparedStatement>* statements;
  std::function<std::unique_ptr<HostedService>(const ServiceEnv&)> create;
  // Whether its audit events are part of the activity feed (then its
  // HostedService has an event_source()).
  bool has_events = false;
  std::vector<BacklogQuery> backlogs;
  // Database sessions its background work holds outside its pool (e.g. an
  // outbox sender), for the connection budget (services/server/database_budget.h).
  int background_sessions = 0;
};

}  // namespace summit
