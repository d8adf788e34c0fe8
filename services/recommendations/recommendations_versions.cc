// Immutable versions, diffs between them, and translations.
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_ops.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/recommendations/lifecycle.h"
#include "services/recommendations/presentation.h"
#include "services/recommendations/recommendation_rules.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/text_diff.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

using R = v1::Recommendation;

absl::StatusOr<v1::RecommendationVersion> LoadVersion(pqxx::transaction_base& txn,
                                                      const std::string& rec, int number) {
  const pqxx::result r = txn.exec_prepared(sql::kGetVersion, rec, number);
  if (r.empty()) return ResourceNotFound(VersionName(rec, number));
  return ReadVersion(r[0]);
}

}  // namespace

absl::StatusOr<v1::RecommendationVersion> Recommendations::CreateVersion(
    const CallContext& call, DbSession& db, const v1::CreateVersionRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("parent", req.parent()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  RETURN_IF_ERROR(ValidateVersionText("version", req.version()));
  const v1::RecommendationVersion& v = req.version();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::RecommendationVersion>(
        txn, sql::kSchema.RequestLog(), KeyForRequest(call.principal.subject, "CreateVersion", req),
        [&]() -> absl::StatusOr<v1::RecommendationVersion> {
          ASSIGN_OR_RETURN(
              RecommendationRow row,
              internal::LoadForAuthor(txn, req.parent(), call.principal, "adding a version"));
          RETURN_IF_ERROR(CheckEtag(req.parent(), req.etag(), row.resource.etag()));
          if (!AcceptsNewVersions(row.resource.state())) {
            return absl::FailedPreconditionError(
                absl::StrCat("versions can be added only in draft or changes_requested; ",
                             row.resource.number(), " is ", StateName(row.resource.state())));
          }
          const int number = row.resource.current_version() + 1;
          v1::RecommendationVersion created =
              internal::AddVersion(txn, call, req.parent(), number, v, req.request_id());
          return created;
        });
  });
}

absl::StatusOr<v1::RecommendationVersion> Recommendations::GetVersion(
    const CallContext& call, DbSession& db, const v1::GetVersionRequest& req) const {
  ASSIGN_OR_RETURN(const auto parsed, internal::ParseVersionName("name", req.name()));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::RecommendationVersion> {
        ASSIGN_OR_RETURN(const RecommendationRow row,
                         internal::LoadVisible(txn, parsed.first, call.principal, false));
        ASSIGN_OR_RETURN(v1::RecommendationVersion version,
                         LoadVersion(txn, parsed.first, parsed.second));
        return PresentTo(call.principal, row, std::move(version));
      });
}

absl::StatusOr<v1::ListVersionsResponse> Recommendations::ListVersions(
    const CallContext& call, DbSession& db, const v1::ListVersionsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("parent", req.parent()));
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("versions|", req.parent())));
  ASSIGN_OR_RETURN(const int64_t after_number, AfterNumber(page));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListVersionsResponse> {
        ASSIGN_OR_RETURN(const RecommendationRow row,
                         internal::LoadVisible(txn, req.parent(), call.principal, false));
        v1::ListVersionsResponse resp;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListVersions, req.parent(), after_number, page.limit())) {
          *resp.add_versions() = PresentTo(call.principal, row, ReadVersion(r));
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_versions(), [](const auto& v) {
          return absl::StrCat(v.version_number());
        }));
        return resp;
      });
}

