#pragma once
// What the notifier writes inside one transaction: its projections of other
// services' resources, people's open work, and notifications with their
// mail. Everything a batch of events or a reminder round produces goes
// through one Producer, in the transaction that also moves the cursor.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "services/common/icalendar.h"
#include "services/common/mail_options.h"
#include "services/common/proto_json.h"
#include "services/notifications/messages.h"
#include "summit/notifications/v1/resources.pb.h"

namespace summit::notifications {

struct Notice {
  // `people/{person}`.
  std::string recipient;
  v1::NotificationKind kind = v1::NOTIFICATION_KIND_UNSPECIFIED;
  std::string resource;
  std::string summit;
  MessageFacts facts;
  std::optional<absl::Time> due;
  // What produced it (an event id, a reminder's due date, a day): the same
  // key never makes a second notification for the same person.
  std::string dedupe_key;
  // Meeting mail: the event and METHOD of its iCalendar part.
  std::optional<IcsEvent> ics;
  std::string ics_method;
};

class Producer {
 public:
  Producer(pqxx::transaction_base& txn, absl::Time now, const MailSettings& mail)
      : txn_(txn), now_(now), mail_(mail) {}

  absl::Time now() const { return now_; }
  pqxx::transaction_base& txn() { return txn_; }

  // Projections: the last state of a resource as its events carried it.
  template <typename M>
  std::optional<M> Get(const std::string& name) {
    const pqxx::result r = txn_.exec_prepared(kGetResourceStatement, name);
    if (r.empty()) return std::nullopt;
    M doc;
    if (!FromJson(r[0]["doc"].as<std::string>(), &doc).ok()) return std::nullopt;
    return doc;
  }
  // Every projection of `kind` whose name starts with `prefix` (a cycle's
  // assignments), by name.
  template <typename M>
  std::vector<M> ListUnder(const std::string& kind, const std::string& prefix) {
    std::vector<M> out;
    for (const pqxx::row& r : txn_.exec_prepared(kListUnderStatement, kind, prefix)) {
      M doc;
      if (FromJson(r["doc"].as<std::string>(), &doc).ok()) out.push_back(std::move(doc));
    }
    return out;
  }
  void Put(const std::string& name, const std::string& kind, const google::protobuf::Message& doc);
  // The next iCalendar SEQUENCE of a meeting.
  int NextSequence(const std::string& meeting);

  void PutWork(const std::string& recipient, const std::string& resource, const std::string& kind,
               const std::string& summit, const std::string& title, const std::string& state,
               std::optional<absl::Time> due);
  // Closes the items of `resource` and of everything under it; of one kind
  // when `kind` is not empty.
  void CloseWork(const std::string& resource, const std::string& kind = "");
  void CloseWorkFor(const std::string& recipient, const std::string& resource,
                    const std::string& kind);

  // Adds the notification to the person's inbox and, as their preferences
  // say, queues its mail. Skips people who are unknown or deactivated, and a
  // dedupe key seen before. True when a notification was added.
  bool Notify(Notice notice);

  // Queues a whole message as it is (digests, sign-in codes).
  void QueueMail(const std::string& message_id, const std::string& recipient,
                 const std::string& to_address, int kind, const std::string& message,
                 bool sensitive, absl::Duration delay = absl::ZeroDuration());

  const MailSettings& mail() const { return mail_; }

 private:
  static const char* const kGetResourceStatement;
  static const char* const kListUnderStatement;
  pqxx::transaction_base& txn_;
  const absl::Time now_;
  const MailSettings& mail_;
};

// "https://summit.example/#/summits/s/recommendations/r"
std::string LinkTo(const MailSettings& mail, const std::string& resource);

}  // namespace summit::notifications
