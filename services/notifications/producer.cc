#include "services/notifications/producer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/icalendar.h"
#include "services/common/validation.h"
#include "services/notifications/mail_message.h"
#include "services/notifications/preferences.h"
#include "services/notifications/sql/queries.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::notifications {

const char* const Producer::kGetResourceStatement = "ntf_resource_get";
const char* const Producer::kListUnderStatement = "ntf_resource_list_under";

std::string LinkTo(const MailSettings& mail, const std::string& resource) {
  return absl::StrCat(mail.web_base_url, "/#/", resource);
}

void Producer::Put(const std::string& name, const std::string& kind,
                   const google::protobuf::Message& doc) {
  txn_.exec_prepared(sql::kPutResource, name, kind, ToJson(doc));
}

int Producer::NextSequence(const std::string& meeting) {
  const pqxx::result r = txn_.exec_prepared(sql::kBumpSequence, meeting);
  return r.empty() ? 0 : r[0][0].as<int>();
}

void Producer::PutWork(const std::string& recipient, const std::string& resource,
                       const std::string& kind, const std::string& summit, const std::string& title,
                       const std::string& state, std::optional<absl::Time> due) {
  std::optional<int64_t> due_us;
  if (due) due_us = absl::ToUnixMicros(*due);
  txn_.exec_prepared(sql::kPutWorkItem, recipient, resource, kind, summit, title, state, due_us);
}

void Producer::CloseWork(const std::string& resource, const std::string& kind) {
  txn_.exec_prepared(sql::kCloseWorkItems, resource,
                     kind.empty() ? std::optional<std::string>() : kind);
}

void Producer::CloseWorkFor(const std::string& recipient, const std::string& resource,
                            const std::string& kind) {
  txn_.exec_prepared(sql::kCloseWorkItem, recipient, resource, kind);
}

bool Producer::Notify(Notice notice) {
  const std::optional<directory::v1::Person> person = Get<directory::v1::Person>(notice.recipient);
  if (!person || person->state() == directory::v1::Person::STATE_DEACTIVATED) return false;
  const StoredPreferences stored = LoadPreferences(txn_, notice.recipient);
  const v1::NotificationPreferences& prefs = stored.preferences;
  const std::string language =
      !prefs.language().empty()
          ? prefs.language()
          : PickLanguage({person->languages().begin(), person->languages().end()});
  const std::string zone = !prefs.time_zone().empty() ? prefs.time_zone() : person->time_zone();
  if (!notice.facts.text.count("link")) {
    notice.facts.text["link"] = LinkTo(mail_, notice.resource);
  }
  const RenderedMessage words = Render(notice.kind, language, zone, notice.facts);
  const v1::Delivery delivery = DeliveryFor(prefs, notice.kind);
  const std::string name = absl::StrCat(notice.recipient, "/notifications/", GenerateId());
  std::optional<int64_t> due_us;
  if (notice.due) due_us = absl::ToUnixMicros(*notice.due);
  const pqxx::result inserted = txn_.exec_prepared(
      sql::kInsertNotification, name, notice.recipient, static_cast<int>(notice.kind),
      notice.resource, notice.summit, words.subject, words.text, due_us, static_cast<int>(delivery),
      notice.dedupe_key, absl::ToUnixMicros(now_));
  if (inserted.empty()) return false;  // produced before
  if (delivery != v1::DELIVERY_EMAIL_IMMEDIATELY || person->email().empty()) return true;
  MailMessage mail{
      .from_name = mail_.from_name,
      .from_address = mail_.from_address,
      .to_name = person->display_name(),
      .to_address = person->email(),
      .subject = words.subject,
      .text = words.text,
      .html = words.html,
      .message_id = absl::StrCat(
          "n", inserted[0][0].as<int64_t>(), ".",
          absl::StrReplaceAll(v1::NotificationKind_Name(notice.kind), {{"NOTIFICATION_KIND_", ""}}),
          "@", mail_.message_id_domain),
      .date = now_,
      .ics = "",
      .ics_method = ""};
  if (notice.ics) {
    mail.ics = ToIcs({*notice.ics}, now_, notice.ics_method);
    mail.ics_method = notice.ics_method;
  }
  QueueMail(mail.message_id, notice.recipient, person->email(), notice.kind, ToRfc5322(mail), false,
            OutsideQuietHours(now_, prefs, zone) - now_);
  return true;
}

void Producer::QueueMail(const std::string& message_id, const std::string& recipient,
                         const std::string& to_address, int kind, const std::string& message,
                         bool sensitive, absl::Duration delay) {
  txn_.exec_prepared(sql::kQueueMail, message_id, recipient, to_address, kind, message, sensitive,
                     absl::ToDoubleSeconds(delay));
}

}  // namespace summit::notifications
