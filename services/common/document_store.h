#pragma once
// Resources stored as documents keyed by their resource name, with a version
// for etags (optimistic concurrency, AIP-154). Tables have the columns (name
// text PK, doc jsonb, doc_pb bytea, version bigint, create_time, update_time);
// each service names its statements, this code runs them the same way.
// The jsonb is the record (indexes, generated columns and queries read it);
// doc_pb is a binary protobuf copy written with it, which reads decode
// instead (several times cheaper than protobuf's JSON parser). A row whose
// copy is NULL (written before the column, or by a writer that did not know
// it: a trigger drops the copy then) is read from the jsonb.
//
// Statement shapes (every read returns name, doc, doc_pb, version, create_us,
// update_us; a read may leave doc NULL where doc_pb is not):
//   insert(name, doc, doc_pb) ON CONFLICT DO NOTHING RETURNING ...
//   get(name), get_for_update(name) ... FOR UPDATE
//   update(name, doc, doc_pb) RETURNING ...

#include <optional>
#include <pqxx/binarystring>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/doc_query.h"

namespace summit {

struct DocTableSql {
  const char* insert;
  const char* get;
  const char* get_for_update;
  const char* update;
};

// A document in both stored forms, from one message. The binary form goes
// to PostgreSQL as a binary parameter (pqxx::binarystring): no hex to build.
struct StoredDoc {
  std::string json;
  std::string binary;
};

// ALREADY_EXISTS when the name is taken. `extra` are the statement's
// parameters after (name, doc, doc_pb), e.g. a parent column.
template <typename... Extra>
absl::StatusOr<DocRow> InsertDoc(pqxx::transaction_base& txn, const DocTableSql& sql,
                                 const std::string& name, const StoredDoc& doc,
                                 const Extra&... extra) {
  std::vector<DocRow> rows =
      QueryDocRows(txn, sql.insert, name, doc.json, pqxx::binarystring(doc.binary), extra...);
  if (rows.empty()) return absl::AlreadyExistsError(name + " already exists");
  return std::move(rows.front());
}
std::optional<DocRow> GetDoc(pqxx::transaction_base& txn, const char* statement,
                             const std::string& name);
DocRow UpdateDoc(pqxx::transaction_base& txn, const DocTableSql& sql, const std::string& name,
                 const StoredDoc& doc);

// "v<version>", quoted as AIP-154 suggests for opaque etags.
std::string MakeEtag(int64_t version);

}  // namespace summit
