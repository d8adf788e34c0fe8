#pragma once
// What every service's schema has alike, written once: its append-only audit
// events (<schema>.events) and its request log for idempotent calls
// (<schema>.request_log). A service names its statements once in
// sql/queries.h and gets their SQL and an audit recorder from here:
//
//   inline constexpr ServiceSchema kSchema{
//       .schema = "directory", .insert_event = "dir_event_insert",
//       .request_lookup = "dir_request_lookup", .request_insert = "dir_request_insert"};
//   static const auto* const kStatements = NewStatementList(kSchema, {...own...});
//   kSchema.Record(txn, call, "directory.person.created", name, "", ToJson(p));

#include <pqxx/transaction>
#include <string>
#include <vector>

#include "services/common/call_context.h"
#include "services/common/db_pool.h"
#include "services/common/idempotency.h"

namespace summit {

struct ServiceSchema {
  // The PostgreSQL schema, e.g. "directory".
  const char* schema;
  // (actor, type, resource, before jsonb, after jsonb, request_id)
  const char* insert_event;
  // (actor, request_id) -> a prior response; see IdempotencyStatements.
  const char* request_lookup;
  // (actor, request_id, method, fingerprint, response, events): the log's row
  // and the create's held-back audit events.
  const char* request_insert;

  // The request log's statements for CreateOnce; a create's audit events go
  // through insert_event, held back until request_insert writes them.
  IdempotencyStatements RequestLog() const {
    return {.lookup = request_lookup, .insert = request_insert, .insert_event = insert_event};
  }

  // The prepared statements above, with their SQL.
  std::vector<PreparedStatement> Statements() const;

  // An audit event of the call, in the same transaction as its change.
  void Record(pqxx::transaction_base& txn, const CallContext& call, std::string type,
              std::string resource, std::string before_json, std::string after_json,
              std::string request_id = "") const;
};

// A service's own statements followed by its schema's, for its Statements().
std::vector<PreparedStatement>* NewStatementList(const ServiceSchema& schema,
                                                 std::vector<PreparedStatement> own);

}  // namespace summit
