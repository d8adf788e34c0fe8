// Submitting reviews and reading them under the blind-review rules.
#include "services/reviews/reviews.h"

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews_internal.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

using A = v1::Assignment;
using V = v1::Review;

absl::Status ValidateScore(absl::string_view field, int score) {
  if (score < 1 || score > 5) return InvalidField(field, "must be from 1 to 5");
  return absl::OkStatus();
}

// Verdict, scores and comments: as submitted, and as edited.
absl::Status ValidateReviewText(const V& review) {
  if (review.verdict() == V::VERDICT_UNSPECIFIED || !V::Verdict_IsValid(review.verdict())) {
    return InvalidField("review.verdict",
                        "is required: approve, minor_changes, major_changes or reject");
  }
  RETURN_IF_ERROR(ValidateScore("review.scores.relevance", review.scores().relevance()));
  RETURN_IF_ERROR(ValidateScore("review.scores.feasibility", review.scores().feasibility()));
  RETURN_IF_ERROR(ValidateScore("review.scores.impact", review.scores().impact()));
  RETURN_IF_ERROR(ValidateText("review.comments_to_authors", review.comments_to_authors(),
                               {.required = true, .max_chars = kMaxLongTextChars}));
  return ValidateText("review.confidential_comments", review.confidential_comments(),
                      {.max_chars = kMaxLongTextChars});
}

absl::Status ValidateReviewName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name, {"summits", "recommendations", "reviewCycles", "reviews"})
      .status();
}

// `.../reviewCycles/{c}/reviews/{a}` answers `.../reviewCycles/{c}/assignments/{a}`.
std::string AssignmentOfReview(const std::string& review) {
  const size_t at = review.rfind("/reviews/");
  return absl::StrCat(review.substr(0, at), "/assignments/", review.substr(at + 9));
}

// Why kSubmitReview stored nothing, from the cycle's and the assignment's
// states it saw under their locks.
absl::Status RefusedSubmission(const std::string& cycle_name, const pqxx::row& seen) {
  if (seen["cycle_state"].as<std::string>() != "STATE_OPEN") {
    return absl::FailedPreconditionError(absl::StrCat(cycle_name, " is no longer open"));
  }
  const A::State state = ReadAssignmentState(seen["assignment_state"]);
  if (state == A::STATE_INVITED) {
    return absl::FailedPreconditionError("accept the invitation before submitting a review");
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the assignment is ", absl::AsciiStrToLower(A::State_Name(state).substr(6)),
                   "; a review can be submitted once"));
}

}  // namespace

absl::StatusOr<V> Reviews::SubmitReview(const CallContext& call, DbSession& db,
                                        const v1::SubmitReviewRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateAssignmentName("parent", req.parent()));
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  const V& review = req.review();
  RETURN_IF_ERROR(ValidateReviewText(review));
  const std::string cycle_name = internal::CycleOf(req.parent());
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, cycle_name));
  if (ctx.own < 0 || ctx.assignments[ctx.own].assignment.name() != req.parent()) {
    if (ctx.is_author || ctx.is_coordinator) {
      return absl::PermissionDeniedError("only the assigned reviewer submits this review");
    }
    return ResourceNotFound(req.parent());
  }
  // Authors may have changed since the assignment: a new co-author from the
  // reviewer's organisation blocks the review now.
  ASSIGN_OR_RETURN(const PersonFacts me, Facts(call, call.principal.subject));
  if (absl::Status conflict = CheckConflict(me, ctx.authors); !conflict.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("you can no longer review this recommendation: ", conflict.message()));
  }
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<V>(
        txn, sql::kSchema.RequestLog(), KeyForRequest(call.principal.subject, "SubmitReview", req),
        [&]() -> absl::StatusOr<V> {
          const std::string name = absl::StrCat(cycle_name, "/reviews/",
                                                req.parent().substr(req.parent().rfind('/') + 1));
          const pqxx::result r = txn.exec_prepared(
              sql::kSubmitReview, name, cycle_name, req.parent(), call.principal.subject,
              V::Verdict_Name(review.verdict()), review.scores().relevance(),
              review.scores().feasibility(), review.scores().impact(), review.comments_to_authors(),
              review.confidential_comments());
          if (r.empty()) return ResourceNotFound(req.parent());
          if (r[0]["name"].is_null()) return RefusedSubmission(cycle_name, r[0]);
          // The cycle as Load read it, unless it changed since: then as it
          // is now, under the lock.
          CycleRow cycle = ctx.cycle;
          if (MakeEtag(r[0]["cycle_version"].as<int64_t>()) != cycle.cycle.etag() ||
              r[0]["author_responded"].as<bool>() != cycle.cycle.author_responded()) {
            cycle = ReadCycle(txn.exec_prepared(sql::kGetCycle, cycle_name)[0]);
          }
          V saved = ReadReview(r[0]);
          saved.set_pseudonym(Pseudonym(ctx.assignments[ctx.own].position));
          sql::kSchema.Record(txn, call, "reviews.review.submitted", name, "", ToJson(saved),
                              req.request_id());
          // The last review needed opens the authors' response, when asked for.
          if (cycle.cycle.policy().author_response() &&
              txn.exec_prepared(sql::kCountReviews, cycle_name)[0][0].as<int>() ==
                  cycle.cycle.policy().required_reviews()) {
            sql::kSchema.Record(txn, call, "reviews.cycle.reviews_in", cycle_name, "",
                                ToJson(cycle.cycle));
          }
          return saved;
        });
  });
}

