// TraceRecommendation: meeting -> draft -> review -> decision -> briefing, in
// one answer for coordinators.
#include <algorithm>
#include <pqxx/result>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/recommendations/presentation.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/trace_sources.h"

namespace summit::recommendations {

using Step = v1::TraceStep;

absl::StatusOr<v1::RecommendationTrace> Recommendations::TraceRecommendation(
    const CallContext& call, DbSession& db, const v1::TraceRecommendationRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  v1::RecommendationTrace trace;
  std::vector<Step> steps;
  // What this service knows, in one transaction; then the other services,
  // with no transaction open.
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    ASSIGN_OR_RETURN(const RecommendationRow row,
                     internal::LoadVisible(txn, req.name(), call.principal, false));
    if (!IsCoordinatorOrService(call.principal)) {
      return absl::PermissionDeniedError("tracing a recommendation is for coordinators");
    }
    *trace.mutable_recommendation() = PresentTo(call.principal, row);
    steps.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListVersions, req.name(), 0, 10000)) {
      const v1::RecommendationVersion v = ReadVersion(r);
      Step s;
      s.set_kind(Step::KIND_VERSION);
      *s.mutable_time() = v.create_time();
      s.set_resource(v.name());
      s.set_summary(absl::StrCat("Version ", v.version_number(),
                                 v.change_note().empty() ? "" : ": ", v.change_note()));
      steps.push_back(std::move(s));
    }
    if (row.resource.has_submit_time()) {
      Step s;
      s.set_kind(Step::KIND_SUBMITTED);
      *s.mutable_time() = row.resource.submit_time();
      s.set_resource(req.name());
      s.set_summary(absl::StrCat(row.resource.number(), " submitted for review"));
      steps.push_back(std::move(s));
    }
    return absl::OkStatus();
  }));
  if (deps_.trace == nullptr) return absl::UnavailableError("tracing is not set up on this server");
  for (const auto& source :
       {&TraceSources::Meetings, &TraceSources::ReviewRounds, &TraceSources::BriefingPackages}) {
    ASSIGN_OR_RETURN(std::vector<Step> more, (deps_.trace->*source)(req.name(), call.deadline));
    steps.insert(steps.end(), more.begin(), more.end());
  }
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    return FromProtoTime(a.time()) < FromProtoTime(b.time());
  });
  for (Step& s : steps) *trace.add_steps() = std::move(s);
  return trace;
}

}  // namespace summit::recommendations
