#pragma once
// Helpers shared by the recommendations use-case files.

#include <pqxx/transaction>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "services/common/audit.h"
#include "services/common/call_context.h"
#include "services/common/db_pool.h"
#include "services/recommendations/recommendation_rows.h"

namespace summit::recommendations::internal {

// The recommendation if the caller may see it; otherwise the same NOT_FOUND
// as for a name that does not exist.
absl::StatusOr<RecommendationRow> LoadVisible(pqxx::transaction_base& txn, const std::string& name,
                                              const Principal& caller, bool for_update);

// As LoadVisible, then PERMISSION_DENIED unless the caller is an author.
absl::StatusOr<RecommendationRow> LoadForAuthor(pqxx::transaction_base& txn,
                                                const std::string& name, const Principal& caller,
                                                absl::string_view action);

// Writes version `number` of `recommendation`, makes it current, refreshes
// the search text and records the audit event; the version as written.
recommendations::v1::RecommendationVersion AddVersion(
    pqxx::transaction_base& txn, const CallContext& call, const std::string& recommendation,
    int number, const recommendations::v1::RecommendationVersion& v, const std::string& request_id);

// `summits/{s}/recommendations/{r}` -> `summits/{s}`.
std::string SummitOf(const std::string& recommendation);

// Parses `.../recommendations/{r}/versions/{n}` into the recommendation and n.
absl::StatusOr<std::pair<std::string, int>> ParseVersionName(absl::string_view field,
                                                             absl::string_view name);

absl::Status ValidateRecommendationName(absl::string_view field, absl::string_view name);

}  // namespace summit::recommendations::internal
