// Creating, reading, listing and updating recommendations.
#include <algorithm>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/recommendations/lifecycle.h"
#include "services/recommendations/presentation.h"
#include "services/recommendations/recommendation_rules.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_internal.h"
#include "services/recommendations/sql/list_statement.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

namespace dv1 = directory::v1;
using R = v1::Recommendation;

bool IsExpert(const dv1::Person& p) {
  return std::find(p.roles().begin(), p.roles().end(), dv1::ROLE_EXPERT) != p.roles().end();
}

// LIKE pattern for one search term: the term anywhere, its wildcards literal.
std::string ContainsPattern(absl::string_view term) {
  return absl::StrCat("%", absl::StrReplaceAll(term, {{"\\", "\\\\"}, {"%", "\\%"}, {"_", "\\_"}}),
                      "%");
}

// Characters, not bytes: UTF-8 continuation bytes are not counted.
size_t CharacterCount(absl::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

absl::Status Recommendations::CheckAuthors(
    const CallContext& call, const google::protobuf::RepeatedPtrField<std::string>& authors) const {
  for (int i = 0; i < authors.size(); ++i) {
    const std::string field = absl::StrCat("recommendation.authors[", i, "]");
    absl::StatusOr<dv1::Person> person = deps_.directory->Person(authors[i], call.deadline);
    if (!person.ok()) return AsFieldError(person.status(), field);
    if (!IsExpert(*person))
      return InvalidField(field, absl::StrCat(authors[i], " is not an expert"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Recommendations::OwnerCountry(const CallContext& call,
                                                          const std::string& organization) const {
  absl::StatusOr<dv1::Organization> org =
      deps_.directory->Organization(organization, call.deadline);
  if (!org.ok()) return AsFieldError(org.status(), "recommendation.owner_organization");
  return org->country_code();
}

absl::StatusOr<R> Recommendations::CreateRecommendation(
    const CallContext& call, DbSession& db, const v1::CreateRecommendationRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.recommendation_id().empty()) {
    RETURN_IF_ERROR(ValidateResourceId("recommendation_id", req.recommendation_id()));
  }
  RETURN_IF_ERROR(ValidateRecommendationFields(req.recommendation(), req.parent()));
  RETURN_IF_ERROR(ValidateVersionText("first_version", req.first_version()));
  if (!call.principal.Has(dv1::ROLE_EXPERT)) {
    return absl::PermissionDeniedError("writing recommendations needs the expert role");
  }

  // The creator is always an author; the owner defaults to their organisation.
  R rec = req.recommendation();
  ASSIGN_OR_RETURN(const dv1::Person creator,
                   deps_.directory->Person(call.principal.subject, call.deadline));
  std::vector<std::string> authors = {call.principal.subject};
  for (const std::string& a : rec.authors()) {
    if (a != call.principal.subject) authors.push_back(a);
  }
  rec.clear_authors();
  for (const std::string& a : authors) rec.add_authors(a);
  if (rec.owner_organization().empty()) rec.set_owner_organization(creator.organization());
  if (rec.owner_organization().empty()) {
    return InvalidField("recommendation.owner_organization",
                        "is required: you belong to no organisation");
  }
  if (rec.priority() == R::PRIORITY_UNSPECIFIED) rec.set_priority(R::PRIORITY_NORMAL);
  RETURN_IF_ERROR(AsFieldError(deps_.directory->Track(rec.track(), call.deadline).status(),
                               "recommendation.track"));
  RETURN_IF_ERROR(CheckAuthors(call, rec.authors()));
  ASSIGN_OR_RETURN(const std::string country, OwnerCountry(call, rec.owner_organization()));

  const IdempotencyKey key = KeyForRequest(call.principal.subject, "CreateRecommendation", req);
  if (!key.request_id.empty()) {
    // A retry of a create that ran gets its first answer without a number.
    R prior;
    ASSIGN_OR_RETURN(const bool ran_before,
                     RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<bool> {
                       return FindPriorResponse(txn, sql::kSchema.RequestLog(), key, &prior);
                     }));
    if (ran_before) return prior;
  }
  // The number is taken in a statement of its own, committed at once: the
  // summit's counter row stays locked for that statement only, not through
  // the create's inserts, index updates and commit, which would make every
  // create in a summit wait for the one before. A create that fails after
  // taking its number leaves a gap; numbers stay unique and increasing.
  ASSIGN_OR_RETURN(const int number,
                   RunAutocommit(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<int> {
                     return txn.exec_prepared(sql::kNextNumber, req.parent())[0][0].as<int>();
                   }));
  const v1::RecommendationVersion& v = req.first_version();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<R>(txn, sql::kSchema.RequestLog(), key, [&]() -> absl::StatusOr<R> {
      const std::string id =
          req.recommendation_id().empty() ? absl::StrCat("rec-", number) : req.recommendation_id();
      const std::string name = absl::StrCat(req.parent(), "/recommendations/", id);
      std::vector<RecommendationRow> created = QueryRecommendations(
          txn, sql::kInsertRecommendation, name, req.parent(), number, rec.track(),
          rec.owner_organization(), country, ToJsonArray(authors), R::State_Name(R::STATE_DRAFT),
          R::Priority_Name(rec.priority()), v.title(), v.summary(), v.body(), v.language(),
          v.change_note(), call.principal.subject);
      if (created.empty()) return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
      const RecommendationRow& row = created.front();
      sql::kSchema.Record(txn, call, "recommendations.recommendation.created", name, "",
                          ToJson(row.resource), req.request_id());
      return row.resource;
    });
  });
}

absl::StatusOr<R> Recommendations::GetRecommendation(
    const CallContext& call, DbSession& db, const v1::GetRecommendationRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateRecommendationName("name", req.name()));
  return RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(RecommendationRow row,
                     internal::LoadVisible(txn, req.name(), call.principal, false));
    return PresentTo(call.principal, std::move(row));
  });
}

