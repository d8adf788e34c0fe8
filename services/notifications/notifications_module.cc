#include "services/notifications/notifications_module.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/proto_service.h"
#include "services/notifications/notifications.h"
#include "services/notifications/notifier.h"
#include "services/notifications/sql/queries.h"
#include "summit/notifications/internal/v1/notification_internal_service.grpc.pb.h"
#include "summit/notifications/v1/notification_service.grpc.pb.h"

namespace summit::notifications {
namespace {

// Its audit events: a person sees their own; services and admins all.
EventSource NotificationsEventSource() {
  return EventSource{
      .name = "notifications",
      .schema = "notifications",
      .access = [](pqxx::transaction_base&, const Principal& caller) -> EventAccessFn {
        return [caller](const feed::v1::Event& e) {
          if (caller.IsService() || caller.Has(directory::v1::ROLE_ADMIN)) {
            return EventAccess::kFull;
          }
          return absl::StartsWith(e.resource(), caller.subject + "/") ? EventAccess::kFull
                                                                      : EventAccess::kHidden;
        };
      },
  };
}

NotifierOptions OptionsFrom(const ServiceEnv& env) {
  NotifierOptions options;
  if (env.mail != nullptr) {
    options.mail = env.mail->settings;
    options.smtp = env.mail->smtp;
  }
  int abort_every = 0;
  if (const char* v = std::getenv("SUMMIT_TEST_NOTIFIER_ABORT_EVERY");
      v != nullptr && absl::SimpleAtoi(v, &abort_every)) {
    options.abort_every = abort_every;
  }
  return options;
}

class HostedNotifications final : public HostedService {
 public:
  explicit HostedNotifications(const ServiceEnv& env)
      : options_(OptionsFrom(env)),
        notifier_(options_, env.clock, FeedOf(env), env.service_authorization,
                  [new_session = env.new_db_session] { return new_session(&sql::Statements()); }),
        notifications_({.clock = env.clock,
                        .mail = &options_.mail,
                        .wake_sender = [this] { notifier_.Wake(); }}),
        rpcs_(v1::NotificationService::service_full_name(), env.runner),
        internal_rpcs_(internal::v1::NotificationInternalService::service_full_name(), env.runner) {
    rpcs_.Handle("ListNotifications", &notifications_, &Notifications::ListNotifications);
    rpcs_.Handle("MarkNotificationsRead", &notifications_, &Notifications::MarkNotificationsRead);
    rpcs_.Handle("GetNotificationPreferences", &notifications_,
                 &Notifications::GetNotificationPreferences);
    rpcs_.Handle("UpdateNotificationPreferences", &notifications_,
                 &Notifications::UpdateNotificationPreferences);
    rpcs_.Handle("GetMyWork", &notifications_, &Notifications::GetMyWork);
    rpcs_.Handle("ListMailDeliveries", &notifications_, &Notifications::ListMailDeliveries);
    internal_rpcs_.Handle("DeliverSignInCode", &notifications_, &Notifications::DeliverSignInCode);
  }
  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_, &internal_rpcs_}; }
  const EventSource* event_source() const override { return &events_; }
  void Start() override { notifier_.Start(); }
  void Stop() override { notifier_.Stop(); }
  void RunPendingWork() override {
    for (const absl::Status& s : {notifier_.ConsumeOnce().status(), notifier_.RemindOnce().status(),
                                  notifier_.SendOnce().status()}) {
      if (!s.ok()) log::Warn("notifications: pending work failed: {}", s.message());
    }
  }

 private:
  // The other services' events; its own are not news to it.
  static std::unique_ptr<feed::FeedSources> FeedOf(const ServiceEnv& env) {
    std::vector<std::string> sources;
    for (const std::string& s : env.event_sources) {
      if (s != "notifications") sources.push_back(s);
    }
    return std::make_unique<feed::FeedSources>(sources, env.channel_for, env.service_authorization);
  }

  const EventSource events_ = NotificationsEventSource();
  const NotifierOptions options_;
  Notifier notifier_;
  Notifications notifications_;
  ProtoService rpcs_;
  ProtoService internal_rpcs_;
};

}  // namespace

ServiceModule NotificationsModule() {
  return ServiceModule{
      .name = "notifications",
      .grpc_names = {v1::NotificationService::service_full_name(),
                     internal::v1::NotificationInternalService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedNotifications>(env); },
      .has_events = true,
      // Mail not yet accepted by the SMTP server (retries included).
      .backlogs = {{.queue = "mail_outbox",
                    .sql =
                        "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(create_time)), "
                        "0) FROM notifications.mail_outbox WHERE state = 'queued'"}},
      // The notifier: its feed consumer and its mail sender.
      .background_sessions = 2,
  };
}

}  // namespace summit::notifications
