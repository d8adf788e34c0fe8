#pragma once
// Helpers shared by the directory's use-case files.

#include <google/protobuf/message.h>

#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/call_context.h"
#include "services/common/db_pool.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_ops.h"
#include "services/common/sql_params.h"
#include "services/directory/sql/queries.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::directory::internal {

inline EventTarget Event(const CallContext& call, std::string type, std::string request_id = "") {
  return EventTarget{.insert_event = sql::kSchema.insert_event,
                     .actor = call.principal.subject,
                     .type = std::move(type),
                     .request_id = std::move(request_id)};
}

template <typename Request>
IdempotencyKey KeyFor(const CallContext& call, std::string method, const Request& req) {
  return KeyForRequest(call.principal.subject, std::move(method), req);
}

template <typename Resource, typename Repeated>
absl::Status AppendAll(const std::vector<DocRow>& rows, Repeated* out) {
  for (const DocRow& row : rows) {
    absl::StatusOr<Resource> r = FromDocRow<Resource>(row);
    if (!r.ok()) return r.status();
    *out->Add() = *std::move(r);
  }
  return absl::OkStatus();
}

// References a person makes must exist, and the email must be free
// (directory_people.cc).
absl::Status CheckPersonReferences(pqxx::transaction_base& txn,
                                   const directory::v1::Person& person);

}  // namespace summit::directory::internal
