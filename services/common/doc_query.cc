#include "services/common/doc_query.h"

#include <endian.h>

#include <cstring>
#include <memory>
#include <pqxx/binarystring>
#include <pqxx/except>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace summit::internal {
namespace {

// Type OIDs of PostgreSQL's built-in types (pg_type.dat; fixed).
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kJsonOid = 114;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kJsonbOid = 3802;
// jsonb's binary form: a version byte, then the JSON text.
constexpr char kJsonbVersion = 1;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

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

struct Column {
  int number;
  Oid type;
};

Column FindColumn(const PGresult* result, const char* name, std::initializer_list<Oid> types) {
  const int number = PQfnumber(result, name);
  if (number < 0) throw pqxx::usage_error(absl::StrCat("a document read lacks column ", name));
  const Oid type = PQftype(result, number);
  for (const Oid allowed : types) {
    if (type == allowed) return Column{number, type};
  }
  throw pqxx::usage_error(absl::StrCat("a document read's column ", name, " has type ", type));
}

int64_t ReadInt8(const PGresult* result, int row, const Column& column) {
  if (PQgetisnull(result, row, column.number) || PQgetlength(result, row, column.number) != 8) {
    throw pqxx::conversion_error("a document read's bigint column is NULL or malformed");
  }
  uint64_t big_endian;
  std::memcpy(&big_endian, PQgetvalue(result, row, column.number), sizeof big_endian);
  return static_cast<int64_t>(be64toh(big_endian));
}

// A text or bytea value: in binary results both arrive as their bytes.
std::string ReadBytes(const PGresult* result, int row, const Column& column) {
  return std::string(PQgetvalue(result, row, column.number),
                     PQgetlength(result, row, column.number));
}

}  // namespace

std::vector<DocRow> DecodeDocRows(const PGresult* result) {
  const int rows = PQntuples(result);
  std::vector<DocRow> out;
  if (rows == 0) return out;
  const Column name = FindColumn(result, "name", {kTextOid, kVarcharOid});
  const Column doc = FindColumn(result, "doc", {kJsonbOid, kJsonOid, kTextOid});
  const Column doc_pb = FindColumn(result, "doc_pb", {kByteaOid});
  const Column version = FindColumn(result, "version", {kInt8Oid});
  const Column create_time = FindColumn(result, "create_time_micros", {kInt8Oid});
  const Column update_time = FindColumn(result, "update_time_micros", {kInt8Oid});
  out.reserve(rows);
  for (int row = 0; row < rows; ++row) {
    DocRow& r = out.emplace_back();
    r.name = ReadBytes(result, row, name);
    if (!PQgetisnull(result, row, doc.number)) {
      const char* value = PQgetvalue(result, row, doc.number);
      int length = PQgetlength(result, row, doc.number);
      if (doc.type == kJsonbOid) {
        if (length < 1 || value[0] != kJsonbVersion) {
          throw pqxx::conversion_error("a document's jsonb arrived in an unknown form");
        }
        ++value;
        --length;
      }
      r.doc.assign(value, length);
    }
    if (!PQgetisnull(result, row, doc_pb.number)) r.doc_pb = ReadBytes(result, row, doc_pb);
    r.version = ReadInt8(result, row, version);
    r.create_time = absl::FromUnixMicros(ReadInt8(result, row, create_time));
    r.update_time = absl::FromUnixMicros(ReadInt8(result, row, update_time));
  }
  return out;
}

std::vector<DocRow> RunDocQuery(PGconn* handle, const std::string& statement,
                                const std::vector<const char*>& values,
                                const std::vector<int>& lengths, const std::vector<int>& formats) {
  const ResultPtr result(
      PQexecPrepared(handle, statement.c_str(), static_cast<int>(values.size()), values.data(),
                     lengths.data(), formats.data(), /*resultFormat=*/1),
      &PQclear);
  if (result == nullptr || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    ThrowFailure(handle, result.get(), statement);
  }
  return DecodeDocRows(result.get());
}

}  // namespace summit::internal

namespace summit {
namespace {

// binarystring reads either of the server's bytea_output forms.
std::optional<std::string> ReadBytea(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return pqxx::binarystring(field).str();
}

}  // namespace

std::vector<DocRow> ReadDocRows(const pqxx::result& result) {
  std::vector<DocRow> rows;
  rows.reserve(result.size());
  for (const pqxx::row& r : result) {
    const pqxx::field doc = r["doc"];
    rows.push_back(DocRow{
        .name = r["name"].as<std::string>(),
        .doc = doc.is_null() ? std::string() : doc.as<std::string>(),
        .doc_pb = ReadBytea(r["doc_pb"]),
        .version = r["version"].as<int64_t>(),
        .create_time = absl::FromUnixMicros(r["create_time_micros"].as<int64_t>()),
        .update_time = absl::FromUnixMicros(r["update_time_micros"].as<int64_t>()),
    });
  }
  return rows;
}

}  // namespace summit
