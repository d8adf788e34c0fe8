#pragma once
// Every SQL statement of the briefing service, by name; parameters only.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

// Column lists shared by the statements below.

namespace summit::briefing::sql {

// (summit) -> next version number; takes a per-summit lock for the transaction.
inline const PreparedStatement kNextVersion{
    "brf_next_version",
    "SELECT pg_advisory_xact_lock(hashtext('briefing:' || $1)), "
    "coalesce((SELECT max(version) FROM briefing.packages WHERE summit = $1), 0) + 1"};
// (name, summit, version, state, doc)
inline const PreparedStatement kInsertPackage{
    "brf_package_insert",
    "INSERT INTO briefing.packages (name, summit, version, state, doc) "
    "VALUES ($1, $2, $3, $4, $5::jsonb)"};
// (name) -> doc, revision
inline const PreparedStatement kGetPackage{
    "brf_package_get", "SELECT doc::text, revision FROM briefing.packages WHERE name = $1"};
inline const PreparedStatement kGetPackageForUpdate{
    "brf_package_get_for_update",
    "SELECT doc::text, revision FROM briefing.packages WHERE name = $1 FOR UPDATE"};
// (summit) -> doc, revision, newest first
inline const PreparedStatement kListPackages{
    "brf_package_list",
    "SELECT doc::text, revision FROM briefing.packages WHERE summit = $1 "
    "AND ($2 = 0 OR version < $2) ORDER BY version DESC LIMIT $3"};
// (summit) -> newest version
inline const PreparedStatement kNewestVersion{
    "brf_newest_version", "SELECT max(version) FROM briefing.packages WHERE summit = $1"};
// (name, state, doc) -> revision
inline const PreparedStatement kUpdatePackage{
    "brf_package_update",
    "UPDATE briefing.packages SET state = $2, doc = $3::jsonb, revision = revision + 1 "
    "WHERE name = $1 RETURNING revision"};
// (package, language, position, markdown)
inline const PreparedStatement kInsertDocument{
    "brf_document_insert",
    "INSERT INTO briefing.documents (package, language, position, markdown) "
    "VALUES ($1, $2, $3, $4)"};
// (package, language) -> markdown
inline const PreparedStatement kGetDocument{
    "brf_document_get",
    "SELECT markdown FROM briefing.documents WHERE package = $1 AND language = $2"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "briefing",
                                       .insert_event = "brf_audit_insert",
                                       .request_lookup = "brf_request_lookup",
                                       .request_insert = "brf_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::briefing::sql