absl::StatusOr<v1::ListRecommendationsResponse> Recommendations::ListRecommendations(
    const CallContext& call, DbSession& db, const v1::ListRecommendationsRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  if (!req.track().empty()) {
    RETURN_IF_ERROR(ParseResourceName("track", req.track(), {"summits", "tracks"}).status());
  }
  if (!R::State_IsValid(req.state())) return InvalidField("state", "is not a known state");
  if (!req.organization().empty()) {
    RETURN_IF_ERROR(
        ParseResourceName("organization", req.organization(), {"organizations"}).status());
  }
  if (!req.author().empty()) {
    RETURN_IF_ERROR(ParseResourceName("author", req.author(), {"people"}).status());
  }
  if (!req.country_code().empty()) {
    RETURN_IF_ERROR(ValidateCountryCode("country_code", req.country_code()));
  }
  RETURN_IF_ERROR(ValidateText("query", req.query(), {.max_chars = 200}));
  // Every whitespace-separated term must occur. When no term has three
  // characters (too short for trigrams), the one with the most may go to the
  // index of one- and two-character pieces instead, below.
  std::vector<std::string> patterns;
  std::string short_term;
  size_t longest_chars = 0;
  for (absl::string_view term :
       absl::StrSplit(req.query(), absl::ByAnyChar(" \t\n"), absl::SkipEmpty())) {
    const std::string pattern = ContainsPattern(term);
    if (absl::c_linear_search(patterns, pattern)) continue;
    patterns.push_back(pattern);
    const size_t chars = CharacterCount(term);
    if (chars > longest_chars) {
      longest_chars = chars;
      short_term = std::string(term);
    }
  }
  if (longest_chars >= 3) short_term.clear();
  sql::ListFilters filters;
  filters.summit = req.parent();
  filters.caller = call.principal.subject;
  filters.sees_submitted = IsCoordinatorOrService(call.principal);
  if (!req.track().empty()) filters.track = req.track();
  if (req.state() != R::STATE_UNSPECIFIED) filters.state = R::State_Name(req.state());
  if (!req.organization().empty()) filters.organization = req.organization();
  if (!req.author().empty()) filters.author = req.author();
  if (!req.country_code().empty()) filters.country_code = req.country_code();
  if (req.has_updated_after()) {
    filters.updated_after_micros = absl::ToUnixMicros(FromProtoTime(req.updated_after()));
  }
  filters.term_patterns = std::move(patterns);
  v1::ListRecommendationsRequest shape = req;  // the query without paging, for the token
  shape.clear_page_size();
  shape.clear_page_token();
  ASSIGN_OR_RETURN(const PageRequest page,
                   StartPage(req.page_size(), req.page_token(), Fingerprint(shape)));
  ASSIGN_OR_RETURN(filters.after_number, AfterNumber(page));
  filters.limit = page.limit();
  return RunRead(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListRecommendationsResponse> {
        // A short term goes through the short-piece index only when rare:
        // then the trigram pattern (which would match every row) is dropped.
        sql::ListFilters these = filters;
        if (!short_term.empty() &&
            txn.exec_prepared1(sql::kShortTermIsRare, short_term)[0].as<bool>()) {
          these.rare_short_term = short_term;
          const auto pattern = absl::c_find(these.term_patterns, ContainsPattern(short_term));
          if (pattern != these.term_patterns.end()) these.term_patterns.erase(pattern);
        }
        const sql::ListStatement list = sql::BuildListStatement(these);
        // Prepared on this session's first use of its shape; again is a no-op.
        txn.conn().prepare(list.statement.name, list.statement.sql);
        std::vector<RecommendationRow> found = QueryRecommendations(
            txn, list.statement.name, pqxx::prepare::make_dynamic_params(list.arguments));
        // Keyed by the recommendation's number (REC-<n>), read with the rows.
        v1::ListRecommendationsResponse resp;
        resp.set_next_page_token(FinishPage(
            page, &found, [](const RecommendationRow& row) { return absl::StrCat(row.number); }));
        resp.mutable_recommendations()->Reserve(static_cast<int>(found.size()));
        for (RecommendationRow& row : found) {
          PresentInto(call.principal, std::move(row), resp.add_recommendations());
        }
        return resp;
      });
}

