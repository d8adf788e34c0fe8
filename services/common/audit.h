#pragma once
// Every change writes an audit event in the same transaction as the change.
// Each service keeps its own append-only <schema>.events table; the statement
// that inserts into it is named by the service.

#include <pqxx/transaction>
#include <string>

namespace summit {

struct AuditEvent {
  // `people/{person}` or `services/{service}`.
  std::string actor;
  // What happened, e.g. "directory.person.created".
  std::string type;
  // The resource changed.
  std::string resource;
  // JSON of the resource before and after; empty for none.
  std::string before_json;
  std::string after_json;
  std::string request_id;
};

// The statement takes (actor, type, resource, before jsonb, after jsonb,
// request_id) and returns nothing.
void AppendEvent(pqxx::transaction_base& txn, const char* insert_statement,
                 const AuditEvent& event);

}  // namespace summit
