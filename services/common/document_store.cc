#include "services/common/document_store.h"

#include "absl/strings/str_cat.h"

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

std::optional<DocRow> GetDoc(pqxx::transaction_base& txn, const char* statement,
                             const std::string& name) {
  std::vector<DocRow> rows = ReadDocRows(txn.exec_prepared(statement, name));
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

DocRow UpdateDoc(pqxx::transaction_base& txn, const DocTableSql& sql, const std::string& name,
                 const StoredDoc& doc) {
  return ReadDocRows(
             txn.exec_prepared_n(1, sql.update, name, doc.json, pqxx::binarystring(doc.binary)))
      .front();
}

std::string MakeEtag(int64_t version) { return absl::StrCat("\"v", version, "\""); }

}  // namespace summit
