#include "services/notifications/reminders.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/validation.h"
#include "services/notifications/mail_message.h"
#include "services/notifications/preferences.h"
#include "services/notifications/sql/queries.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::notifications {
namespace {

struct ReminderRule {
  v1::NotificationKind soon = v1::NOTIFICATION_KIND_UNSPECIFIED;
  absl::Duration lead;
  v1::NotificationKind overdue = v1::NOTIFICATION_KIND_UNSPECIFIED;
};

// Which reminders an open item of a kind and state gets.
std::optional<ReminderRule> RuleFor(const std::string& kind, const std::string& state) {
  if (kind == "review" && state == "STATE_INVITED") {
    return ReminderRule{v1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE, kReviewReminderLead,
                        v1::NOTIFICATION_KIND_REVIEW_OVERDUE};
  }
  if (kind == "review" && state == "STATE_ACCEPTED") {
    return ReminderRule{v1::NOTIFICATION_KIND_REVIEW_DUE, kReviewReminderLead,
                        v1::NOTIFICATION_KIND_REVIEW_OVERDUE};
  }
  if (kind == "action_item") {
    return ReminderRule{v1::NOTIFICATION_KIND_ACTION_ITEM_DUE, kActionItemReminderLead,
                        v1::NOTIFICATION_KIND_ACTION_ITEM_OVERDUE};
  }
  if (kind == "draft") {
    return ReminderRule{v1::NOTIFICATION_KIND_SUBMISSION_DEADLINE, kSubmissionReminderLead,
                        v1::NOTIFICATION_KIND_UNSPECIFIED};
  }
  return std::nullopt;
}

bool Claim(Producer& p, const std::string& recipient, const std::string& resource,
           v1::NotificationKind kind, absl::Time due) {
  return !p.txn()
              .exec_prepared(sql::kClaimReminder, recipient, resource, static_cast<int>(kind),
                             absl::ToUnixMicros(due))
              .empty();
}

// The person's local day, once it is past the digest hour there; empty before.
std::string DigestDay(absl::Time now, const std::string& time_zone) {
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!time_zone.empty()) absl::LoadTimeZone(time_zone, &zone);
  const absl::CivilHour local = absl::ToCivilHour(now, zone);
  if (local.hour() < kDigestHour) return "";
  return absl::FormatCivilTime(absl::CivilDay(local));
}

std::string ZoneOf(pqxx::transaction_base& txn, const directory::v1::Person& person) {
  const StoredPreferences prefs = LoadPreferences(txn, person.name());
  return prefs.preferences.time_zone().empty() ? person.time_zone() : prefs.preferences.time_zone();
}

}  // namespace

int ProduceReminders(Producer& p) {
  const absl::Time now = p.now();
  int produced = 0;
  const pqxx::result due =
      p.txn().exec_prepared(sql::kDueWorkItems, absl::ToUnixMicros(now + kSubmissionReminderLead),
                            absl::ToUnixMicros(now - kOverdueHorizon));
  for (const pqxx::row& r : due) {
    const std::optional<ReminderRule> rule =
        RuleFor(r["kind"].as<std::string>(), r["state"].as<std::string>());
    if (!rule) continue;
    const absl::Time due_time = absl::FromUnixMicros(r["due_micros"].as<int64_t>());
    v1::NotificationKind kind = v1::NOTIFICATION_KIND_UNSPECIFIED;
    if (now >= due_time) {
      kind = rule->overdue;
    } else if (now >= due_time - rule->lead) {
      kind = rule->soon;
    }
    if (kind == v1::NOTIFICATION_KIND_UNSPECIFIED) continue;
    const std::string recipient = r["recipient"].as<std::string>();
    const std::string resource = r["resource"].as<std::string>();
    if (!Claim(p, recipient, resource, kind, due_time)) continue;
    MessageFacts facts{.title = r["title"].as<std::string>(), .text = {}, .times = {}};
    facts.times["due"] = due_time;
    p.Notify(Notice{.recipient = recipient,
                    .kind = kind,
                    .resource = resource,
                    .summit = r["summit"].as<std::string>(),
                    .facts = facts,
                    .due = due_time,
                    .dedupe_key = absl::StrCat("reminder:", kind, ":", resource, ":",
                                               absl::ToUnixSeconds(due_time)),
                    .ics = std::nullopt,
                    .ics_method = ""});
    ++produced;
  }
  return produced;
}

