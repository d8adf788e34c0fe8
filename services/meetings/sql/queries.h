#pragma once
// Every SQL statement of the meetings service, by name; parameters only.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

// Column lists shared by the statements below.
// The jsonb only where the binary copy is missing (see document_store.h).
#define DOC_COLUMNS                                                                 \
  "m.name, CASE WHEN m.doc_pb IS NULL THEN m.doc END AS doc, m.doc_pb, m.version, " \
  "meetings.micros(m.create_time) AS create_time_micros, "                          \
  "meetings.micros(m.update_time) AS update_time_micros"
#define MINUTES_COLUMNS                                                    \
  "meeting, number, text, decisions::text, decision_links::text, author, " \
  "meetings.micros(create_time) AS create_time_micros"
#define ACTION_COLUMNS                                              \
  "a.name, a.meeting, a.title, a.assignee, "                        \
  "meetings.micros(a.due_time) AS due_micros, a.state, a.version, " \
  "meetings.micros(a.update_time) AS update_micros, "               \
  "a.recommendations::text AS recommendations, "                    \
  "(SELECT m.doc ->> 'title' FROM meetings.meetings m WHERE m.name = a.meeting) AS meeting_title"
#define INVOLVES(person)                                                 \
  "(m.doc @> jsonb_build_object('organisers', jsonb_build_array(" person \
  "::text)) OR "                                                         \
  "m.doc @> jsonb_build_object('participants', jsonb_build_array("       \
  "jsonb_build_object('person', " person "::text))))"

namespace summit::meetings::sql {

// Meetings as documents: insert(name, doc, doc_pb, summit), get, get_for_update,
// update(name, doc, doc_pb).
inline constexpr DocTableSql kMeetings{"mtg_insert", "mtg_get", "mtg_get_for_update", "mtg_update"};
// (summit, after_name, limit, person, sees_all, recommendation on the agenda
//  or NULL) -> document rows the person may see
inline const PreparedStatement kListMeetings{
    "mtg_list", "SELECT " DOC_COLUMNS
                " FROM meetings.meetings m WHERE summit = $1 AND name > $2 "
                "AND ($5::bool OR " INVOLVES("$4") ") "
                "AND ($6::text IS NULL OR m.doc @> jsonb_build_object('agenda', "
                "jsonb_build_array(jsonb_build_object('recommendations', "
                "jsonb_build_array($6::text))))) ORDER BY name LIMIT $3"};
// (person, from_us, to_us) -> document rows of the person's meetings (not cancelled)
inline const PreparedStatement kMeetingsOfPerson{"mtg_of_person", "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE " INVOLVES(
               "$1") " "
                     "AND NOT (m.doc @> '{\"state\": \"STATE_CANCELLED\"}') "
                     "AND ($2::bigint IS NULL OR (m.doc ->> "
                     "'end_time')::timestamptz > to_timestamp($2::bigint / 1e6)) "
                     "AND ($3::bigint IS NULL OR (m.doc ->> "
                     "'start_time')::timestamptz < to_timestamp($3::bigint / 1e6)) "
                     "ORDER BY (m.doc ->> 'start_time')::timestamptz"};

// (meeting, number, text, decisions json, author, decision_links json) -> minutes columns
inline const PreparedStatement kInsertMinutes{
    "mtg_minutes_insert",
    "INSERT INTO meetings.minutes (meeting, number, text, decisions, author, decision_links) "
    "VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb) RETURNING " MINUTES_COLUMNS};
// (meeting) -> minutes columns
inline const PreparedStatement kListMinutes{
    "mtg_minutes_list", "SELECT " MINUTES_COLUMNS
                        " FROM meetings.minutes WHERE meeting = $1 AND number > $2 "
                        "ORDER BY number LIMIT $3"};

// (name, meeting, title, assignee, due_us, recommendations json) -> action item columns
inline const PreparedStatement kInsertActionItem{
    "mtg_action_insert",
    "INSERT INTO meetings.action_items AS a (name, meeting, title, assignee, due_time, "
    "state, recommendations) "
    "VALUES ($1, $2, $3, $4, to_timestamp($5::bigint / 1e6), 'STATE_OPEN', $6::jsonb) "
    "RETURNING " ACTION_COLUMNS};
inline const PreparedStatement kGetActionItemForUpdate{
    "mtg_action_get_for_update",
    "SELECT " ACTION_COLUMNS " FROM meetings.action_items a WHERE name = $1 FOR UPDATE"};
// (name, state) -> action item columns
inline const PreparedStatement kSetActionItemState{
    "mtg_action_set_state",
    "UPDATE meetings.action_items a SET state = $2, version = version + 1, update_time = "
    "now() "
    "WHERE name = $1 RETURNING " ACTION_COLUMNS};
// (meeting) -> action item columns
inline const PreparedStatement kListActionItems{
    "mtg_action_list", "SELECT " ACTION_COLUMNS
                       " FROM meetings.action_items a WHERE meeting = $1 "
                       "AND (meetings.micros(a.due_time), a.name) > ($2::bigint, $3) "
                       "ORDER BY a.due_time, a.name LIMIT $4"};
// (assignee, include_closed, now_us) -> action item columns, overdue first
inline const PreparedStatement kListActionItemsOf{
    "mtg_action_of",
    "SELECT * FROM (SELECT " ACTION_COLUMNS
    ", CASE WHEN a.state = 'STATE_OPEN' AND "
    "a.due_time < to_timestamp($3::bigint / 1e6) THEN 0 ELSE 1 END AS overdue_rank "
    "FROM meetings.action_items a WHERE assignee = $1 AND ($2::bool OR a.state = "
    "'STATE_OPEN')) "
    "x "
    "WHERE (x.overdue_rank, x.due_micros, x.name) > ($4::int, $5::bigint, $6) "
    "ORDER BY x.overdue_rank, x.due_micros, x.name LIMIT $7"};
// (meeting) -> count
inline const PreparedStatement kCountActionItems{
    "mtg_action_count", "SELECT count(*) FROM meetings.action_items WHERE meeting = $1"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "meetings",
                                       .insert_event = "mtg_audit_insert",
                                       .request_lookup = "mtg_request_lookup",
                                       .request_insert = "mtg_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::meetings::sql
