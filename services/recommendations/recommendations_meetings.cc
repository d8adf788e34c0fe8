// Read access through meetings: who the meetings service says reads each
// agenda, and drafts their authors share for a meeting.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/proto_json.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/recommendations/presentation.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/queries.h"

namespace summit::recommendations {
namespace {

absl::Status ValidateMeetingOfSummit(absl::string_view field, const std::string& meeting,
                                     const std::string& recommendation) {
  RETURN_IF_ERROR(ParseResourceName(field, meeting, {"summits", "meetings"}).status());
  if (meeting.rfind(internal::SummitOf(recommendation) + "/", 0) != 0) {
    return InvalidField(field, "must be a meeting of the recommendation's own summit");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<internal::v1::SetMeetingReadersResponse> Recommendations::SetMeetingReaders(
    const CallContext& call, DbSession& db,
    const internal::v1::SetMeetingReadersRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("meeting", req.meeting(), {"summits", "meetings"}).status());
  for (int i = 0; i < req.readers_size(); ++i) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat("readers[", i, "]"), req.readers(i), {"people"}).status());
  }
  for (int i = 0; i < req.recommendations_size(); ++i) {
    RETURN_IF_ERROR(internal::ValidateRecommendationName(absl::StrCat("recommendations[", i, "]"),
                                                         req.recommendations(i)));
  }
  const std::vector<std::string> readers(req.readers().begin(), req.readers().end());
  const std::vector<std::string> agenda(req.recommendations().begin(), req.recommendations().end());
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<internal::v1::SetMeetingReadersResponse> {
        internal::v1::SetMeetingReadersResponse resp;
        std::vector<std::string> touched = agenda;
        const pqxx::result prior = txn.exec_prepared(sql::kGetMeetingAccess, req.meeting());
        if (!prior.empty()) {
          if (prior[0]["version"].as<int64_t>() > req.version()) return resp;  // stale
          for (std::string& rec : FromJsonArray(prior[0]["agenda"].as<std::string>())) {
            touched.push_back(std::move(rec));
          }
        }
        txn.exec_prepared(sql::kSetMeetingAccess, req.meeting(), req.version(),
                          ToJsonArray(readers), ToJsonArray(agenda));
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (const std::string& rec : touched) txn.exec_prepared(sql::kRefreshMeetingAccess, rec);
        sql::kSchema.Record(txn, call, "recommendations.meeting_readers.set", req.meeting(), "",
                            ToJson(req));
        resp.set_applied(true);
        return resp;
      });
}

absl::StatusOr<v1::Recommendation> Recommendations::ShareWithMeeting(
    const CallContext& call, DbSession& db, const v1::ShareWithMeetingRequest& req) const {
  return SetShare(call, db, req.name(), req.meeting(), true);
}

absl::StatusOr<v1::Recommendation> Recommendations::UnshareWithMeeting(
    const CallContext& call, DbSession& db, const v1::UnshareWithMeetingRequest& req) const {
  return SetShare(call, db, req.name(), req.meeting(), false);
}

absl::StatusOr<v1::Recommendation> Recommendations::SetShare(const CallContext& call, DbSession& db,
                                                             const std::string& name,
                                                             const std::string& meeting,
                                                             bool shared) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", name));
  RETURN_IF_ERROR(ValidateMeetingOfSummit("meeting", meeting, name));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Recommendation> {
        ASSIGN_OR_RETURN(RecommendationRow row, internal::LoadForAuthor(txn, name, call.principal,
                                                                        "sharing for a meeting"));
        const std::string before = ToJson(row.resource);
        if (!txn.exec_prepared(sql::kSetMeetingShare, name, meeting, shared, call.principal.subject)
                 .empty()) {
          txn.exec_prepared(sql::kRefreshMeetingAccess, name);
          row = OnlyRow(QueryRecommendations(txn, sql::kGetRecommendation, name));
          sql::kSchema.Record(txn, call,
                              shared ? "recommendations.meeting_share.added"
                                     : "recommendations.meeting_share.removed",
                              name, before, ToJson(row.resource));
        }
        return PresentTo(call.principal, std::move(row));
      });
}

}  // namespace summit::recommendations
