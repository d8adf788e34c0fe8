#include "services/meetings/sql/queries.h"

namespace summit::meetings::sql {

#define DOC_COLUMNS \
  "m.name, m.doc, m.version, meetings.micros(m.create_time), meetings.micros(m.update_time)"
#define MINUTES_COLUMNS \
  "meeting, number, text, decisions::text, author, meetings.micros(create_time)"
#define ACTION_COLUMNS                                                                           \
  "a.name, a.meeting, a.title, a.assignee, meetings.micros(a.due_time) AS due_micros, a.state, " \
  "a.version, meetings.micros(a.update_time) AS update_micros, (SELECT m.doc ->> 'title' FROM "  \
  "meetings.meetings m WHERE m.name = a.meeting) AS meeting_title"

// Organiser or participant of the meeting document m.
#define INVOLVES(person)                                                 \
  "(m.doc @> jsonb_build_object('organisers', jsonb_build_array(" person \
  "::text)) OR "                                                         \
  "m.doc @> jsonb_build_object('participants', jsonb_build_array("       \
  "jsonb_build_object('person', " person "::text))))"

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema,
      {
          {kMeetings.insert,
           "INSERT INTO meetings.meetings AS m (name, doc, summit) VALUES ($1, $2::jsonb, $3) "
           "ON CONFLICT (name) DO NOTHING RETURNING " DOC_COLUMNS},
          {kMeetings.get, "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE name = $1"},
          {kMeetings.get_for_update,
           "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE name = $1 FOR UPDATE"},
          {kMeetings.update,
           "UPDATE meetings.meetings m SET doc = $2::jsonb, version = version + 1, update_time = "
           "now() "
           "WHERE name = $1 RETURNING " DOC_COLUMNS},
          {kListMeetings,
           "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE summit = $1 AND name > $2 "
           "AND ($5::bool OR " INVOLVES("$4") ") ORDER BY name LIMIT $3"},
          {kMeetingsOfPerson,
           "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE " INVOLVES(
               "$1") " "
                     "AND NOT (m.doc @> '{\"state\": \"STATE_CANCELLED\"}') "
                     "AND ($2::bigint IS NULL OR (m.doc ->> "
                     "'end_time')::timestamptz > to_timestamp($2::bigint / 1e6)) "
                     "AND ($3::bigint IS NULL OR (m.doc ->> "
                     "'start_time')::timestamptz < to_timestamp($3::bigint / 1e6)) "
                     "ORDER BY (m.doc ->> 'start_time')::timestamptz"},
          {kInsertMinutes,
           "INSERT INTO meetings.minutes (meeting, number, text, decisions, author) "
           "VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING " MINUTES_COLUMNS},
          {kListMinutes,
           "SELECT " MINUTES_COLUMNS " FROM meetings.minutes WHERE meeting = $1 AND number > $2 "
           "ORDER BY number LIMIT $3"},
          {kInsertActionItem,
           "INSERT INTO meetings.action_items AS a (name, meeting, title, assignee, due_time, "
           "state) "
           "VALUES ($1, $2, $3, $4, to_timestamp($5::bigint / 1e6), 'STATE_OPEN') "
           "RETURNING " ACTION_COLUMNS},
          {kGetActionItemForUpdate,
           "SELECT " ACTION_COLUMNS " FROM meetings.action_items a WHERE name = $1 FOR UPDATE"},
          {kSetActionItemState,
           "UPDATE meetings.action_items a SET state = $2, version = version + 1, update_time = "
           "now() "
           "WHERE name = $1 RETURNING " ACTION_COLUMNS},
          // Keyset pages over (due time, name).
          {kListActionItems,
           "SELECT " ACTION_COLUMNS " FROM meetings.action_items a WHERE meeting = $1 "
           "AND (meetings.micros(a.due_time), a.name) > ($2::bigint, $3) "
           "ORDER BY a.due_time, a.name LIMIT $4"},
          // Overdue (open and past due, rank 0) first, then by due time: keyset
          // pages over (rank, due time, name).
          {kListActionItemsOf,
           "SELECT * FROM (SELECT " ACTION_COLUMNS ", CASE WHEN a.state = 'STATE_OPEN' AND "
           "a.due_time < to_timestamp($3::bigint / 1e6) THEN 0 ELSE 1 END AS overdue_rank "
           "FROM meetings.action_items a WHERE assignee = $1 AND ($2::bool OR a.state = "
           "'STATE_OPEN')) "
           "x "
           "WHERE (x.overdue_rank, x.due_micros, x.name) > ($4::int, $5::bigint, $6) "
           "ORDER BY x.overdue_rank, x.due_micros, x.name LIMIT $7"},
          {kCountActionItems, "SELECT count(*) FROM meetings.action_items WHERE meeting = $1"},
      });
  return *kStatements;
}

}  // namespace summit::meetings::sql
