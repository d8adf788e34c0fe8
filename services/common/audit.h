#pragma once
// Every change writes an audit event in the same transaction as the change.
// Each service keeps its own append-only <schema>.events table; the statement
// that inserts into it is named by the service.

#include <pqxx/transaction>
#include <string>
#include <vector>

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
// request_id) and returns nothing. While a DeferredEvents for that statement
// is open on this thread, the event is kept there instead, to be written
// with a later statement of the same transaction.
void AppendEvent(pqxx::transaction_base& txn, const char* insert_statement,
                 const AuditEvent& event);

// Holds back the events one create appends through `insert_statement` while
// it is open on this thread (a create runs on one database worker, in one
// transaction), so that CreateOnce writes them with the request log's row:
// one round trip instead of one per event. The holder must write them before
// its transaction commits; dropped unwritten, they go with a transaction that
// fails. Nests: an inner one holds its own create's events.
class DeferredEvents final {
 public:
  explicit DeferredEvents(const char* insert_statement);
  ~DeferredEvents();
  DeferredEvents(const DeferredEvents&) = delete;
  DeferredEvents& operator=(const DeferredEvents&) = delete;

  // The events as a JSON array of objects with the event's fields (before
  // and after as JSON, absent when empty), in the order appended.
  std::string AsJson() const;

 private:
  friend void AppendEvent(pqxx::transaction_base&, const char*, const AuditEvent&);

  const char* insert_statement_;
  DeferredEvents* outer_;
  std::vector<AuditEvent> events_;
};

}  // namespace summit
