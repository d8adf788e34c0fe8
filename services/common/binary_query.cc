#include "services/common/binary_query.h"

#include <endian.h>

#include <cstring>
#include <pqxx/except>

#include "absl/strings/str_cat.h"

namespace summit {
namespace {

// jsonb's binary form: a version byte, then the JSON text.
constexpr char kJsonbVersion = 1;

// The same exceptions libpqxx throws for a failed statement.
[[noreturn]] void ThrowFailure(PGconn* handle, const PGresult* result,
                               const std::string& statement) {
  if (result == nullptr || PQstatus(handle) != CONNECTION_OK) {
    throw pqxx::broken_connection(PQerrorMessage(handle));
  }
  const std::string message = PQresultErrorMessage(result);
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (sqlstate == nullptr) throw pqxx::sql_error(message, statement);
  if (std::strncmp(sqlstate, "08", 2) == 0) throw pqxx::broken_connection(message);
  if (std::strcmp(sqlstate, "23505") == 0) {
    throw pqxx::unique_violation(message, statement, sqlstate);
  }
  throw pqxx::sql_error(message, statement, sqlstate);
}

}  // namespace

BinaryResult::Column BinaryResult::Find(const char* name, std::initializer_list<Oid> types) const {
  // By comparing names: libpq's PQfnumber copies and case-folds the name on
  // every lookup, which for a recommendation's 20 columns cost more than
  // reading the row.
  const int columns = PQnfields(result_);
  int number = -1;
  for (int tried = 0; tried < columns; ++tried) {
    const int candidate = (next_column_ + tried) % columns;
    if (std::strcmp(PQfname(result_, candidate), name) == 0) {
      number = candidate;
      break;
    }
  }
  if (number < 0) throw pqxx::usage_error(absl::StrCat("a read lacks column ", name));
  next_column_ = number + 1;
  const Oid type = PQftype(result_, number);
  for (const Oid allowed : types) {
    if (type == allowed) return Column{number, type};
  }
  throw pqxx::usage_error(absl::StrCat("a read's column ", name, " has type ", type));
}

absl::string_view BinaryResult::Json(int row, Column column) const {
  absl::string_view value = Bytes(row, column);
  if (column.type != pg_type::kJsonb) return value;
  if (value.empty() || value[0] != kJsonbVersion) {
    throw pqxx::conversion_error("a jsonb value arrived in an unknown form");
  }
  value.remove_prefix(1);
  return value;
}

const char* BinaryResult::Fixed(int row, Column column, int size) const {
  if (IsNull(row, column) || PQgetlength(result_, row, column.number) != size) {
    throw pqxx::conversion_error(
        absl::StrCat("column ", PQfname(result_, column.number), " is NULL or malformed"));
  }
  return PQgetvalue(result_, row, column.number);
}

int64_t BinaryResult::Int8(int row, Column column) const {
  uint64_t big_endian;
  std::memcpy(&big_endian, Fixed(row, column, sizeof big_endian), sizeof big_endian);
  return static_cast<int64_t>(be64toh(big_endian));
}

int32_t BinaryResult::Int4(int row, Column column) const {
  uint32_t big_endian;
  std::memcpy(&big_endian, Fixed(row, column, sizeof big_endian), sizeof big_endian);
  return static_cast<int32_t>(be32toh(big_endian));
}

bool BinaryResult::Bool(int row, Column column) const { return *Fixed(row, column, 1) != 0; }

namespace internal {

ResultPtr ExecBinary(PGconn* handle, const std::string& statement,
                     const std::vector<const char*>& values, const std::vector<int>& lengths,
                     const std::vector<int>& formats) {
  ResultPtr result(PQexecPrepared(handle, statement.c_str(), static_cast<int>(values.size()),
                                  values.data(), lengths.data(), formats.data(),
                                  /*resultFormat=*/1),
                   &PQclear);
  if (result == nullptr || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    ThrowFailure(handle, result.get(), statement);
  }
  return result;
}

}  // namespace internal
}  // namespace summit
