#include "services/common/service_schema.h"

#include "absl/strings/str_cat.h"
#include "services/common/audit.h"

namespace summit {

std::vector<PreparedStatement> ServiceSchema::Statements() const {
  return {
      {insert_event, absl::StrCat("INSERT INTO ", schema,
                                  ".events (actor, type, resource, before, after, request_id) "
                                  "VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)")},
      // Takes the request key's lock, then reads (each schema's migration
      // defines find_prior_request).
      {request_lookup, absl::StrCat("SELECT method, fingerprint, response FROM ", schema,
                                    ".find_prior_request($1, $2)")},
      // The create's events first, in the order appended (their ids), then
      // the log's row.
      {request_insert,
       absl::StrCat("WITH events AS (INSERT INTO ", schema,
                    ".events (actor, type, resource, before, after, request_id) "
                    "SELECT e.actor, e.type, e.resource, e.before, e.after, e.request_id "
                    "FROM ROWS FROM (jsonb_to_recordset($6::jsonb) AS (actor text, type text, "
                    "resource text, before jsonb, after jsonb, request_id text)) "
                    "WITH ORDINALITY AS e(actor, type, resource, before, after, request_id, n) "
                    "ORDER BY e.n) "
                    "INSERT INTO ",
                    schema,
                    ".request_log (actor, request_id, method, fingerprint, response) "
                    "VALUES ($1, $2, $3, $4, $5::jsonb)")},
  };
}

std::vector<PreparedStatement>* NewStatementList(const ServiceSchema& schema,
                                                 std::vector<PreparedStatement> own) {
  auto* all = new std::vector<PreparedStatement>(std::move(own));
  for (PreparedStatement& s : schema.Statements()) all->push_back(std::move(s));
  return all;
}

void ServiceSchema::Record(pqxx::transaction_base& txn, const CallContext& call, std::string type,
                           std::string resource, std::string before_json, std::string after_json,
                           std::string request_id) const {
  AppendEvent(txn, insert_event,
              {.actor = call.principal.subject,
               .type = std::move(type),
               .resource = std::move(resource),
               .before_json = std::move(before_json),
               .after_json = std::move(after_json),
               .request_id = std::move(request_id)});
}

}  // namespace summit
