#pragma once
// Every SQL statement of the notifications service, by name; parameters only.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/service_schema.h"

namespace summit::notifications::sql {

// The consumer's cursor, locked for the batch: one replica applies at a time.
inline const PreparedStatement kLockConsumer{
    "ntf_consumer_lock", "SELECT cursor FROM notifications.consumer WHERE id = 1 FOR UPDATE"};
// (cursor, events applied)
inline const PreparedStatement kAdvanceConsumer{
    "ntf_consumer_advance",
    "UPDATE notifications.consumer SET cursor = $1, events = events + $2, update_time = now() "
    "WHERE id = 1"};

// (name) -> doc, sequence
inline const PreparedStatement kGetResource{
    "ntf_resource_get",
    "SELECT doc::text AS doc, sequence FROM notifications.resources WHERE name = $1"};
// (name, kind, doc)
inline const PreparedStatement kPutResource{
    "ntf_resource_put",
    "INSERT INTO notifications.resources (name, kind, doc) VALUES ($1, $2, $3::jsonb) "
    "ON CONFLICT (name) DO UPDATE SET doc = excluded.doc, update_time = now()"};
// (name) -> the new sequence
inline const PreparedStatement kBumpSequence{
    "ntf_resource_bump",
    "UPDATE notifications.resources SET sequence = sequence + 1 WHERE name = $1 "
    "RETURNING sequence"};
// (kind) -> name, doc of every resource of a kind
inline const PreparedStatement kListResources{
    "ntf_resource_list",
    "SELECT name, doc::text AS doc FROM notifications.resources WHERE kind = $1 ORDER BY name"};
// (kind, prefix) -> doc of every resource of a kind whose name starts with prefix
inline const PreparedStatement kListResourcesUnder{
    "ntf_resource_list_under",
    "SELECT doc::text AS doc FROM notifications.resources WHERE kind = $1 "
    "AND left(name, length($2)) = $2 ORDER BY name"};

// (recipient, resource, kind, summit, title, state, due_us or NULL)
inline const PreparedStatement kPutWorkItem{
    "ntf_work_put",
    "INSERT INTO notifications.work_items (recipient, resource, kind, summit, title, state, "
    "due_time) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint / 1e6)) "
    "ON CONFLICT (recipient, resource, kind) DO UPDATE SET summit = excluded.summit, "
    "title = excluded.title, state = excluded.state, due_time = excluded.due_time, "
    "closed = false, update_time = now()"};
// (resource prefix, kind or NULL for all) -> nothing: closes the resource's
// items and those of resources under it
inline const PreparedStatement kCloseWorkItems{
    "ntf_work_close",
    "UPDATE notifications.work_items SET closed = true, update_time = now() "
    "WHERE NOT closed AND (resource = $1 OR resource LIKE $1 || '/%') "
    "AND ($2::text IS NULL OR kind = $2)"};
// (recipient, resource, kind) -> nothing
inline const PreparedStatement kCloseWorkItem{
    "ntf_work_close_one",
    "UPDATE notifications.work_items SET closed = true, update_time = now() "
    "WHERE recipient = $1 AND resource = $2 AND kind = $3"};
// (summit, due_us) -> nothing: a summit's new submission deadline for its drafts
inline const PreparedStatement kRedateDrafts{
    "ntf_work_redate_drafts",
    "UPDATE notifications.work_items SET due_time = to_timestamp($2::bigint / 1e6), "
    "update_time = now() WHERE summit = $1 AND kind = 'draft' AND NOT closed"};
// (until_us, since_us) -> people's open items due between `since` and `until`
inline const PreparedStatement kDueWorkItems{
    "ntf_work_due_since",
    "SELECT recipient, resource, kind, summit, title, state, "
    "notifications.micros(due_time) AS due_micros FROM notifications.work_items "
    "WHERE NOT closed AND due_time < to_timestamp($1::bigint / 1e6) "
    "AND due_time > to_timestamp($2::bigint / 1e6) "
    "AND recipient LIKE 'people/%' ORDER BY due_time LIMIT 2000"};
// (now_us) -> open reviews past their date
inline const PreparedStatement kOverdueReviews{
    "ntf_work_overdue_reviews",
    "SELECT recipient, resource, title FROM notifications.work_items "
    "WHERE NOT closed AND kind = 'review' AND due_time < to_timestamp($1::bigint / 1e6) "
    "ORDER BY due_time LIMIT 100"};
// (recipient) -> open items
inline const PreparedStatement kOpenWorkItems{
    "ntf_work_open",
    "SELECT resource, kind, summit, title, state, notifications.micros(due_time) AS due_micros "
    "FROM notifications.work_items WHERE recipient = $1 AND NOT closed "
    "ORDER BY due_time NULLS LAST, resource LIMIT 500"};

// (recipient, resource, kind, due_us) -> 1 row when this reminder is new
inline const PreparedStatement kClaimReminder{
    "ntf_reminder_claim",
    "INSERT INTO notifications.reminders_sent (recipient, resource, kind, due_time) "
    "VALUES ($1, $2, $3, to_timestamp($4::bigint / 1e6)) ON CONFLICT DO NOTHING RETURNING 1"};
// (recipient, kind, local_date) -> 1 row when this digest is new
inline const PreparedStatement kClaimDigest{
    "ntf_digest_claim",
    "INSERT INTO notifications.digests_sent (recipient, kind, local_date) "
    "VALUES ($1, $2, $3::date) ON CONFLICT DO NOTHING RETURNING 1"};

// (name, recipient, kind, resource, summit, title, body, due_us, delivery,
//  dedupe_key, create_us) -> id when new
inline const PreparedStatement kInsertNotification{
    "ntf_notification_insert",
    "INSERT INTO notifications.notifications (name, recipient, kind, resource, summit, title, "
    "body, due_time, delivery, dedupe_key, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "to_timestamp($8::bigint / 1e6), $9, $10, to_timestamp($11::bigint / 1e6)) "
    "ON CONFLICT (recipient, dedupe_key) DO NOTHING RETURNING id"};
