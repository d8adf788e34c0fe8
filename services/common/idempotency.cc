#include "services/common/idempotency.h"

#include "services/common/status.h"

namespace summit {

// Concurrent calls with one key wait for each other instead of racing: the
// lookup statement takes the key's transaction lock first (the schema's
// find_prior_request), in the same round trip.
absl::StatusOr<bool> FindPriorResponse(pqxx::transaction_base& txn,
                                       const IdempotencyStatements& sql, const IdempotencyKey& key,
                                       google::protobuf::Message* response) {
  const pqxx::result r = txn.exec_prepared(sql.lookup, key.actor, key.request_id);
  if (r.empty()) return false;
  if (r[0]["method"].as<std::string>() != key.method ||
      r[0]["fingerprint"].as<std::string>() != key.fingerprint) {
    return InvalidField("request_id",
                        "was already used for a different request; use a new request_id");
  }
  if (absl::Status s = FromJson(r[0]["response"].as<std::string>(), response); !s.ok()) return s;
  return true;
}

void RememberResponse(pqxx::transaction_base& txn, const IdempotencyStatements& sql,
                      const IdempotencyKey& key, const google::protobuf::Message& response,
                      const DeferredEvents& events) {
  txn.exec_prepared0(sql.insert, key.actor, key.request_id, key.method, key.fingerprint,
                     ToJson(response), events.AsJson());
}

}  // namespace summit
