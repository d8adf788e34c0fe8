#pragma once
// Every SQL statement of the recommendations service, by name; parameters
// only. Recommendation reads return the columns in kRecommendationColumns
// order (see recommendation_rows.h).

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

// Column lists shared by the statements below.
// As stored: jsonb and timestamptz arrive in binary form on a session's
// connection (recommendation_rows.h), with no text to produce per row.
#define REC_COLUMNS                                                                            \
  "name, number, track, owner_organization, owner_country, authors, reviewers, "               \
  "reviewers_double_blind, meeting_readers, draft_readers, shared_meetings, state, priority, " \
  "current_version, title, summary, version, create_time, update_time, submit_time"
#define VERSION_COLUMNS                                                           \
  "recommendation, number, title, summary, body, language, change_note, author, " \
  "recommendations.micros(create_time) AS create_time_micros"
#define TRANSLATION_COLUMNS                                                \
  "recommendation, language, title, summary, body, kind, source_version, " \
  "translator, version, recommendations.micros(update_time) AS update_time_micros"

namespace summit::recommendations::sql {

// (summit) -> next human number. Sent alone, in autocommit, never inside a
// transaction (whose commit it would make asynchronous too).
// Its commit does not wait for the disk: the counter row is locked until the
// commit, so waiting would let one create in a summit take a number per disk
// flush. No number is handed out twice: a create that uses the number commits
// synchronously later, and its flush carries this earlier change too; if the
// server stops before any such commit, the number was used by nothing.
inline const PreparedStatement kNextNumber{
    "rec_next_number",
    "WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true)) "
    "INSERT INTO recommendations.summit_counters (summit, last_number) SELECT $1, 1 FROM no_wait "
    "ON CONFLICT (summit) DO UPDATE SET last_number = summit_counters.last_number + 1 "
    "RETURNING last_number"};
// (name, summit, number, track, owner_organization, owner_country, authors json,
//  state, priority, title, summary, body, language, change_note, author)
//  -> recommendation columns; no row when the name is taken. The recommendation
//  with its search text (migration 0007) and its first version, in one
//  statement.
inline const PreparedStatement kInsertRecommendation{
    "rec_insert",
    "WITH rec AS (INSERT INTO recommendations.recommendations (name, summit, number, track, "
    "owner_organization, owner_country, authors, state, priority, current_version, title, "
    "summary, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, 1, $10, $11, "
    "recommendations.search_text_for($1, $10, $11, $12)) "
    "ON CONFLICT (name) DO NOTHING RETURNING " REC_COLUMNS
    "), "
    "first_version AS (INSERT INTO recommendations.versions (recommendation, number, title, "
    "summary, body, language, change_note, author) "
    "SELECT name, 1, $10, $11, $12, $13, $14, $15 FROM rec) "
    "SELECT * FROM rec"};
// (name) -> recommendation columns
inline const PreparedStatement kGetRecommendation{
    "rec_get", "SELECT " REC_COLUMNS " FROM recommendations.recommendations WHERE name = $1"};
inline const PreparedStatement kGetRecommendationForUpdate{
    "rec_get_for_update",
    "SELECT " REC_COLUMNS " FROM recommendations.recommendations WHERE name = $1 FOR UPDATE"};
// (name, track, owner_organization, owner_country, authors json, priority) -> columns
inline const PreparedStatement kUpdateRecommendationFields{
    "rec_update_fields",
    "UPDATE recommendations.recommendations SET track = $2, owner_organization = $3, "
    "owner_country = $4, authors = $5::jsonb, priority = $6, version = version + 1, "
    "update_time = now() WHERE name = $1 RETURNING " REC_COLUMNS};
// (name, state, set_submit_time bool) -> columns
inline const PreparedStatement kSetState{
    "rec_set_state",
    "UPDATE recommendations.recommendations SET state = $2, version = version + 1, "
    "update_time = now(), submit_time = CASE WHEN $3 THEN now() ELSE submit_time END "
    "WHERE name = $1 RETURNING " REC_COLUMNS};
// (recommendation, number, title, summary, body, language, change_note, author)
// -> version columns. The version, and the recommendation made to show it
// (its search text from the new text and the translations), in one statement.
inline const PreparedStatement kAddVersion{
    "rec_version_add",
    "WITH current AS (UPDATE recommendations.recommendations SET current_version = $2, "
    "title = $3, summary = $4, search_text = recommendations.search_text_for($1, $3, $4, $5), "
    "version = version + 1, update_time = now() WHERE name = $1 RETURNING name) "
    "INSERT INTO recommendations.versions (recommendation, number, title, summary, body, "
    "language, change_note, author) SELECT name, $2, $3, $4, $5, $6, $7, $8 FROM current "
    "RETURNING " VERSION_COLUMNS};
// (name, reviewers json, double_blind) -> columns
inline const PreparedStatement kSetReviewers{
    "rec_set_reviewers",
    "UPDATE recommendations.recommendations SET reviewers = $2::jsonb, "
    "reviewers_double_blind = $3, "
    "version = version + 1, update_time = now() WHERE name = $1 RETURNING " REC_COLUMNS};
// (meeting) -> version, agenda json, locked
inline const PreparedStatement kGetMeetingAccess{
    "rec_meeting_access_get",
    "SELECT version, agenda::text FROM recommendations.meeting_access WHERE meeting = $1 "
    "FOR UPDATE"};
// (meeting, version, readers json, agenda json)
inline const PreparedStatement kSetMeetingAccess{
    "rec_meeting_access_set",
    "INSERT INTO recommendations.meeting_access (meeting, version, readers, agenda) "
    "VALUES ($1, $2, $3::jsonb, $4::jsonb) ON CONFLICT (meeting) DO UPDATE SET "
    "version = EXCLUDED.version, readers = EXCLUDED.readers, agenda = EXCLUDED.agenda, "
    "update_time = now()"};
// (recommendation, meeting, shared, changed_by) -> whether it changed
inline const PreparedStatement kSetMeetingShare{
    "rec_meeting_share_set",
    "INSERT INTO recommendations.meeting_shares (recommendation, meeting, shared, changed_by) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (recommendation, meeting) DO UPDATE SET "
    "shared = EXCLUDED.shared, changed_by = EXCLUDED.changed_by, update_time = now() "
    "WHERE meeting_shares.shared IS DISTINCT FROM EXCLUDED.shared RETURNING 1"};
// (recommendation)
inline const PreparedStatement kRefreshMeetingAccess{
    "rec_refresh_meeting_access", "SELECT recommendations.refresh_meeting_access($1)"};
// (name)
inline const PreparedStatement kRefreshSearch{"rec_refresh_search",
                                              "SELECT recommendations.refresh_search($1)"};
// ListRecommendations' statement is made per call: sql/list_statement.h.

// (short term) -> whether it is rare: under 0.2% of recommendations hold it,
// by the statistics ANALYZE keeps of the short-piece index (its most common
// pieces and their shares; a piece not among them is rarer still). A rare
// term is looked up in that index; a common one is found soonest by walking
// the list in order. Statistics, not a count: counting through the index
// reads the whole posting list of a common piece.
inline const PreparedStatement kShortTermIsRare{
    "rec_short_term_is_rare",
    "SELECT coalesce((SELECT u.share FROM pg_stats s, "
    "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(piece, share) "
    "WHERE s.schemaname = 'recommendations' AND s.tablename = 'recommendations_short_search' "
    "AND u.piece = lower($1::text) LIMIT 1), 0) < 0.002"};

// (recommendation, number) -> version columns
inline const PreparedStatement kGetVersion{"rec_version_get",
                                           "SELECT " VERSION_COLUMNS
                                           " FROM recommendations.versions "
                                           "WHERE recommendation = $1 AND number = $2"};
// (recommendation, after_number, limit) -> version columns
inline const PreparedStatement kListVersions{
    "rec_version_list", "SELECT " VERSION_COLUMNS
                        " FROM recommendations.versions "
                        "WHERE recommendation = $1 AND number > $2 ORDER BY number LIMIT $3"};

// (recommendation, language) -> translation columns
inline const PreparedStatement kGetTranslation{
    "rec_translation_get", "SELECT " TRANSLATION_COLUMNS
                           " FROM recommendations.translations "
                           "WHERE recommendation = $1 AND language = $2 FOR UPDATE"};
// (recommendation, language, title, summary, body, kind, source_version, translator)
inline const PreparedStatement kUpsertTranslation{
    "rec_translation_upsert",
    "INSERT INTO recommendations.translations (recommendation, language, title, summary, "
    "body, kind, source_version, translator) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (recommendation, language) DO UPDATE SET title = EXCLUDED.title, "
    "summary = EXCLUDED.summary, body = EXCLUDED.body, kind = EXCLUDED.kind, "
    "source_version = EXCLUDED.source_version, translator = EXCLUDED.translator, "
    "version = translations.version + 1, update_time = now() "
    "RETURNING " TRANSLATION_COLUMNS};
// (recommendation) -> translation columns
inline const PreparedStatement kListTranslations{"rec_translation_list",
                                                 "SELECT " TRANSLATION_COLUMNS
                                                 " FROM recommendations.translations "
                                                 "WHERE recommendation = $1 ORDER BY language"};

// (event_id) -> (recommendation, kind)
inline const PreparedStatement kFindAppliedEvent{
    "rec_event_find",
    "SELECT recommendation, kind FROM recommendations.applied_events WHERE event_id = $1"};
// (event_id, recommendation, kind)
inline const PreparedStatement kRecordAppliedEvent{
    "rec_event_record",
    "INSERT INTO recommendations.applied_events (event_id, recommendation, kind) "
    "VALUES ($1, $2, $3)"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "recommendations",
                                       .insert_event = "rec_audit_insert",
                                       .request_lookup = "rec_request_lookup",
                                       .request_insert = "rec_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::recommendations::sql
