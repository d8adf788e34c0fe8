#pragma once
// request_id handling (AIP-155): the first result of a create is stored with
// the key in the same transaction, and a retry with the same key gets it back
// instead of creating again. Concurrent retries serialize on an advisory lock.

#include <google/protobuf/message.h>

#include <pqxx/transaction>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/audit.h"
#include "services/common/proto_json.h"

namespace summit {

struct IdempotencyStatements {
  // (actor, request_id) -> (method, fingerprint, response jsonb), read once
  // the key's transaction lock is held
  const char* lookup;
  // (actor, request_id, method, fingerprint, response jsonb, events jsonb):
  // the log's row and the create's audit events (DeferredEvents::AsJson), in
  // one statement
  const char* insert;
  // The schema's audit event statement: a create's events through it wait
  // for `insert` (see DeferredEvents).
  const char* insert_event;
};

struct IdempotencyKey {
  std::string actor;
  std::string request_id;  // empty: no idempotency asked for
  std::string method;
  // Fingerprint of the request without its request_id.
  std::string fingerprint;
};

// The key for one call: who asked, which method, and the request's
// fingerprint without its request_id.
template <typename Request>
IdempotencyKey KeyForRequest(const std::string& actor, std::string method, Request req) {
  std::string request_id = req.request_id();
  req.clear_request_id();
  return IdempotencyKey{.actor = actor,
                        .request_id = std::move(request_id),
                        .method = std::move(method),
                        .fingerprint = Fingerprint(req)};
}

// Looks the key up: OK(true) with *response filled when this request ran
// before; INVALID_ARGUMENT when the key was used for a different request.
absl::StatusOr<bool> FindPriorResponse(pqxx::transaction_base& txn,
                                       const IdempotencyStatements& sql, const IdempotencyKey& key,
                                       google::protobuf::Message* response);

// Stores the response under the key, with the create's held-back events.
void RememberResponse(pqxx::transaction_base& txn, const IdempotencyStatements& sql,
                      const IdempotencyKey& key, const google::protobuf::Message& response,
                      const DeferredEvents& events);

// Runs `create` once per key; a retry returns the stored first response.
template <typename Response>
absl::StatusOr<Response> CreateOnce(pqxx::transaction_base& txn, const IdempotencyStatements& sql,
                                    const IdempotencyKey& key,
                                    absl::FunctionRef<absl::StatusOr<Response>()> create) {
  if (key.request_id.empty()) return create();
  Response prior;
  absl::StatusOr<bool> found = FindPriorResponse(txn, sql, key, &prior);
  if (!found.ok()) return found.status();
  if (*found) return prior;
  DeferredEvents events(sql.insert_event);
  absl::StatusOr<Response> created = create();
  if (created.ok()) RememberResponse(txn, sql, key, *created, events);
  return created;
}

}  // namespace summit
