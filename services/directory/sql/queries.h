#pragma once
// Every SQL statement of the directory service, by name. All are prepared on
// each pooled connection and take parameters only ($1...), never request text.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

// Column lists shared by the statements below.
#define CREDENTIAL_COLUMNS                                             \
  "name, token_id, person, display_name, creator, "                    \
  "directory.micros(create_time) AS create_time_micros, "              \
  "directory.micros(expire_time) AS expire_time_micros, "              \
  "directory.micros(revoke_time) AS revoke_time_micros, roles, kind, " \
  "directory.micros(last_use_time) AS last_use_time_micros"

namespace summit::directory::sql {

// Columns every document read returns, for ReadDocRows; the jsonb only where
// the binary copy is missing (see document_store.h).
#define SUMMIT_DOC_COLUMNS                                                \
  "name, CASE WHEN doc_pb IS NULL THEN doc END AS doc, doc_pb, version, " \
  "directory.micros(create_time) AS create_time_micros, "                 \
  "directory.micros(update_time) AS update_time_micros"

// insert(name, doc, doc_pb, extra...), get, get_for_update, update(name, doc, doc_pb)
#define SUMMIT_DOC_TABLE_SQL(table, extra_insert_cols, extra_insert_vals)                  \
  "INSERT INTO directory." table " (name, doc, doc_pb" extra_insert_cols                   \
  ") VALUES ($1, $2::jsonb, $3::bytea" extra_insert_vals                                   \
  ") ON CONFLICT (name) DO NOTHING RETURNING " SUMMIT_DOC_COLUMNS,                         \
      "SELECT " SUMMIT_DOC_COLUMNS " FROM directory." table " WHERE name = $1",            \
      "SELECT " SUMMIT_DOC_COLUMNS " FROM directory." table " WHERE name = $1 FOR UPDATE", \
      "UPDATE directory." table                                                            \
      " SET doc = $2::jsonb, doc_pb = $3::bytea, version = version + 1, "                  \
      "update_time = now() WHERE name = $1 RETURNING " SUMMIT_DOC_COLUMNS

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
inline const PreparedStatement kListSummits{"dir_summit_list",
                                            "SELECT " SUMMIT_DOC_COLUMNS
                                            " FROM directory.summits WHERE name > $1 "
                                            "ORDER BY name LIMIT $2"};
// (summit, after_order, after_name, limit): in the summit's order, then by
// name; a track without an order counts as 0.
inline const PreparedStatement kListTracks{
    "dir_track_list", "SELECT " SUMMIT_DOC_COLUMNS
                      " FROM directory.tracks WHERE summit = $1 AND "
                      "(COALESCE((doc->>'order')::int, 0), name) > ($2::int, $3) "
                      "ORDER BY COALESCE((doc->>'order')::int, 0), name LIMIT $4"};
// (after_name, limit, country_code or NULL)
inline const PreparedStatement kListOrganizations{
    "dir_org_list", "SELECT " SUMMIT_DOC_COLUMNS
                    " FROM directory.organizations WHERE name > $1 "
                    "AND ($3::text IS NULL OR country_code = $3) ORDER BY name LIMIT $2"};
// (after_name, limit, organization, role, expertise_track, country_code; each NULL = any)
inline const PreparedStatement kListPeople{
    "dir_person_list", "SELECT " SUMMIT_DOC_COLUMNS
                       " FROM directory.people p WHERE name > $1 "
                       "AND ($3::text IS NULL OR organization = $3) "
                       "AND ($4::text IS NULL OR doc @> jsonb_build_object('roles', "
                       "jsonb_build_array($4::text))) "
                       "AND ($5::text IS NULL OR doc @> jsonb_build_object('expertise_tracks', "
                       "jsonb_build_array($5::text))) "
                       "AND ($6::text IS NULL OR organization IN "
                       "(SELECT o.name FROM directory.organizations o WHERE o.country_code = $6)) "
                       "ORDER BY name LIMIT $2"};
// (email) -> name of the person using it, compared case-insensitively
inline const PreparedStatement kFindPersonByEmail{
    "dir_person_by_email", "SELECT name FROM directory.people WHERE email_key = lower($1)"};
// () -> 1 row when at least one admin exists
inline const PreparedStatement kAnyAdmin{
    "dir_any_admin",
    "SELECT 1 FROM directory.people WHERE doc @> '{\"roles\": [\"ROLE_ADMIN\"]}' LIMIT 1"};

// Credential columns: name, token_id, person, display_name, creator, create_us,
// expire_us, revoke_us (NULL when live), roles (role numbers, "1,3").
// (name, token_id, person, display_name, creator, create_us, expire_us, roles, kind)
inline const PreparedStatement kInsertCredential{
    "dir_credential_insert",
    "INSERT INTO directory.credentials (name, token_id, person, display_name, creator, "
    "create_time, expire_time, roles, kind) VALUES ($1, $2, $3, $4, $5, "
    "to_timestamp($6::bigint / 1e6), to_timestamp($7::bigint / 1e6), $8, $9) "
    "RETURNING " CREDENTIAL_COLUMNS};
// (RecordCredentialUseRequest as JSON) -> nothing; only moves last use forward
inline const PreparedStatement kRecordCredentialUse{
    "dir_credential_use",
    "UPDATE directory.credentials c SET last_use_time = u.at FROM "
    "(SELECT u ->> 'token_id' AS token_id, to_timestamp((u ->> 'use_time_seconds')::bigint) AS at "
    "FROM jsonb_array_elements(coalesce($1::jsonb -> 'uses', '[]')) AS u) u "
    "WHERE c.token_id = u.token_id AND (c.last_use_time IS NULL OR c.last_use_time < u.at)"};

// Sign-in challenges (migration 0003).
// (email, client_address, since_us) -> (by_email, by_address) counts
inline const PreparedStatement kCountSignInChallenges{
    "dir_sign_in_count",
    "SELECT count(*) FILTER (WHERE email_key = lower($1)) AS by_email, "
    "count(*) FILTER (WHERE client_address = $2) AS by_address "
    "FROM directory.sign_in_challenges WHERE create_time > to_timestamp($3::bigint / 1e6) "
    "AND (email_key = lower($1) OR client_address = $2)"};
// (email) -> nothing; serialises sign-in requests for one email
inline const PreparedStatement kLockSignInEmail{
    "dir_sign_in_lock", "SELECT pg_advisory_xact_lock(hashtext('sign-in:' || lower($1)))"};
// (id, email, person or NULL, client_address, code_digest, create_us, expire_us)
inline const PreparedStatement kInsertSignInChallenge{
    "dir_sign_in_insert",
    "INSERT INTO directory.sign_in_challenges (id, email_key, person, client_address, "
    "code_digest, create_time, expire_time) VALUES ($1, lower($2), $3, $4, $5, "
    "to_timestamp($6::bigint / 1e6), to_timestamp($7::bigint / 1e6))"};
// (email, now_us, max_attempts) -> (id, person, code_digest) of live challenges, locked
inline const PreparedStatement kLiveSignInChallenges{
    "dir_sign_in_live",
    "SELECT id, person, code_digest FROM directory.sign_in_challenges "
    "WHERE email_key = lower($1) AND consume_time IS NULL "
    "AND expire_time > to_timestamp($2::bigint / 1e6) AND attempts < $3 "
    "ORDER BY create_time DESC FOR UPDATE"};
// (ids as a JSON array) -> nothing
inline const PreparedStatement kCountSignInAttempt{
    "dir_sign_in_attempt",
    "UPDATE directory.sign_in_challenges SET attempts = attempts + 1 "
    "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))"};
// (email, used_id, credential, now_us) -> nothing: the used code is consumed,
// the email's other live codes are voided with it
inline const PreparedStatement kConsumeSignInChallenges{
    "dir_sign_in_consume",
    "UPDATE directory.sign_in_challenges SET consume_time = to_timestamp($4::bigint / 1e6), "
    "credential = CASE WHEN id = $2 THEN $3 END "
    "WHERE email_key = lower($1) AND consume_time IS NULL"};
// (name) -> credential columns
inline const PreparedStatement kGetCredential{"dir_credential_get",
                                              "SELECT " CREDENTIAL_COLUMNS
                                              " FROM directory.credentials WHERE name = $1"};
// (person, after_name, limit) -> credential columns
inline const PreparedStatement kListCredentials{"dir_credential_list",
                                                "SELECT " CREDENTIAL_COLUMNS
                                                " FROM directory.credentials WHERE person = $1 "
                                                "AND name > $2 ORDER BY name LIMIT $3"};
// (name) -> credential columns, only when it was not revoked before
inline const PreparedStatement kRevokeCredential{
    "dir_credential_revoke",
    "UPDATE directory.credentials SET revoke_time = now() WHERE name = $1 "
    "AND revoke_time IS NULL RETURNING " CREDENTIAL_COLUMNS};
// (person) -> (name, token_id) of the person's live tokens, now revoked
inline const PreparedStatement kRevokePersonCredentials{
    "dir_credential_revoke_person",
    "UPDATE directory.credentials SET revoke_time = now() WHERE person = $1 "
    "AND revoke_time IS NULL AND expire_time > now() RETURNING name, token_id"};
// () -> token ids revoked and not yet expired
inline const PreparedStatement kListRevokedTokens{
    "dir_credential_revoked",
    "SELECT token_id FROM directory.credentials WHERE revoke_time IS NOT NULL "
    "AND expire_time > now() AND token_id > $1 ORDER BY token_id LIMIT $2"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "directory",
                                       .insert_event = "dir_event_insert",
                                       .request_lookup = "dir_request_lookup",
                                       .request_insert = "dir_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::directory::sql
