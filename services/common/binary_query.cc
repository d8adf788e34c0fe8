#include "services/common/binary_query.h"

#include <endian.h>

#include <cstring>
#include <pqxx/except>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace summit {
namespace {

// jsonb's binary form: a version byte, then the JSON text.
constexpr char kJsonbVersion = 1;
// timestamptz's binary form counts microseconds from 2000-01-01 UTC.
constexpr int64_t kPostgresEpochUnixMicros = 946'684'800'000'000;

// Reads `digits` decimal digits from the front of `text` into `value`.
bool TakeDigits(absl::string_view& text, int digits, int* value) {
  if (text.size() < static_cast<size_t>(digits)) return false;
  int read = 0;
  for (int i = 0; i < digits; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
    read = read * 10 + (text[i] - '0');
  }
  text.remove_prefix(digits);
  *value = read;
  return true;
}

// Takes `c` from the front of `text`.
bool Take(absl::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

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

int64_t BinaryResult::UnixMicros(int row, Column column) const {
  return Int8(row, column) + kPostgresEpochUnixMicros;
}

int64_t UnixMicrosFromTimestamptzText(absl::string_view text) {
  const absl::string_view whole = text;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool ok = TakeDigits(text, 4, &year) && Take(text, '-') && TakeDigits(text, 2, &month) &&
            Take(text, '-') && TakeDigits(text, 2, &day) && Take(text, ' ') &&
            TakeDigits(text, 2, &hour) && Take(text, ':') && TakeDigits(text, 2, &minute) &&
            Take(text, ':') && TakeDigits(text, 2, &second);
  // A fraction has up to six digits, trailing zeros left out.
  int64_t micros = 0;
  if (ok && Take(text, '.')) {
    int scale = 100'000, digit = 0;
    ok = !text.empty() && absl::ascii_isdigit(static_cast<unsigned char>(text.front()));
    while (ok && scale > 0 && TakeDigits(text, 1, &digit)) {
      micros += digit * scale;
      scale /= 10;
    }
  }
  // The offset: +hh, +hh:mm or +hh:mm:ss (or with -).
  const bool east = !text.empty() && text.front() == '+';
  int offset_hours = 0, offset_minutes = 0, offset_seconds = 0;
  ok = ok && (Take(text, '+') || Take(text, '-')) && TakeDigits(text, 2, &offset_hours);
  if (ok && Take(text, ':')) ok = TakeDigits(text, 2, &offset_minutes);
  if (ok && Take(text, ':')) ok = TakeDigits(text, 2, &offset_seconds);
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  ok = ok && text.empty() && civil.year() == year && civil.month() == month && civil.day() == day &&
       civil.hour() == hour && civil.minute() == minute && civil.second() == second;
  if (!ok) {
    throw pqxx::conversion_error(absl::StrCat("not a timestamptz in ISO form: \"", whole, "\""));
  }
  const int64_t offset = (offset_hours * 3600 + offset_minutes * 60 + offset_seconds) *
                         int64_t{1'000'000} * (east ? 1 : -1);
  return absl::ToUnixMicros(absl::FromCivil(civil, absl::UTCTimeZone())) + micros - offset;
}

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