absl::StatusOr<R> Recommendations::UpdateRecommendation(
    const CallContext& call, DbSession& db, const v1::UpdateRecommendationRequest& req) const {
  const R& patch = req.recommendation();
  RETURN_IF_ERROR(internal::ValidateRecommendationName("recommendation.name", patch.name()));
  static const std::vector<std::string> kMutable = {"track", "priority", "authors",
                                                    "owner_organization"};
  ASSIGN_OR_RETURN(const std::vector<std::string> paths,
                   ResolveUpdateMask(patch, req.update_mask(), kMutable));
  const auto changes = [&](const char* f) { return absl::c_linear_search(paths, f); };
  if (changes("authors") && patch.authors().empty()) {
    return InvalidField("recommendation.authors", "needs at least one author");
  }
  // Check what the patch refers to before any row is locked.
  const std::string summit = internal::SummitOf(patch.name());
  if (changes("track")) {
    RETURN_IF_ERROR(ValidateTrackName(patch.track(), summit));
    RETURN_IF_ERROR(AsFieldError(deps_.directory->Track(patch.track(), call.deadline).status(),
                                 "recommendation.track"));
  }
  if (changes("authors")) {
    RETURN_IF_ERROR(ValidateAuthorNames(patch.authors()));
    RETURN_IF_ERROR(CheckAuthors(call, patch.authors()));
  }
  if (changes("priority") && !R::Priority_IsValid(patch.priority())) {
    return InvalidField("recommendation.priority", "is not a known priority");
  }
  std::string new_country;
  if (changes("owner_organization")) {
    RETURN_IF_ERROR(ParseResourceName("recommendation.owner_organization",
                                      patch.owner_organization(), {"organizations"})
                        .status());
    ASSIGN_OR_RETURN(new_country, OwnerCountry(call, patch.owner_organization()));
  }
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(RecommendationRow row,
                     internal::LoadForAuthor(txn, patch.name(), call.principal, "changing it"));
    RETURN_IF_ERROR(CheckEtag(patch.name(), patch.etag(), row.resource.etag()));
    if (IsFinal(row.resource.state())) {
      return absl::FailedPreconditionError(absl::StrCat(
          patch.name(), " is ", StateName(row.resource.state()), " and can no longer change"));
    }
    if ((changes("track") || changes("owner_organization")) &&
        !AcceptsNewVersions(row.resource.state())) {
      return absl::FailedPreconditionError(
          absl::StrCat("track and owner can change only in draft or changes_requested; ",
                       patch.name(), " is ", StateName(row.resource.state())));
    }
    R after = row.resource;
    ApplyUpdateMask(patch, paths, &after);
    if (after.priority() == R::PRIORITY_UNSPECIFIED) after.set_priority(R::PRIORITY_NORMAL);
    const std::vector<std::string> authors(after.authors().begin(), after.authors().end());
    RecommendationRow updated = OnlyRow(QueryRecommendations(
        txn, sql::kUpdateRecommendationFields, patch.name(), after.track(),
        after.owner_organization(),
        changes("owner_organization") ? new_country : row.resource.owner_country(),
        ToJsonArray(authors), R::Priority_Name(after.priority())));
    sql::kSchema.Record(txn, call, "recommendations.recommendation.updated", patch.name(),
                        ToJson(row.resource), ToJson(updated.resource));
    return updated.resource;
  });
}

}  // namespace summit::recommendations
