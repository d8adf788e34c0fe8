#include "services/notifications/notifications.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/notifications/mail_message.h"
#include "services/notifications/messages.h"
#include "services/notifications/preferences.h"
#include "services/notifications/sql/queries.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::notifications {
namespace {

constexpr int kMaxUnreadInWork = 20;

// Every call here is about the caller's own things: people only.
absl::Status RequirePerson(const CallContext& call) {
  if (call.principal.subject.rfind("people/", 0) == 0) return absl::OkStatus();
  return absl::PermissionDeniedError("notifications belong to people; this caller is not one");
}

v1::Notification ReadNotification(const pqxx::row& r) {
  v1::Notification n;
  n.set_name(r["name"].as<std::string>());
  n.set_kind(static_cast<v1::NotificationKind>(r["kind"].as<int>()));
  n.set_resource(r["resource"].as<std::string>());
  n.set_summit(r["summit"].as<std::string>());
  n.set_title(r["title"].as<std::string>());
  n.set_body(r["body"].as<std::string>());
  n.set_delivery(static_cast<v1::Delivery>(r["delivery"].as<int>()));
  *n.mutable_create_time() = ToProtoTime(absl::FromUnixMicros(r["create_micros"].as<int64_t>()));
  if (!r["due_micros"].is_null()) {
    *n.mutable_due_time() = ToProtoTime(absl::FromUnixMicros(r["due_micros"].as<int64_t>()));
  }
  if (!r["read_micros"].is_null()) {
    *n.mutable_read_time() = ToProtoTime(absl::FromUnixMicros(r["read_micros"].as<int64_t>()));
  }
  return n;
}

// Characters a link's query may carry as they are.
std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::BytesToHexString(std::string(1, static_cast<char>(c))));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::ListNotificationsResponse> Notifications::ListNotifications(
    const CallContext& call, DbSession& db, const v1::ListNotificationsRequest& req) const {
  RETURN_IF_ERROR(RequirePerson(call));
  ASSIGN_OR_RETURN(
      const PageRequest page,
      StartPage(req.page_size(), req.page_token(),
                absl::StrCat("notifications|", call.principal.subject, "|", req.unread_only())));
  ASSIGN_OR_RETURN(const int64_t after, AfterNumber(page));
  const int64_t before_id = after == 0 ? std::numeric_limits<int64_t>::max() : after;
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListNotificationsResponse> {
        v1::ListNotificationsResponse resp;
        std::vector<int64_t> ids;
        for (const pqxx::row& r : txn.exec_prepared(sql::kListNotifications, call.principal.subject,
                                                    before_id, page.limit(), req.unread_only())) {
          *resp.add_notifications() = ReadNotification(r);
          ids.push_back(r["id"].as<int64_t>());
        }
        std::vector<int64_t> keys = ids;
        const std::string next =
            FinishPage(page, &keys, [](int64_t id) { return absl::StrCat(id); });
        if (resp.notifications_size() > page.size) {
          resp.mutable_notifications()->DeleteSubrange(page.size,
                                                       resp.notifications_size() - page.size);
        }
        resp.set_next_page_token(next);
        resp.set_unread_count(
            txn.exec_prepared1(sql::kCountUnread, call.principal.subject)[0].as<int>());
        return resp;
      });
}

absl::StatusOr<v1::MarkNotificationsReadResponse> Notifications::MarkNotificationsRead(
    const CallContext& call, DbSession& db, const v1::MarkNotificationsReadRequest& req) const {
  RETURN_IF_ERROR(RequirePerson(call));
  if (req.all() == (req.names_size() > 0)) {
    return InvalidField("names", "name the notifications to mark, or set all (not both)");
  }
  if (req.names_size() > 1000) return InvalidField("names", "at most 1000 at once");
  std::vector<std::string> names(req.names().begin(), req.names().end());
  for (int i = 0; i < req.names_size(); ++i) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat("names[", i, "]"), req.names(i), {"people", "notifications"})
            .status());
  }
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::MarkNotificationsReadResponse> {
        std::optional<std::string> filter;
        if (!req.all()) {
          filter = ToJsonArray(names);
          // Another person's notification is as absent as one that never was.
          std::set<std::string> own;
          for (const pqxx::row& r : txn.exec_prepared(sql::kFindNotifications, *filter)) {
            if (r["recipient"].as<std::string>() == call.principal.subject) {
              own.insert(r["name"].as<std::string>());
            }
          }
          for (const std::string& name : names) {
            if (!own.count(name)) return ResourceNotFound(name);
          }
        }
        v1::MarkNotificationsReadResponse resp;
        const pqxx::result marked = txn.exec_prepared(sql::kMarkRead, call.principal.subject,
                                                      filter, absl::ToUnixMicros(now));
        resp.set_marked(static_cast<int>(marked.size()));
        if (!marked.empty()) {
          sql::kSchema.Record(txn, call, "notifications.notifications.read",
                              absl::StrCat(call.principal.subject, "/notifications"), "",
                              ToJsonArray([&] {
                                std::vector<std::string> out;
                                for (const pqxx::row& r : marked) out.push_back(r[0].c_str());
                                return out;
                              }()));
        }
        return resp;
      });
}

