#pragma once
// Reads that run straight through libpq on a DbSession's connection: the
// statement prepared by libpqxx as usual, then executed with binary results
// — bytea, jsonb, integers and booleans arrive as they are, with no hex to
// unescape or text to parse, and columns are found once per result — and
// without libpqxx's notification check after it (one system call a
// statement that finds nothing). On any other connection (a test's own) the
// read goes through libpqxx, and the caller decodes its text result.
//
// Errors are thrown as libpqxx throws them (pqxx::broken_connection,
// pqxx::sql_error with its SQLSTATE, pqxx::unique_violation), so
// TranslateDbException and the retry rules of transaction.h treat both
// paths alike. A result of another shape than the decoder expects throws
// pqxx::usage_error or pqxx::conversion_error.

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/common/session_connection.h"

namespace summit {

// Type OIDs of PostgreSQL's built-in types (pg_type.dat; fixed).
namespace pg_type {
inline constexpr Oid kBool = 16;
inline constexpr Oid kBytea = 17;
inline constexpr Oid kInt8 = 20;
inline constexpr Oid kInt4 = 23;
inline constexpr Oid kText = 25;
inline constexpr Oid kJson = 114;
inline constexpr Oid kVarchar = 1043;
inline constexpr Oid kTimestamptz = 1184;
inline constexpr Oid kJsonb = 3802;
}  // namespace pg_type

// A binary-format result, read by column and row. Values are views into the
// result: copy what must outlive it.
class BinaryResult {
 public:
  struct Column {
    int number;
    Oid type;
  };

  explicit BinaryResult(const PGresult* result) : result_(result) {}

  int rows() const { return PQntuples(result_); }
  // The column called `name`, which must have one of `types`. Looked for
  // first after the column found last: a reader that finds its columns in
  // the statement's order compares one name per column.
  Column Find(const char* name, std::initializer_list<Oid> types) const;

  bool IsNull(int row, Column column) const {
    return PQgetisnull(result_, row, column.number) != 0;
  }
  // text, varchar or bytea: their bytes.
  absl::string_view Bytes(int row, Column column) const {
    return absl::string_view(PQgetvalue(result_, row, column.number),
                             PQgetlength(result_, row, column.number));
  }
  // json or text as it is; jsonb without its version byte.
  absl::string_view Json(int row, Column column) const;
  int64_t Int8(int row, Column column) const;
  int32_t Int4(int row, Column column) const;
  bool Bool(int row, Column column) const;
  // timestamptz as microseconds since the Unix epoch.
  int64_t UnixMicros(int row, Column column) const;

 private:
  // The value's bytes, which must be `size` of them and not NULL.
  const char* Fixed(int row, Column column, int size) const;

  const PGresult* result_;
  mutable int next_column_ = 0;  // where Find looks first
};

// A timestamptz as libpqxx's text results give it (DateStyle ISO, as
// PostgreSQL's default: "2001-02-03 04:05:06.789+05:30"), as microseconds
// since the Unix epoch: the text path's reading of what the binary one gets
// as an integer. pqxx::conversion_error for any other form.
int64_t UnixMicrosFromTimestamptzText(absl::string_view text);

namespace internal {
using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;
// Executes the prepared `statement` on `handle` with binary results; a
// result that is not rows is thrown as libpqxx would.
ResultPtr ExecBinary(PGconn* handle, const std::string& statement,
                     const std::vector<const char*>& values, const std::vector<int>& lengths,
                     const std::vector<int>& formats);
}  // namespace internal

// Runs the prepared `statement` with `params` (converted by libpqxx's own
// rules: strings, numbers, nullptr for NULL, pqxx::binarystring,
// pqxx::prepare::make_dynamic_params) and returns
// `from_binary(const BinaryResult&)` on a session connection, else
// `from_text(const pqxx::result&)` of libpqxx's result. Both must return
// the same type and read the same rows alike.
template <typename FromBinary, typename FromText, typename... Params>
auto QueryBinary(pqxx::transaction_base& txn, const std::string& statement,
                 FromBinary&& from_binary, FromText&& from_text, Params&&... params) {
  PGconn* const handle = SessionConnection::HandleOf(txn.conn());
  if (handle == nullptr) {
    return from_text(txn.exec_prepared(statement, std::forward<Params>(params)...));
  }
  txn.conn().prepare_now(statement);  // a no-op once the server has it
  // libpqxx's parameter conversion, the one its exec_prepared uses.
  const pqxx::internal::params converted(std::forward<Params>(params)...);
  const internal::ResultPtr result = internal::ExecBinary(
      handle, statement, converted.get_pointers(), converted.lengths, converted.binaries);
  return from_binary(BinaryResult(result.get()));
}

}  // namespace summit
