#pragma once
// Document reads (document_store.h's tables): straight through libpq with
// binary results on a DbSession's connection, through libpqxx elsewhere
// (binary_query.h), with the same rows either way.

#include <cstdint>
#include <optional>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "services/common/binary_query.h"

namespace summit {

// One row of a document read (see document_store.h for the tables).
struct DocRow {
  std::string name;
  std::string doc;                    // JSON; empty when the read left it out
  std::optional<std::string> doc_pb;  // binary protobuf, when the row has it
  int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

// The rows of a result libpqxx read (text form).
std::vector<DocRow> ReadDocRows(const pqxx::result& result);
// The rows of a binary-format result (name, doc, doc_pb, version,
// create_time_micros, update_time_micros, in any order, other columns
// ignored). pqxx::usage_error when a column is missing or of another type.
std::vector<DocRow> DecodeDocRows(const BinaryResult& result);

template <typename... Params>
std::vector<DocRow> QueryDocRows(pqxx::transaction_base& txn, const std::string& statement,
                                 Params&&... params) {
  return QueryBinary(txn, statement, DecodeDocRows, ReadDocRows, std::forward<Params>(params)...);
}

}  // namespace summit
