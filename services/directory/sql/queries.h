#pragma once
// Every SQL statement of the directory service, by name. All are prepared on
// each pooled connection and take parameters only ($1...), never request text.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

namespace summit::directory::sql {

// Columns every document read returns, in ReadDocRows order.
#define SUMMIT_DOC_COLUMNS \
  "name, doc, version, directory.micros(create_time), directory.micros(update_time)"

#define SUMMIT_DOC_TABLE_SQL(table, extra_insert_cols, extra_insert_vals)                  \
  "INSERT INTO directory." table " (name, doc" extra_insert_cols                           \
  ") VALUES ($1, $2::jsonb" extra_insert_vals                                              \
  ") ON CONFLICT (name) DO NOTHING RETURNING " SUMMIT_DOC_COLUMNS,                         \
      "SELECT " SUMMIT_DOC_COLUMNS " FROM directory." table " WHERE name = $1",            \
      "SELECT " SUMMIT_DOC_COLUMNS " FROM directory." table " WHERE name = $1 FOR UPDATE", \
      "UPDATE directory." table                                                            \
      " SET doc = $2::jsonb, version = version + 1, update_time = now() WHERE name = $1 "  \
      "RETURNING " SUMMIT_DOC_COLUMNS

// Statement names; the SQL is in queries.cc.
inline constexpr DocTableSql kSummits{"dir_summit_insert", "dir_summit_get",
                                      "dir_summit_get_for_update", "dir_summit_update"};
inline constexpr DocTableSql kTracks{"dir_track_insert", "dir_track_get",
                                     "dir_track_get_for_update", "dir_track_update"};
inline constexpr DocTableSql kOrganizations{"dir_org_insert", "dir_org_get",
                                            "dir_org_get_for_update", "dir_org_update"};
inline constexpr DocTableSql kPeople{"dir_person_insert", "dir_person_get",
                                     "dir_person_get_for_update", "dir_person_update"};

// (after_name, limit)
inline constexpr const char* kListSummits = "dir_summit_list";
// (summit, after_name, limit)
inline constexpr const char* kListTracks = "dir_track_list";
// (after_name, limit, country_code or NULL)
inline constexpr const char* kListOrganizations = "dir_org_list";
// (after_name, limit, organization, role, expertise_track, country_code; each NULL = any)
inline constexpr const char* kListPeople = "dir_person_list";
// (email) -> name of the person using it, compared case-insensitively
inline constexpr const char* kFindPersonByEmail = "dir_person_by_email";
// () -> 1 row when at least one admin exists
inline constexpr const char* kAnyAdmin = "dir_any_admin";

// Credential columns: name, token_id, person, display_name, creator, create_us,
// expire_us, revoke_us (NULL when live), roles (role numbers, "1,3").
// (name, token_id, person, display_name, creator, create_us, expire_us, roles)
inline constexpr const char* kInsertCredential = "dir_credential_insert";
// (name) -> credential columns
inline constexpr const char* kGetCredential = "dir_credential_get";
// (person, after_name, limit) -> credential columns
inline constexpr const char* kListCredentials = "dir_credential_list";
// (name) -> credential columns, only when it was not revoked before
inline constexpr const char* kRevokeCredential = "dir_credential_revoke";
// (person) -> (name, token_id) of the person's live tokens, now revoked
inline constexpr const char* kRevokePersonCredentials = "dir_credential_revoke_person";
// () -> token ids revoked and not yet expired
inline constexpr const char* kListRevokedTokens = "dir_credential_revoked";

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "directory",
                                       .insert_event = "dir_event_insert",
                                       .request_log = {"dir_request_lookup", "dir_request_insert"}};
inline constexpr const char* kInsertEvent = kSchema.insert_event;
inline constexpr IdempotencyStatements kRequestLog = kSchema.request_log;

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::directory::sql
