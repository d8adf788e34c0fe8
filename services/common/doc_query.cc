#include "services/common/doc_query.h"

#include <pqxx/binarystring>

namespace summit {
namespace {

// binarystring reads either of the server's bytea_output forms.
std::optional<std::string> ReadBytea(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return pqxx::binarystring(field).str();
}

}  // namespace

std::vector<DocRow> DecodeDocRows(const BinaryResult& result) {
  const int rows = result.rows();
  std::vector<DocRow> out;
  if (rows == 0) return out;
  using namespace pg_type;
  const BinaryResult::Column name = result.Find("name", {kText, kVarchar});
  const BinaryResult::Column doc = result.Find("doc", {kJsonb, kJson, kText});
  const BinaryResult::Column doc_pb = result.Find("doc_pb", {kBytea});
  const BinaryResult::Column version = result.Find("version", {kInt8});
  const BinaryResult::Column create_time = result.Find("create_time_micros", {kInt8});
  const BinaryResult::Column update_time = result.Find("update_time_micros", {kInt8});
  out.reserve(rows);
  for (int row = 0; row < rows; ++row) {
    DocRow& r = out.emplace_back();
    r.name = std::string(result.Bytes(row, name));
    if (!result.IsNull(row, doc)) r.doc = std::string(result.Json(row, doc));
    if (!result.IsNull(row, doc_pb)) r.doc_pb = std::string(result.Bytes(row, doc_pb));
    r.version = result.Int8(row, version);
    r.create_time = absl::FromUnixMicros(result.Int8(row, create_time));
    r.update_time = absl::FromUnixMicros(result.Int8(row, update_time));
  }
  return out;
}

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
