#pragma once
// Resources stored as JSON documents keyed by their resource name, with a
// version for etags (optimistic concurrency, AIP-154). Tables have the
// columns (name text PK, doc jsonb, version bigint, create_time, update_time);
// each service names its statements, this code runs them the same way.
//
// Statement shapes (every read returns name, doc, version, create_us, update_us):
//   insert(name, doc) ON CONFLICT DO NOTHING RETURNING ...
//   get(name), get_for_update(name) ... FOR UPDATE
//   update(name, doc) RETURNING ...

#include <cstdint>
#include <optional>
#include <pqxx/result>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace summit {

struct DocRow {
  std::string name;
  std::string doc;
  int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct DocTableSql {
  const char* insert;
  const char* get;
  const char* get_for_update;
  const char* update;
};

std::vector<DocRow> ReadDocRows(const pqxx::result& result);

// ALREADY_EXISTS when the name is taken. `extra` are the statement's
// parameters after (name, doc), e.g. a parent column.
template <typename... Extra>
absl::StatusOr<DocRow> InsertDoc(pqxx::transaction_base& txn, const DocTableSql& sql,
                                 const std::string& name, const std::string& doc,
                                 const Extra&... extra) {
  std::vector<DocRow> rows = ReadDocRows(txn.exec_prepared(sql.insert, name, doc, extra...));
  if (rows.empty()) return absl::AlreadyExistsError(name + " already exists");
  return std::move(rows.front());
}
std::optional<DocRow> GetDoc(pqxx::transaction_base& txn, const char* statement,
                             const std::string& name);
DocRow UpdateDoc(pqxx::transaction_base& txn, const DocTableSql& sql, const std::string& name,
                 const std::string& doc);

// "v<version>", quoted as AIP-154 suggests for opaque etags.
std::string MakeEtag(int64_t version);

}  // namespace summit
