#include "services/common/document_store.h"

#include <pqxx/except>

#include "absl/strings/str_cat.h"

namespace summit {

std::optional<DocRow> GetDoc(pqxx::transaction_base& txn, const char* statement,
                             const std::string& name) {
  std::vector<DocRow> rows = QueryDocRows(txn, statement, name);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

DocRow UpdateDoc(pqxx::transaction_base& txn, const DocTableSql& sql, const std::string& name,
                 const StoredDoc& doc) {
  std::vector<DocRow> rows =
      QueryDocRows(txn, sql.update, name, doc.json, pqxx::binarystring(doc.binary));
  if (rows.size() != 1) {
    throw pqxx::unexpected_rows(absl::StrCat("updating ", name, " changed ", rows.size(), " rows"));
  }
  return std::move(rows.front());
}

std::string MakeEtag(int64_t version) { return absl::StrCat("\"v", version, "\""); }

}  // namespace summit
