#include "services/common/audit.h"

#include "services/common/commit_signal.h"

namespace summit {
namespace {
const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }
}  // namespace

void AppendEvent(pqxx::transaction_base& txn, const char* insert_statement,
                 const AuditEvent& event) {
  txn.exec_prepared0(insert_statement, event.actor, event.type, event.resource,
                     OrNull(event.before_json), OrNull(event.after_json), OrNull(event.request_id));
  CommitSignal::EventWritten(event.resource);
}

}  // namespace summit