absl::StatusOr<v1::NotificationPreferences> Notifications::GetNotificationPreferences(
    const CallContext& call, DbSession& db, const v1::GetNotificationPreferencesRequest&) const {
  RETURN_IF_ERROR(RequirePerson(call));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::NotificationPreferences> {
        return LoadPreferences(txn, call.principal.subject).preferences;
      });
}

absl::StatusOr<v1::NotificationPreferences> Notifications::UpdateNotificationPreferences(
    const CallContext& call, DbSession& db,
    const v1::UpdateNotificationPreferencesRequest& req) const {
  RETURN_IF_ERROR(RequirePerson(call));
  const v1::NotificationPreferences& given = req.preferences();
  const std::string own = absl::StrCat(call.principal.subject, "/notificationPreferences");
  if (!given.name().empty() && given.name() != own) {
    return absl::PermissionDeniedError(
        absl::StrCat("preferences.name: people change only their own (", own, ")"));
  }
  RETURN_IF_ERROR(ValidatePreferences(given));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::NotificationPreferences> {
        const StoredPreferences before = LoadPreferences(txn, call.principal.subject);
        if (!given.etag().empty() && given.etag() != before.preferences.etag()) {
          return absl::AbortedError(
              absl::StrCat("preferences.etag: ", given.etag(), " is stale; the current one is ",
                           before.preferences.etag(), " (read again and retry)"));
        }
        v1::NotificationPreferences stored = given;
        stored.clear_name();
        stored.clear_etag();
        const pqxx::result written = txn.exec_prepared(sql::kPutPreferences, call.principal.subject,
                                                       ToJson(stored), before.version);
        if (written.empty()) {
          return absl::AbortedError("preferences changed meanwhile; read again and retry");
        }
        const StoredPreferences after = LoadPreferences(txn, call.principal.subject);
        sql::kSchema.Record(txn, call, "notifications.preferences.updated", own,
                            ToJson(before.preferences), ToJson(after.preferences));
        return after.preferences;
      });
}

absl::StatusOr<v1::GetMyWorkResponse> Notifications::GetMyWork(const CallContext& call,
                                                               DbSession& db,
                                                               const v1::GetMyWorkRequest&) const {
  RETURN_IF_ERROR(RequirePerson(call));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::GetMyWorkResponse> {
        v1::GetMyWorkResponse resp;
        for (const pqxx::row& r : txn.exec_prepared(sql::kOpenWorkItems, call.principal.subject)) {
          v1::WorkItem item;
          item.set_resource(r["resource"].as<std::string>());
          item.set_summit(r["summit"].as<std::string>());
          item.set_title(r["title"].as<std::string>());
          item.set_state(r["state"].as<std::string>());
          if (!r["due_micros"].is_null()) {
            const absl::Time due = absl::FromUnixMicros(r["due_micros"].as<int64_t>());
            *item.mutable_due_time() = ToProtoTime(due);
            item.set_overdue(due < now);
          }
          const std::string kind = r["kind"].as<std::string>();
          if (kind == "review") {
            *resp.add_assignments() = std::move(item);
          } else if (kind == "draft") {
            *resp.add_drafts() = std::move(item);
          } else if (kind == "revision" || kind == "minutes" || kind == "author_response") {
            *resp.add_waiting_on_me() = std::move(item);
          } else if (kind == "meeting") {
            // Upcoming: a meeting that started a day ago is no longer ahead.
            if (FromProtoTime(item.due_time()) > now - absl::Hours(24)) {
              item.set_overdue(false);
              *resp.add_meetings() = std::move(item);
            }
          } else if (kind == "action_item") {
            *resp.add_action_items() = std::move(item);
          }
        }
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListNotifications, call.principal.subject,
                               std::numeric_limits<int64_t>::max(), kMaxUnreadInWork, true)) {
          *resp.add_unread_notifications() = ReadNotification(r);
        }
        resp.set_unread_count(
            txn.exec_prepared1(sql::kCountUnread, call.principal.subject)[0].as<int>());
        return resp;
      });
}

