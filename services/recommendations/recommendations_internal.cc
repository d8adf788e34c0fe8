#include "services/recommendations/recommendations_internal.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"
#include "services/common/validation.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations::internal {

absl::StatusOr<RecommendationRow> LoadVisible(pqxx::transaction_base& txn, const std::string& name,
                                              const Principal& caller, bool for_update) {
  std::vector<RecommendationRow> rows = QueryRecommendations(
      txn, for_update ? sql::kGetRecommendationForUpdate : sql::kGetRecommendation, name);
  if (rows.empty() || !CanSee(caller, rows.front().Facts())) return ResourceNotFound(name);
  return std::move(rows.front());
}

absl::StatusOr<RecommendationRow> LoadForAuthor(pqxx::transaction_base& txn,
                                                const std::string& name, const Principal& caller,
                                                absl::string_view action) {
  absl::StatusOr<RecommendationRow> row = LoadVisible(txn, name, caller, /*for_update=*/true);
  if (!row.ok()) return row.status();
  if (!IsAuthor(caller, row->authors)) {
    return absl::PermissionDeniedError(absl::StrCat(action, " is for the authors of ", name));
  }
  return row;
}

recommendations::v1::RecommendationVersion AddVersion(
    pqxx::transaction_base& txn, const CallContext& call, const std::string& recommendation,
    int number, const recommendations::v1::RecommendationVersion& v,
    const std::string& request_id) {
  const pqxx::result r =
      txn.exec_prepared(sql::kAddVersion, recommendation, number, v.title(), v.summary(), v.body(),
                        v.language(), v.change_note(), call.principal.subject);
  recommendations::v1::RecommendationVersion created = ReadVersion(r[0]);
  sql::kSchema.Record(txn, call, "recommendations.version.created", created.name(), "",
                      ToJson(created), request_id);
  return created;
}

std::string SummitOf(const std::string& recommendation) {
  return recommendation.substr(0, recommendation.find("/recommendations/"));
}

absl::Status ValidateRecommendationName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name, {"summits", "recommendations"}).status();
}

absl::StatusOr<std::pair<std::string, int>> ParseVersionName(absl::string_view field,
                                                             absl::string_view name) {
  const size_t at = name.rfind("/versions/");
  int number = 0;
  if (at == absl::string_view::npos ||
      !ValidateRecommendationName(field, name.substr(0, at)).ok() ||
      !absl::SimpleAtoi(name.substr(at + 10), &number) || number < 1) {
    return InvalidField(field,
                        absl::StrCat("must be summits/{id}/recommendations/{id}/versions/{n}, "
                                     "got \"",
                                     name.substr(0, 300), "\""));
  }
  return std::make_pair(std::string(name.substr(0, at)), number);
}

}  // namespace summit::recommendations::internal