absl::StatusOr<v1::ListReviewsResponse> Reviews::ListReviews(
    const CallContext& call, DbSession& db, const v1::ListReviewsRequest& req) const {
  RETURN_IF_ERROR(internal::ValidateCycleName("parent", req.parent()));
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("reviews|", req.parent())));
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, req.parent()));
  std::vector<V> reviews;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    reviews.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListReviews, req.parent()))
      reviews.push_back(ReadReview(r));
    return absl::OkStatus();
  }));
  const v1::BlindMode mode = ctx.cycle.cycle.policy().blind_mode();
  const bool own_submitted =
      ctx.own >= 0 && ctx.assignments[ctx.own].assignment.state() == A::STATE_SUBMITTED;
  const bool decided = ctx.cycle.cycle.state() == v1::ReviewCycle::STATE_DECIDED;
  const bool response_open =
      ctx.cycle.cycle.policy().author_response() &&
      static_cast<int>(reviews.size()) >= ctx.cycle.cycle.policy().required_reviews();
  v1::ListReviewsResponse resp;
  for (V v : reviews) {
    const auto assignment = absl::c_find_if(ctx.assignments, [&](const AssignmentRow& a) {
      return a.assignment.name() == v.assignment();
    });
    if (assignment != ctx.assignments.end()) v.set_pseudonym(assignment->assignment.pseudonym());
    const bool own = v.reviewer() == call.principal.subject;
    if (!ctx.is_coordinator && !own) {
      // Authors read reviews once the cycle is decided, or once the reviews
      // are in when they are to answer them; a reviewer reads the others
      // only after submitting their own.
      if (ctx.is_author ? !decided && !response_open : !own_submitted) continue;
      v.clear_confidential_comments();
      if (!MayKnowReviewer(mode, ctx.is_author, false)) v.clear_reviewer();
    }
    *resp.add_reviews() = std::move(v);
  }
  resp.set_next_page_token(
      PageInMemory(page, resp.mutable_reviews(), [](const V& v) { return v.name(); }));
  return resp;
}

absl::StatusOr<V> Reviews::UpdateReview(const CallContext& call, DbSession& db,
                                        const v1::UpdateReviewRequest& req) const {
  const V& review = req.review();
  RETURN_IF_ERROR(ValidateReviewName("review.name", review.name()));
  RETURN_IF_ERROR(ValidateReviewText(review));
  const std::string assignment = AssignmentOfReview(review.name());
  const std::string cycle_name = internal::CycleOf(assignment);
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, cycle_name));
  if (ctx.own < 0 || ctx.assignments[ctx.own].assignment.name() != assignment) {
    if (ctx.is_author || ctx.is_coordinator) {
      return absl::PermissionDeniedError("only its reviewer edits a review");
    }
    return ResourceNotFound(review.name());
  }
  const int position = ctx.assignments[ctx.own].position;
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<V> {
    const CycleRow cycle = ReadCycle(txn.exec_prepared(sql::kGetCycleForUpdate, cycle_name)[0]);
    if (cycle.cycle.state() != v1::ReviewCycle::STATE_OPEN) {
      return absl::FailedPreconditionError(absl::StrCat(
          cycle_name, " is ",
          absl::AsciiStrToLower(v1::ReviewCycle::State_Name(cycle.cycle.state()).substr(6)),
          "; its reviews are final"));
    }
    const pqxx::result found = txn.exec_prepared(sql::kGetReviewForUpdate, review.name());
    if (found.empty()) return ResourceNotFound(review.name());
    V before = ReadReview(found[0]);
    RETURN_IF_ERROR(CheckEtag(review.name(), req.etag(), before.etag()));
    V saved = ReadReview(txn.exec_prepared(
        sql::kUpdateReview, review.name(), V::Verdict_Name(review.verdict()),
        review.scores().relevance(), review.scores().feasibility(), review.scores().impact(),
        review.comments_to_authors(), review.confidential_comments())[0]);
    before.set_pseudonym(Pseudonym(position));
    saved.set_pseudonym(Pseudonym(position));
    sql::kSchema.Record(txn, call, "reviews.review.updated", review.name(), ToJson(before),
                        ToJson(saved));
    return saved;
  });
}

absl::StatusOr<v1::ListReviewRevisionsResponse> Reviews::ListReviewRevisions(
    const CallContext& call, DbSession& db, const v1::ListReviewRevisionsRequest& req) const {
  RETURN_IF_ERROR(ValidateReviewName("parent", req.parent()));
  const std::string assignment = AssignmentOfReview(req.parent());
  ASSIGN_OR_RETURN(const Context ctx, Load(call, db, internal::CycleOf(assignment)));
  const bool own = ctx.own >= 0 && ctx.assignments[ctx.own].assignment.name() == assignment;
  if (!own && !ctx.is_coordinator) {
    if (ctx.is_author) {
      return absl::PermissionDeniedError(
          "a review's earlier texts are for its reviewer and the coordinators");
    }
    return ResourceNotFound(req.parent());
  }
  std::string pseudonym;
  for (const AssignmentRow& a : ctx.assignments) {
    if (a.assignment.name() == assignment) pseudonym = a.assignment.pseudonym();
  }
  v1::ListReviewRevisionsResponse resp;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    resp.clear_revisions();
    const pqxx::result current = txn.exec_prepared(sql::kGetReview, req.parent());
    if (current.empty()) return ResourceNotFound(req.parent());
    for (const pqxx::row& r : txn.exec_prepared(sql::kListReviewRevisions, req.parent())) {
      *resp.add_revisions() = ReadReview(r);
    }
    *resp.add_revisions() = ReadReview(current[0]);
    return absl::OkStatus();
  }));
  for (V& v : *resp.mutable_revisions()) v.set_pseudonym(pseudonym);
  return resp;
}

}  // namespace summit::reviews
