// Discussion threads on a recommendation: who reads and writes which
// audience (comment_rules.h), replies, edits with history, soft deletion.
#include <algorithm>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
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

namespace dv1 = directory::v1;
using C = v1::Comment;

absl::Status ValidateCommentName(absl::string_view field, absl::string_view name) {
  return ParseResourceName(field, name, {"summits", "recommendations", "comments"}).status();
}

// `summits/{s}/recommendations/{r}/comments/{c}` -> the recommendation.
std::string RecommendationOfComment(const std::string& comment) {
  return comment.substr(0, comment.find("/comments/"));
}

absl::Status ValidateBody(absl::string_view field, absl::string_view body) {
  return ValidateText(field, body, {.required = true, .max_chars = kMaxLongTextChars});
}

// The comment as stored and audited: writer named, with their label.
C Stored(const CommentRow& row) {
  C c = row.comment;
  c.set_author_label(WriterLabel(ParseWriterRole(row.writer_role), row.writer_position));
  return c;
}

// The comment, locked, if the caller reads its thread; NOT_FOUND otherwise
// (the same answer as for one that does not exist).
absl::StatusOr<CommentRow> LockReadable(pqxx::transaction_base& txn, const Reviews::Discussion& d,
                                        const std::string& name, const std::string& me) {
  const pqxx::result found = txn.exec_prepared(sql::kGetCommentForUpdate, name);
  if (found.empty()) return ResourceNotFound(name);
  CommentRow row = ReadComment(found[0]);
  if (!MayRead(row.comment.audience(), d.RoleIn(row.comment.review_cycle(), me))) {
    return ResourceNotFound(name);
  }
  return row;
}

}  // namespace

DiscussionRole Reviews::Discussion::RoleIn(const std::string& cycle,
                                           const std::string& subject) const {
  DiscussionRole role{.is_author = is_author, .is_coordinator = is_coordinator};
  auto it = assignments.find(cycle);
  if (cycle.empty() || it == assignments.end()) return role;
  for (const AssignmentRow& a : it->second) {
    if (a.assignment.reviewer() == subject) AddAssignment(a.assignment.state(), a.position, &role);
  }
  return role;
}

bool Reviews::Discussion::Reads(const std::string& subject) const {
  if (is_author || is_coordinator) return true;
  for (const auto& [cycle, rows] : assignments) {
    if (RoleIn(cycle, subject).is_reviewer) return true;
  }
  return false;
}

absl::StatusOr<Reviews::Discussion> Reviews::LoadDiscussion(
    const CallContext& call, DbSession& db, const std::string& recommendation) const {
  Discussion d;
  d.recommendation = recommendation;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    d.cycles.clear();
    d.assignments.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListCycles, recommendation)) {
      CycleRow cycle = ReadCycle(r);
      d.assignments[cycle.cycle.name()] =
          ReadAssignments(txn, cycle.cycle.name(), deps_.clock->Now());
      d.cycles.emplace(cycle.cycle.name(), std::move(cycle));
    }
    return absl::OkStatus();
  }));
  // Who the caller is to the work, from a recent look at it (as Load).
  absl::StatusOr<recommendations::v1::Recommendation> rec =
      deps_.recommendations->GetRecent(recommendation, call.deadline);
  if (rec.ok()) {
    d.authors.assign(rec->authors().begin(), rec->authors().end());
  } else if (rec.status().code() == absl::StatusCode::kUnavailable && !d.cycles.empty()) {
    d.authors = d.cycles.rbegin()->second.authors;  // as last seen by a cycle
  } else if (rec.status().code() == absl::StatusCode::kNotFound) {
    // Drafts too: the discussion starts once the work is submitted.
    return ResourceNotFound(recommendation);
  } else {
    return rec.status();
  }
  d.is_author = absl::c_linear_search(d.authors, call.principal.subject);
  d.is_coordinator =
      !d.is_author && (call.principal.IsService() || call.principal.Has(dv1::ROLE_COORDINATOR));
  if (!d.Reads(call.principal.subject)) return ResourceNotFound(recommendation);
  return d;
}

C Reviews::PresentComment(const CallContext& call, const Discussion& d,
                          const CommentRow& row) const {
  C c = Stored(row);
  const DiscussionRole viewer = d.RoleIn(c.review_cycle(), call.principal.subject);
  v1::BlindMode mode = v1::BLIND_MODE_OPEN;
  if (auto cycle = d.cycles.find(c.review_cycle()); cycle != d.cycles.end()) {
    mode = cycle->second.cycle.policy().blind_mode();
  }
  if (!MayKnowWriter(ParseWriterRole(row.writer_role), mode, viewer,
                     c.author() == call.principal.subject)) {
    c.clear_author();
  }
  if (c.state() == C::STATE_DELETED) c.clear_body();
  return c;
}