absl::StatusOr<v1::DiffVersionsResponse> Recommendations::DiffVersions(
    const CallContext& call, DbSession& db, const v1::DiffVersionsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  if (req.from_version() < 1) return InvalidField("from_version", "must be 1 or more");
  if (req.to_version() < 1) return InvalidField("to_version", "must be 1 or more");
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::DiffVersionsResponse> {
        RETURN_IF_ERROR(internal::LoadVisible(txn, req.name(), call.principal, false).status());
        ASSIGN_OR_RETURN(const v1::RecommendationVersion from,
                         LoadVersion(txn, req.name(), req.from_version()));
        ASSIGN_OR_RETURN(const v1::RecommendationVersion to,
                         LoadVersion(txn, req.name(), req.to_version()));
        v1::DiffVersionsResponse resp;
        const std::pair<const char*, std::pair<const std::string*, const std::string*>> fields[] = {
            {"title", {&from.title(), &to.title()}},
            {"summary", {&from.summary(), &to.summary()}},
            {"body", {&from.body(), &to.body()}}};
        for (const auto& [field, texts] : fields) {
          v1::FieldDiff* d = resp.add_diffs();
          d->set_field(field);
          d->set_unified_diff(
              UnifiedDiff(*texts.first, *texts.second,
                          absl::StrCat(field, " (version ", from.version_number(), ")"),
                          absl::StrCat(field, " (version ", to.version_number(), ")")));
          d->set_changed(!d->unified_diff().empty());
        }
        return resp;
      });
}

absl::StatusOr<v1::Translation> Recommendations::SetTranslation(
    const CallContext& call, DbSession& db, const v1::SetTranslationRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("parent", req.parent()));
  RETURN_IF_ERROR(ValidateTranslation(req.translation()));
  const v1::Translation& t = req.translation();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Translation> {
        ASSIGN_OR_RETURN(RecommendationRow row,
                         internal::LoadVisible(txn, req.parent(), call.principal, true));
        if (!IsAuthor(call.principal, row.authors) && !IsCoordinatorOrService(call.principal)) {
          return absl::PermissionDeniedError(
              "translations are written by authors and coordinators");
        }
        const R::State state = row.resource.state();
        if (state == R::STATE_WITHDRAWN || state == R::STATE_REJECTED) {
          return absl::FailedPreconditionError(absl::StrCat(
              row.resource.number(), " is ", StateName(state), ": no new translations"));
        }
        ASSIGN_OR_RETURN(const v1::RecommendationVersion current,
                         LoadVersion(txn, req.parent(), row.resource.current_version()));
        if (t.language() == current.language()) {
          return InvalidField(
              "translation.language",
              absl::StrCat("is the language of the text itself (", current.language(),
                           "); translate into another language"));
        }
        const pqxx::result existing =
            txn.exec_prepared(sql::kGetTranslation, req.parent(), t.language());
        std::string before;
        if (!existing.empty()) {
          const v1::Translation old = ReadTranslation(existing[0], row.resource.current_version());
          RETURN_IF_ERROR(CheckEtag(old.name(), req.etag(), old.etag()));
          before = ToJson(old);
        }
        const pqxx::result r =
            txn.exec_prepared(sql::kUpsertTranslation, req.parent(), t.language(), t.title(),
                              t.summary(), t.body(), v1::Translation::Kind_Name(t.kind()),
                              row.resource.current_version(), call.principal.subject);
        txn.exec_prepared(sql::kRefreshSearch, req.parent());
        v1::Translation saved = ReadTranslation(r[0], row.resource.current_version());
        sql::kSchema.Record(txn, call, "recommendations.translation.set", saved.name(), before,
                            ToJson(saved));
        return saved;
      });
}

absl::StatusOr<v1::ListTranslationsResponse> Recommendations::ListTranslations(
    const CallContext& call, DbSession& db, const v1::ListTranslationsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("parent", req.parent()));
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("translations|", req.parent())));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListTranslationsResponse> {
        ASSIGN_OR_RETURN(const RecommendationRow row,
                         internal::LoadVisible(txn, req.parent(), call.principal, false));
        v1::ListTranslationsResponse resp;
        for (const pqxx::row& r : txn.exec_prepared(sql::kListTranslations, req.parent())) {
          *resp.add_translations() =
              PresentTo(call.principal, row, ReadTranslation(r, row.resource.current_version()));
        }
        resp.set_next_page_token(PageInMemory(page, resp.mutable_translations(),
                                              [](const auto& t) { return t.language(); }));
        return resp;
      });
}

}  // namespace summit::recommendations
