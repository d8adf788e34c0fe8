#include "services/common/audit.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "services/common/commit_signal.h"
#include "services/common/json_string_array.h"

namespace summit {
namespace {
const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// The innermost DeferredEvents open on this thread.
thread_local DeferredEvents* open_deferral = nullptr;
}  // namespace

DeferredEvents::DeferredEvents(const char* insert_statement)
    : insert_statement_(insert_statement), outer_(open_deferral) {
  open_deferral = this;
}

DeferredEvents::~DeferredEvents() { open_deferral = outer_; }

std::string DeferredEvents::AsJson() const {
  std::string out = "[";
  for (const AuditEvent& e : events_) {
    if (out.size() > 1) out.push_back(',');
    out.append("{\"actor\":");
    AppendJsonString(&out, e.actor);
    out.append(",\"type\":");
    AppendJsonString(&out, e.type);
    out.append(",\"resource\":");
    AppendJsonString(&out, e.resource);
    // Already JSON documents (ToJson's), written in as they are.
    if (!e.before_json.empty()) absl::StrAppend(&out, ",\"before\":", e.before_json);
    if (!e.after_json.empty()) absl::StrAppend(&out, ",\"after\":", e.after_json);
    if (!e.request_id.empty()) {
      out.append(",\"request_id\":");
      AppendJsonString(&out, e.request_id);
    }
    out.push_back('}');
  }
  out.push_back(']');
  return out;
}

void AppendEvent(pqxx::transaction_base& txn, const char* insert_statement,
                 const AuditEvent& event) {
  if (open_deferral != nullptr &&
      std::strcmp(open_deferral->insert_statement_, insert_statement) == 0) {
    open_deferral->events_.push_back(event);
    CommitSignal::EventWritten(event.resource);
    return;
  }
  txn.exec_prepared0(insert_statement, event.actor, event.type, event.resource,
                     OrNull(event.before_json), OrNull(event.after_json), OrNull(event.request_id));
  CommitSignal::EventWritten(event.resource);
}

}  // namespace summit