#define NOTIFICATION_COLUMNS                                  \
  "id, name, kind, resource, summit, title, body, delivery, " \
  "notifications.micros(due_time) AS due_micros, "            \
  "notifications.micros(create_time) AS create_micros, "      \
  "notifications.micros(read_time) AS read_micros"
// (recipient, before_id, limit, unread_only) -> newest first
inline const PreparedStatement kListNotifications{
    "ntf_notification_list",
    "SELECT " NOTIFICATION_COLUMNS
    " FROM notifications.notifications WHERE recipient = $1 "
    "AND id < $2 AND (NOT $4::boolean OR read_time IS NULL) ORDER BY id DESC LIMIT $3"};
// (recipient) -> unread count
inline const PreparedStatement kCountUnread{
    "ntf_notification_unread",
    "SELECT count(*) FROM notifications.notifications WHERE recipient = $1 AND read_time IS NULL"};
// (recipient, names as JSON array or NULL for all, now_us) -> names marked
inline const PreparedStatement kMarkRead{
    "ntf_notification_read",
    "UPDATE notifications.notifications SET read_time = to_timestamp($3::bigint / 1e6) "
    "WHERE recipient = $1 AND read_time IS NULL AND ($2::jsonb IS NULL OR name IN "
    "(SELECT jsonb_array_elements_text($2::jsonb))) RETURNING name"};
// (names as JSON array) -> (name, recipient) of those that exist
inline const PreparedStatement kFindNotifications{
    "ntf_notification_find",
    "SELECT name, recipient FROM notifications.notifications WHERE name IN "
    "(SELECT jsonb_array_elements_text($1::jsonb))"};
// (recipient) -> notifications waiting for the daily digest, oldest first
inline const PreparedStatement kDigestWaiting{
    "ntf_notification_digest_wait",
    "SELECT " NOTIFICATION_COLUMNS
    " FROM notifications.notifications WHERE recipient = $1 "
    "AND delivery = 2 AND digest_time IS NULL ORDER BY id LIMIT 200"};
// () -> recipients with notifications waiting for a digest
inline const PreparedStatement kDigestRecipients{
    "ntf_notification_digest_recipients",
    "SELECT DISTINCT recipient FROM notifications.notifications "
    "WHERE delivery = 2 AND digest_time IS NULL LIMIT 1000"};
