#pragma once
// Every SQL statement of the briefing service, by name; parameters only.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

namespace summit::briefing::sql {

// (summit) -> next version number; takes a per-summit lock for the transaction.
inline constexpr const char* kNextVersion = "brf_next_version";
// (name, summit, version, state, doc)
inline constexpr const char* kInsertPackage = "brf_package_insert";
// (name) -> doc, revision
inline constexpr const char* kGetPackage = "brf_package_get";
inline constexpr const char* kGetPackageForUpdate = "brf_package_get_for_update";
// (summit) -> doc, revision, newest first
inline constexpr const char* kListPackages = "brf_package_list";
// (summit) -> newest version
inline constexpr const char* kNewestVersion = "brf_newest_version";
// (name, state, doc) -> revision
inline constexpr const char* kUpdatePackage = "brf_package_update";
// (package, language, position, markdown)
inline constexpr const char* kInsertDocument = "brf_document_insert";
// (package, language) -> markdown
inline constexpr const char* kGetDocument = "brf_document_get";

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "briefing",
                                       .insert_event = "brf_audit_insert",
                                       .request_log = {"brf_request_lookup", "brf_request_insert"}};
inline constexpr const char* kInsertEvent = kSchema.insert_event;
inline constexpr IdempotencyStatements kRequestLog = kSchema.request_log;

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::briefing::sql
