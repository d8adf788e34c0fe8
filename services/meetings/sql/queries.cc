#include "services/meetings/sql/queries.h"

namespace summit::meetings::sql {

// Organiser or participant of the meeting document m.

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema,
      {
          {kMeetings.insert,
           "INSERT INTO meetings.meetings AS m (name, doc, doc_pb, summit) "
           "VALUES ($1, $2::jsonb, $3::bytea, $4) ON CONFLICT (name) DO NOTHING "
           "RETURNING " DOC_COLUMNS},
          {kMeetings.get, "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE name = $1"},
          {kMeetings.get_for_update,
           "SELECT " DOC_COLUMNS " FROM meetings.meetings m WHERE name = $1 FOR UPDATE"},
          {kMeetings.update,
           "UPDATE meetings.meetings m SET doc = $2::jsonb, doc_pb = $3::bytea, "
           "version = version + 1, update_time = now() WHERE name = $1 RETURNING " DOC_COLUMNS},
          kListMeetings,
          kMeetingsOfPerson,
          kInsertMinutes,
          kListMinutes,
          kInsertActionItem,
          kGetActionItemForUpdate,
          kSetActionItemState,
          // Keyset pages over (due time, name).
          kListActionItems,
          // Overdue (open and past due, rank 0) first, then by due time: keyset
          // pages over (rank, due time, name).
          kListActionItemsOf,
          kCountActionItems,
      });
  return *kStatements;
}

}  // namespace summit::meetings::sql
