#pragma once
// Every SQL statement of the meetings service, by name; parameters only.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

namespace summit::meetings::sql {

// Meetings as documents: insert(name, doc, summit), get, get_for_update, update.
inline constexpr DocTableSql kMeetings{"mtg_insert", "mtg_get", "mtg_get_for_update", "mtg_update"};
// (summit, after_name, limit, person, sees_all) -> document rows the person may see
inline constexpr const char* kListMeetings = "mtg_list";
// (person, from_us, to_us) -> document rows of the person's meetings (not cancelled)
inline constexpr const char* kMeetingsOfPerson = "mtg_of_person";

// (meeting, number, text, decisions json, author) -> minutes columns
inline constexpr const char* kInsertMinutes = "mtg_minutes_insert";
// (meeting) -> minutes columns
inline constexpr const char* kListMinutes = "mtg_minutes_list";

// (name, meeting, title, assignee, due_us) -> action item columns
inline constexpr const char* kInsertActionItem = "mtg_action_insert";
inline constexpr const char* kGetActionItemForUpdate = "mtg_action_get_for_update";
// (name, state) -> action item columns
inline constexpr const char* kSetActionItemState = "mtg_action_set_state";
// (meeting) -> action item columns
inline constexpr const char* kListActionItems = "mtg_action_list";
// (assignee, include_closed, now_us) -> action item columns, overdue first
inline constexpr const char* kListActionItemsOf = "mtg_action_of";
// (meeting) -> count
inline constexpr const char* kCountActionItems = "mtg_action_count";

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "meetings",
                                       .insert_event = "mtg_audit_insert",
                                       .request_log = {"mtg_request_lookup", "mtg_request_insert"}};
inline constexpr const char* kInsertEvent = kSchema.insert_event;
inline constexpr IdempotencyStatements kRequestLog = kSchema.request_log;

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::meetings::sql
