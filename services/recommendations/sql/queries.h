#pragma once
// Every SQL statement of the recommendations service, by name; parameters
// only. Recommendation reads return the columns in kRecommendationColumns
// order (see recommendation_rows.h).

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

namespace summit::recommendations::sql {

// (summit) -> next human number
inline constexpr const char* kNextNumber = "rec_next_number";
// (name, summit, number, track, owner_organization, owner_country, authors json,
//  state, priority, title, summary) -> recommendation columns
inline constexpr const char* kInsertRecommendation = "rec_insert";
// (name) -> recommendation columns
inline constexpr const char* kGetRecommendation = "rec_get";
inline constexpr const char* kGetRecommendationForUpdate = "rec_get_for_update";
// (name, track, owner_organization, owner_country, authors json, priority) -> columns
inline constexpr const char* kUpdateRecommendationFields = "rec_update_fields";
// (name, state, set_submit_time bool) -> columns
inline constexpr const char* kSetState = "rec_set_state";
// (name, current_version, title, summary) -> columns
inline constexpr const char* kSetCurrentVersion = "rec_set_current_version";
// (name, reviewers json) -> columns
inline constexpr const char* kSetReviewers = "rec_set_reviewers";
// (name)
inline constexpr const char* kRefreshSearch = "rec_refresh_search";
// (summit, after_number, limit, caller, caller_is_coordinator, track, state,
//  organization, author json, country, updated_after_us, first_term_pattern,
//  all_terms json) -> columns; NULL filters match everything
inline constexpr const char* kListRecommendations = "rec_list";

// (recommendation, number, title, summary, body, language, change_note, author)
inline constexpr const char* kInsertVersion = "rec_version_insert";
// (recommendation, number) -> version columns
inline constexpr const char* kGetVersion = "rec_version_get";
// (recommendation, after_number, limit) -> version columns
inline constexpr const char* kListVersions = "rec_version_list";

// (recommendation, language) -> translation columns
inline constexpr const char* kGetTranslation = "rec_translation_get";
// (recommendation, language, title, summary, body, kind, source_version, translator)
inline constexpr const char* kUpsertTranslation = "rec_translation_upsert";
// (recommendation) -> translation columns
inline constexpr const char* kListTranslations = "rec_translation_list";

// (event_id) -> (recommendation, kind)
inline constexpr const char* kFindAppliedEvent = "rec_event_find";
// (event_id, recommendation, kind)
inline constexpr const char* kRecordAppliedEvent = "rec_event_record";

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "recommendations",
                                       .insert_event = "rec_audit_insert",
                                       .request_log = {"rec_request_lookup", "rec_request_insert"}};
inline constexpr const char* kInsertEvent = kSchema.insert_event;
inline constexpr IdempotencyStatements kRequestLog = kSchema.request_log;

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::recommendations::sql
