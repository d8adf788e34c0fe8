// Author responses (rebuttals): the authors answer a round's reviews before
// the decision, when the cycle's policy asks for it.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_internal.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

using R = v1::AuthorResponse;

constexpr char kSuffix[] = "/authorResponse";

// The response as the caller may see it: double-blind reviewers do not
// learn which author wrote it.
R PresentResponse(const Reviews::Context& ctx, R response) {
  if (!ctx.is_author && !ctx.is_coordinator &&
      ctx.cycle.cycle.policy().blind_mode() == v1::BLIND_MODE_DOUBLE_BLIND) {
    response.clear_author();
  }
  return response;
}

}  // namespace

absl::StatusOr<R> Reviews::SubmitAuthorResponse(const CallContext& call, DbSession& db,
                                                const v1::SubmitAuthorResponseRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("parent", req.parent()));
  RETURN_IF_ERROR(ValidateText("author_response.body", req.author_response().body(),
                               {.required = true, .max_chars = kMaxLongTextChars}));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.parent()));
  if (!ctx.is_author) {
    return absl::PermissionDeniedError(
        "an author response is written by the recommendation's authors");
  }
  absl::StatusOr<R> saved =
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<R> {
        const CycleRow cycle =
            ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, req.parent())[0]);
        const v1::ReviewPolicy& policy = cycle.cycle.policy();
        if (!policy.author_response()) {
          return absl::FailedPreconditionError(
              absl::StrCat(req.parent(), " does not ask for an author response"));
        }
        if (cycle.cycle.state() != v1::ReviewCycle::STATE_OPEN) {
          return absl::FailedPreconditionError(absl::StrCat(req.parent(), " is no longer open"));
        }
        const int reviews = txn.exec_prepared(sql::kCountReviews, req.parent())[0][0].as<int>();
        if (reviews < policy.required_reviews()) {
          return absl::FailedPreconditionError(
              absl::StrCat("the authors answer once the ", policy.required_reviews(),
                           " reviews are in; ", reviews, " so far"));
        }
        const pqxx::result before = txn.exec_prepared(sql::kGetAuthorResponse, req.parent());
        std::string before_json;
        if (!before.empty()) {
          const R current = ReadAuthorResponse(before[0]);
          RETURN_IF_ERROR(CheckEtag(current.name(), req.etag(), current.etag()));
          before_json = ToJson(current);
        }
        const R after = ReadAuthorResponse(txn.exec_prepared(
            sql::kPutAuthorResponse, absl::StrCat(req.parent(), kSuffix), req.parent(),
            req.author_response().body(), call.principal.subject)[0]);
        sql::kSchema.Record(txn, call, "reviews.author_response.submitted", after.name(),
                            before_json, ToJson(after));
        return after;
      });
  if (!saved.ok()) return saved.status();
  return PresentResponse(ctx, *std::move(saved));
}

absl::StatusOr<R> Reviews::GetAuthorResponse(const CallContext& call, DbSession& db,
                                             const v1::GetAuthorResponseRequest& req) const {
  if (!absl::EndsWith(req.name(), kSuffix)) {
    return InvalidField("name", "must be …/reviewCycles/{cycle}/authorResponse");
  }
  const std::string cycle = req.name().substr(0, req.name().size() - (sizeof(kSuffix) - 1));
  RETURN_IF_ERROR(internal::ValidateCycleName("name", cycle));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, cycle));
  // Invited reviewers who have not accepted read nothing of the round yet.
  if (!ctx.is_author && !ctx.is_coordinator &&
      ctx.assignments[ctx.own].assignment.state() == v1::Assignment::STATE_INVITED) {
    return ResourceNotFound(req.name());
  }
  R response;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    const pqxx::result found = txn.exec_prepared(sql::kGetAuthorResponse, cycle);
    if (found.empty()) return ResourceNotFound(req.name());
    response = ReadAuthorResponse(found[0]);
    return absl::OkStatus();
  }));
  return PresentResponse(ctx, std::move(response));
}

}  // namespace summit::reviews