// (recipient, last_id, now_us)
inline const PreparedStatement kMarkDigested{
    "ntf_notification_digested",
    "UPDATE notifications.notifications SET digest_time = to_timestamp($3::bigint / 1e6) "
    "WHERE recipient = $1 AND delivery = 2 AND digest_time IS NULL AND id <= $2"};

// (person) -> doc, version
inline const PreparedStatement kGetPreferences{
    "ntf_prefs_get",
    "SELECT doc::text AS doc, version FROM notifications.preferences WHERE person = $1"};
// (person, doc, expected version or 0 for a first write) -> version when written
inline const PreparedStatement kPutPreferences{
    "ntf_prefs_put",
    "INSERT INTO notifications.preferences AS p (person, doc) VALUES ($1, $2::jsonb) "
    "ON CONFLICT (person) DO UPDATE SET doc = excluded.doc, version = p.version + 1 "
    "WHERE p.version = $3 RETURNING version"};

// (message_id, recipient, to_address, kind, message, sensitive, delay_seconds).
// Sending runs on the database's clock; the business clock only says how
// long to wait (quiet hours).
inline const PreparedStatement kQueueMail{
    "ntf_mail_queue",
    "INSERT INTO notifications.mail_outbox (message_id, recipient, to_address, kind, message, "
    "sensitive, next_attempt_time) VALUES ($1, $2, $3, $4, $5, $6, "
    "now() + make_interval(secs => $7)) ON CONFLICT (message_id) DO NOTHING"};
// (limit, lease_seconds) -> claimed rows; their lease keeps other senders off
inline const PreparedStatement kClaimMail{
    "ntf_mail_claim",
    "UPDATE notifications.mail_outbox SET lease_until = now() + make_interval(secs => $2), "
    "attempts = attempts + 1 WHERE id IN (SELECT id FROM notifications.mail_outbox "
    "WHERE state = 'queued' AND next_attempt_time <= now() "
    "AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_time, id "
    "LIMIT $1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, message_id, to_address, message, attempts, sensitive"};
// (id)
inline const PreparedStatement kMailSent{
    "ntf_mail_sent",
    "UPDATE notifications.mail_outbox SET state = 'sent', send_time = now(), lease_until = NULL, "
    "last_error = '', message = CASE WHEN sensitive THEN '' ELSE message END WHERE id = $1"};
// (id, error, retry_after_seconds)
inline const PreparedStatement kMailRetry{
    "ntf_mail_retry",
    "UPDATE notifications.mail_outbox SET last_error = $2, lease_until = NULL, "
    "next_attempt_time = now() + make_interval(secs => $3) WHERE id = $1"};
// (id, error)
inline const PreparedStatement kMailFailed{
    "ntf_mail_failed",
    "UPDATE notifications.mail_outbox SET state = 'failed', last_error = $2, lease_until = NULL, "
    "message = CASE WHEN sensitive THEN '' ELSE message END WHERE id = $1"};
// (after_id, limit, failed_only) -> deliveries, failed first when asked
inline const PreparedStatement kListMail{
    "ntf_mail_list",
    "SELECT id, recipient, kind, message_id, state, attempts, last_error, "
    "notifications.micros(create_time) AS create_micros, "
    "notifications.micros(next_attempt_time) AS next_micros, "
    "notifications.micros(send_time) AS send_micros FROM notifications.mail_outbox "
    "WHERE id > $1 AND (NOT $3::boolean OR state = 'failed') ORDER BY id LIMIT $2"};
// () -> queued count and the oldest queued age in seconds
inline const PreparedStatement kMailBacklog{
    "ntf_mail_backlog",
    "SELECT count(*) AS queued, coalesce(extract(epoch FROM now() - min(create_time)), 0) AS age "
    "FROM notifications.mail_outbox WHERE state = 'queued'"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "notifications",
                                       .insert_event = "ntf_event_insert",
                                       .request_lookup = "ntf_request_lookup",
                                       .request_insert = "ntf_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::notifications::sql
