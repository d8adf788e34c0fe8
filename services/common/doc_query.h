#pragma once
// Document reads (document_store.h's tables) run straight through libpq
// on a DbSession's connection: the statement prepared by libpqxx as usual,
// then executed with binary results — bytea, jsonb and bigints arrive as
// they are, with no hex to unescape or text to parse, and the columns are
// found once per result, not per row and field — and without libpqxx's
// notification check after it (one system call a statement that finds
// nothing). On any other connection (a test's own) the read goes through
// libpqxx, with the same rows as the result.
//
// Errors are thrown as libpqxx throws them (pqxx::broken_connection,
// pqxx::sql_error with its SQLSTATE), so TranslateDbException and the
// retry rules of transaction.h treat both paths alike.

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "services/common/session_connection.h"

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

namespace internal {
// Executes the prepared `statement` on `handle` with binary results and
// reads its document rows.
std::vector<DocRow> RunDocQuery(PGconn* handle, const std::string& statement,
                                const std::vector<const char*>& values,
                                const std::vector<int>& lengths, const std::vector<int>& formats);
// The rows of a binary-format result (name, doc, doc_pb, version,
// create_time_micros, update_time_micros, in any order, other columns
// ignored). pqxx::usage_error when a column is missing or of another type.
std::vector<DocRow> DecodeDocRows(const PGresult* result);
}  // namespace internal

// Parameters as libpqxx's exec_prepared takes them, converted by libpqxx's
// own rules (strings, numbers, nullptr for NULL, pqxx::binarystring).
template <typename... Params>
std::vector<DocRow> QueryDocRows(pqxx::transaction_base& txn, const std::string& statement,
                                 Params&&... params) {
  PGconn* const handle = SessionConnection::HandleOf(txn.conn());
  if (handle == nullptr) {
    return ReadDocRows(txn.exec_prepared(statement, std::forward<Params>(params)...));
  }
  txn.conn().prepare_now(statement);  // a no-op once the server has it
  // libpqxx's parameter conversion, the one its exec_prepared uses.
  const pqxx::internal::params converted(std::forward<Params>(params)...);
  return internal::RunDocQuery(handle, statement, converted.get_pointers(), converted.lengths,
                               converted.binaries);
}

}  // namespace summit