absl::StatusOr<C> Reviews::CreateComment(const CallContext& call, DbSession& db,
                                         const v1::CreateCommentRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("parent", req.parent(), {"summits", "recommendations"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  const C& in = req.comment();
  RETURN_IF_ERROR(ValidateBody("comment.body", in.body()));
  if (!in.reply_to().empty()) {
    RETURN_IF_ERROR(ValidateCommentName("comment.reply_to", in.reply_to()));
    if (RecommendationOfComment(in.reply_to()) != req.parent()) {
      return InvalidField("comment.reply_to", absl::StrCat("must be a comment of ", req.parent()));
    }
  }
  if (!in.review_cycle().empty()) {
    RETURN_IF_ERROR(internal::ValidateCycleName("comment.review_cycle", in.review_cycle()));
    if (internal::RecommendationOf(in.review_cycle()) != req.parent()) {
      return InvalidField("comment.review_cycle",
                          absl::StrCat("must be a review cycle of ", req.parent()));
    }
  }
  if (!C::Audience_IsValid(in.audience())) {
    return InvalidField("comment.audience", "is not a known audience");
  }
  ASSIGN_OR_RETURN(const Discussion d, LoadDiscussion(call, db, req.parent()));
  const std::string& me = call.principal.subject;
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<C>(
        txn, sql::kSchema.RequestLog(), KeyForRequest(me, "CreateComment", req),
        [&]() -> absl::StatusOr<C> {
          C::Audience audience = in.audience();
          std::string cycle = in.review_cycle();
          std::string thread;
          if (!in.reply_to().empty()) {
            const pqxx::result found = txn.exec_prepared(sql::kGetComment, in.reply_to());
            if (found.empty()) return ResourceNotFound(in.reply_to());
            const CommentRow parent = ReadComment(found[0]);
            const C& p = parent.comment;
            if (!MayRead(p.audience(), d.RoleIn(p.review_cycle(), me))) {
              return ResourceNotFound(in.reply_to());
            }
            if (p.state() == C::STATE_DELETED) {
              return absl::FailedPreconditionError(
                  absl::StrCat(in.reply_to(), " was deleted; reply in its thread instead"));
            }
            if (audience != C::AUDIENCE_UNSPECIFIED && audience != p.audience()) {
              return InvalidField("comment.audience",
                                  absl::StrCat("a reply goes to its thread's audience (",
                                               C::Audience_Name(p.audience()), ")"));
            }
            if (!cycle.empty() && cycle != p.review_cycle()) {
              return InvalidField("comment.review_cycle", "a reply stays in its thread's cycle");
            }
            audience = p.audience();
            cycle = p.review_cycle();
            thread = p.thread();
          } else if (NeedsCycle(audience)) {
            if (cycle.empty()) {
              return InvalidField("comment.review_cycle",
                                  "is required for the reviewers' and everyone's threads");
            }
            if (!d.cycles.count(cycle)) return ResourceNotFound(cycle);
          } else if (!cycle.empty()) {
            return InvalidField("comment.review_cycle",
                                "only reviewers' and everyone's threads belong to a cycle");
          }
          const DiscussionRole role = d.RoleIn(cycle, me);
          RETURN_IF_ERROR(CheckAudience(audience, role, "comment.audience"));
          const WriterRole writer = WriterRoleOf(role);
          const CommentRow row = ReadComment(txn.exec_prepared(
              sql::kInsertComment, req.parent(), thread, in.reply_to(), C::Audience_Name(audience),
              cycle, ToJsonArray(d.authors), me, WriterRoleName(writer),
              std::max(role.reviewer_position, 0), in.body())[0]);
          sql::kSchema.Record(txn, call, "reviews.comment.created", row.comment.name(), "",
                              ToJson(Stored(row)), req.request_id());
          return PresentComment(call, d, row);
        });
  });
}

absl::StatusOr<v1::ListCommentsResponse> Reviews::ListComments(
    const CallContext& call, DbSession& db, const v1::ListCommentsRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("parent", req.parent(), {"summits", "recommendations"}).status());
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("comments|", req.parent())));
  ASSIGN_OR_RETURN(const Discussion d, LoadDiscussion(call, db, req.parent()));
  std::vector<CommentRow> rows;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    rows.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListComments, req.parent())) {
      rows.push_back(ReadComment(r));
    }
    return absl::OkStatus();
  }));
  // Rows come in writing order: a thread's place is where its first comment stands.
  std::map<std::string, size_t> thread_rank;
  for (const CommentRow& row : rows) thread_rank.emplace(row.comment.thread(), thread_rank.size());
  std::stable_sort(rows.begin(), rows.end(), [&](const CommentRow& a, const CommentRow& b) {
    return thread_rank[a.comment.thread()] < thread_rank[b.comment.thread()];
  });
  v1::ListCommentsResponse resp;
  for (const CommentRow& row : rows) {
    if (!MayRead(row.comment.audience(),
                 d.RoleIn(row.comment.review_cycle(), call.principal.subject))) {
      continue;
    }
    *resp.add_comments() = PresentComment(call, d, row);
  }
  resp.set_next_page_token(
      PageInMemory(page, resp.mutable_comments(), [](const C& c) { return c.name(); }));
  return resp;
}