absl::StatusOr<v1::ListMailDeliveriesResponse> Notifications::ListMailDeliveries(
    const CallContext& call, DbSession& db, const v1::ListMailDeliveriesRequest& req) const {
  if (!call.principal.Has(directory::v1::ROLE_ADMIN)) {
    return absl::PermissionDeniedError("mail deliveries are for admins");
  }
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("mail|", req.failed_only())));
  ASSIGN_OR_RETURN(const int64_t after, AfterNumber(page));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListMailDeliveriesResponse> {
        v1::ListMailDeliveriesResponse resp;
        std::vector<int64_t> ids;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListMail, after, page.limit(), req.failed_only())) {
          v1::MailDelivery* d = resp.add_deliveries();
          ids.push_back(r["id"].as<int64_t>());
          d->set_name(absl::StrCat("mailDeliveries/", ids.back()));
          d->set_recipient(r["recipient"].as<std::string>());
          d->set_kind(static_cast<v1::NotificationKind>(r["kind"].as<int>()));
          d->set_message_id(r["message_id"].as<std::string>());
          const std::string state = r["state"].as<std::string>();
          d->set_state(state == "sent"     ? v1::MailDelivery::STATE_SENT
                       : state == "failed" ? v1::MailDelivery::STATE_FAILED
                                           : v1::MailDelivery::STATE_QUEUED);
          d->set_attempts(r["attempts"].as<int>());
          d->set_last_error(r["last_error"].as<std::string>());
          *d->mutable_create_time() =
              ToProtoTime(absl::FromUnixMicros(r["create_micros"].as<int64_t>()));
          *d->mutable_next_attempt_time() =
              ToProtoTime(absl::FromUnixMicros(r["next_micros"].as<int64_t>()));
          if (!r["send_micros"].is_null()) {
            *d->mutable_send_time() =
                ToProtoTime(absl::FromUnixMicros(r["send_micros"].as<int64_t>()));
          }
        }
        std::vector<int64_t> keys = ids;
        resp.set_next_page_token(
            FinishPage(page, &keys, [](int64_t id) { return absl::StrCat(id); }));
        if (resp.deliveries_size() > page.size) {
          resp.mutable_deliveries()->DeleteSubrange(page.size, resp.deliveries_size() - page.size);
        }
        return resp;
      });
}

absl::StatusOr<internal::v1::DeliverSignInCodeResponse> Notifications::DeliverSignInCode(
    const CallContext& call, DbSession& db,
    const internal::v1::DeliverSignInCodeRequest& req) const {
  RETURN_IF_ERROR(ValidateResourceId("challenge_id", req.challenge_id()));
  RETURN_IF_ERROR(ParseResourceName("person", req.person(), {"people"}).status());
  RETURN_IF_ERROR(ValidateEmail("email", req.email()));
  if (req.code().empty()) return InvalidField("code", "is required");
  const std::string language = PickLanguage({req.languages().begin(), req.languages().end()});
  MessageFacts facts{.title = "", .text = {}, .times = {}};
  facts.text["code"] = req.code();
  facts.text["link"] =
      absl::StrCat(deps_.mail->web_base_url, "/#/signin?email=", UrlEncode(req.email()),
                   "&code=", UrlEncode(req.code()));
  facts.times["due"] = FromProtoTime(req.expire_time());
  const RenderedMessage words = Render(kSignInCodeMail, language, req.time_zone(), facts);
  const MailMessage mail{
      .from_name = deps_.mail->from_name,
      .from_address = deps_.mail->from_address,
      .to_name = req.display_name(),
      .to_address = req.email(),
      .subject = words.subject,
      .text = words.text,
      .html = words.html,
      .message_id = absl::StrCat("signin.", req.challenge_id(), "@", deps_.mail->message_id_domain),
      .date = deps_.clock->Now(),
      .ics = "",
      .ics_method = ""};
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    Producer producer(txn, deps_.clock->Now(), *deps_.mail);
    producer.QueueMail(mail.message_id, req.person(), req.email(), kSignInCodeMail, ToRfc5322(mail),
                       /*sensitive=*/true);
    // Audited without the code.
    sql::kSchema.Record(txn, call, "notifications.sign_in_mail.queued",
                        absl::StrCat("mailDeliveries/", mail.message_id), "",
                        absl::StrCat("{\"recipient\":\"", req.person(), "\"}"));
    return absl::OkStatus();
  }));
  if (deps_.wake_sender) deps_.wake_sender();
  return internal::v1::DeliverSignInCodeResponse{};
}

}  // namespace summit::notifications