int ProduceDigests(Producer& p) {
  const absl::Time now = p.now();
  int produced = 0;
  // Personal digests of notifications people chose to get once a day.
  for (const pqxx::row& r : p.txn().exec_prepared(sql::kDigestRecipients)) {
    const std::string recipient = r[0].as<std::string>();
    const std::optional<directory::v1::Person> person = p.Get<directory::v1::Person>(recipient);
    if (!person || person->email().empty()) continue;
    const std::string zone = ZoneOf(p.txn(), *person);
    const std::string day = DigestDay(now, zone);
    if (day.empty()) continue;
    if (p.txn().exec_prepared(sql::kClaimDigest, recipient, 0, day).empty()) continue;
    const pqxx::result waiting = p.txn().exec_prepared(sql::kDigestWaiting, recipient);
    if (waiting.empty()) continue;
    std::string items;
    int64_t last_id = 0;
    for (const pqxx::row& n : waiting) {
      absl::StrAppend(&items, "- ", n["title"].as<std::string>(), "\n");
      last_id = std::max(last_id, n["id"].as<int64_t>());
    }
    const StoredPreferences prefs = LoadPreferences(p.txn(), recipient);
    const std::string language =
        !prefs.preferences.language().empty()
            ? prefs.preferences.language()
            : PickLanguage({person->languages().begin(), person->languages().end()});
    MessageFacts facts{.title = "", .text = {{"items", items}}, .times = {}};
    facts.text["link"] = absl::StrCat(p.mail().web_base_url, "/#/inbox");
    const RenderedMessage words = Render(kPersonalDigest, language, zone, facts);
    MailMessage mail{.from_name = p.mail().from_name,
                     .from_address = p.mail().from_address,
                     .to_name = person->display_name(),
                     .to_address = person->email(),
                     .subject = words.subject,
                     .text = words.text,
                     .html = words.html,
                     .message_id = absl::StrCat("digest.", day, ".", GenerateId(), "@",
                                                p.mail().message_id_domain),
                     .date = now,
                     .ics = "",
                     .ics_method = ""};
    p.QueueMail(mail.message_id, recipient, person->email(), kPersonalDigest, ToRfc5322(mail),
                false);
    p.txn().exec_prepared(sql::kMarkDigested, recipient, last_id, absl::ToUnixMicros(now));
    ++produced;
  }
  // The coordinators' digest: their shared queue and overdue reviews.
  const pqxx::result queue = p.txn().exec_prepared(sql::kOpenWorkItems, "role:coordinator");
  const pqxx::result overdue = p.txn().exec_prepared(sql::kOverdueReviews, absl::ToUnixMicros(now));
  if (queue.empty() && overdue.empty()) return produced;
  std::string items;
  for (const pqxx::row& r : queue) {
    const std::string kind = r["kind"].as<std::string>();
    absl::StrAppend(&items, "- ", kind == "decision" ? "[decision] " : "[open a review cycle] ",
                    r["title"].as<std::string>(), "\n");
  }
  for (const pqxx::row& r : overdue) {
    absl::StrAppend(&items, "- [overdue review] ", r["title"].as<std::string>(), "\n");
  }
  for (const pqxx::row& r : p.txn().exec_prepared(sql::kListResources, "person")) {
    directory::v1::Person person;
    if (!FromJson(r["doc"].as<std::string>(), &person).ok()) continue;
    if (person.state() == directory::v1::Person::STATE_DEACTIVATED) continue;
    if (std::find(person.roles().begin(), person.roles().end(), directory::v1::ROLE_COORDINATOR) ==
        person.roles().end()) {
      continue;
    }
    const std::string day = DigestDay(now, ZoneOf(p.txn(), person));
    if (day.empty()) continue;
    if (p.txn()
            .exec_prepared(sql::kClaimDigest, person.name(),
                           static_cast<int>(v1::NOTIFICATION_KIND_COORDINATOR_DIGEST), day)
            .empty()) {
      continue;
    }
    MessageFacts facts{.title = "", .text = {{"items", items}}, .times = {}};
    facts.text["link"] = absl::StrCat(p.mail().web_base_url, "/#/board");
    if (p.Notify(Notice{.recipient = person.name(),
                        .kind = v1::NOTIFICATION_KIND_COORDINATOR_DIGEST,
                        .resource = person.name(),
                        .summit = "",
                        .facts = facts,
                        .due = std::nullopt,
                        .dedupe_key = absl::StrCat("coordinator-digest:", day),
                        .ics = std::nullopt,
                        .ics_method = ""})) {
      ++produced;
    }
  }
  return produced;
}

}  // namespace summit::notifications