absl::StatusOr<C> Reviews::UpdateComment(const CallContext& call, DbSession& db,
                                         const v1::UpdateCommentRequest& req) const {
  const C& in = req.comment();
  RETURN_IF_ERROR(ValidateCommentName("comment.name", in.name()));
  RETURN_IF_ERROR(ValidateBody("comment.body", in.body()));
  ASSIGN_OR_RETURN(const Discussion d,
                   LoadDiscussion(call, db, RecommendationOfComment(in.name())));
  const std::string& me = call.principal.subject;
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<C> {
    ASSIGN_OR_RETURN(const CommentRow row, LockReadable(txn, d, in.name(), me));
    if (row.comment.author() != me) {
      return absl::PermissionDeniedError("only its writer edits a comment");
    }
    RETURN_IF_ERROR(CheckEtag(in.name(), req.etag(), row.comment.etag()));
    if (row.comment.state() == C::STATE_DELETED) {
      return absl::FailedPreconditionError(absl::StrCat(in.name(), " was deleted"));
    }
    if (row.comment.body() == in.body()) return PresentComment(call, d, row);
    const CommentRow saved =
        ReadComment(txn.exec_prepared(sql::kUpdateCommentBody, in.name(), in.body())[0]);
    sql::kSchema.Record(txn, call, "reviews.comment.updated", in.name(), ToJson(Stored(row)),
                        ToJson(Stored(saved)));
    return PresentComment(call, d, saved);
  });
}

absl::StatusOr<C> Reviews::DeleteComment(const CallContext& call, DbSession& db,
                                         const v1::DeleteCommentRequest& req) const {
  RETURN_IF_ERROR(ValidateCommentName("name", req.name()));
  ASSIGN_OR_RETURN(const Discussion d,
                   LoadDiscussion(call, db, RecommendationOfComment(req.name())));
  const std::string& me = call.principal.subject;
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<C> {
    ASSIGN_OR_RETURN(const CommentRow row, LockReadable(txn, d, req.name(), me));
    if (row.comment.author() != me && !d.is_coordinator) {
      return absl::PermissionDeniedError(
          "a comment is deleted by its writer or a coordinator who is not an author");
    }
    RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), row.comment.etag()));
    if (row.comment.state() == C::STATE_DELETED) return PresentComment(call, d, row);
    const CommentRow saved = ReadComment(txn.exec_prepared(sql::kDeleteComment, req.name())[0]);
    C after = Stored(saved);
    after.clear_body();
    sql::kSchema.Record(txn, call, "reviews.comment.deleted", req.name(), "", ToJson(after));
    return PresentComment(call, d, saved);
  });
}

absl::StatusOr<v1::ListCommentRevisionsResponse> Reviews::ListCommentRevisions(
    const CallContext& call, DbSession& db, const v1::ListCommentRevisionsRequest& req) const {
  RETURN_IF_ERROR(ValidateCommentName("parent", req.parent()));
  ASSIGN_OR_RETURN(const Discussion d,
                   LoadDiscussion(call, db, RecommendationOfComment(req.parent())));
  const std::string& me = call.principal.subject;
  v1::ListCommentRevisionsResponse resp;
  RETURN_IF_ERROR(RunRead(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    resp.clear_revisions();
    const pqxx::result found = txn.exec_prepared(sql::kGetComment, req.parent());
    if (found.empty()) return ResourceNotFound(req.parent());
    const CommentRow row = ReadComment(found[0]);
    if (!MayRead(row.comment.audience(), d.RoleIn(row.comment.review_cycle(), me))) {
      return ResourceNotFound(req.parent());
    }
    const C current = PresentComment(call, d, row);
    // Once deleted, the texts stay for the coordinators' audit only.
    if (row.comment.state() == C::STATE_DELETED && !d.is_coordinator) return absl::OkStatus();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListCommentRevisions, req.parent())) {
      C earlier = current;
      earlier.set_body(r["body"].as<std::string>());
      earlier.set_revision(r["revision"].as<int>());
      *earlier.mutable_update_time() =
          ToProtoTime(absl::FromUnixMicros(r["write_time_micros"].as<int64_t>()));
      earlier.clear_etag();
      *resp.add_revisions() = std::move(earlier);
    }
    C last = current;
    if (row.comment.state() == C::STATE_DELETED) last.set_body(row.comment.body());
    *resp.add_revisions() = std::move(last);
    return absl::OkStatus();
  }));
  return resp;
}

}  // namespace summit::reviews
