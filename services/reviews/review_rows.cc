#include "services/reviews/review_rows.h"

#include "services/common/document_store.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/reviews/review_status.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

google::protobuf::Timestamp Micros(const pqxx::field& f) {
  return ToProtoTime(absl::FromUnixMicros(f.as<int64_t>()));
}

template <typename Enum, typename Parse>
Enum ParseOr(const pqxx::field& f, Parse parse, Enum fallback) {
  Enum value = fallback;
  if (!f.is_null()) parse(f.as<std::string>(), &value);
  return value;
}

}  // namespace

CycleRow ReadCycle(const pqxx::row& r) {
  CycleRow row;
  v1::ReviewCycle& c = row.cycle;
  c.set_name(r["name"].as<std::string>());
  row.recommendation = r["recommendation"].as<std::string>();
  c.set_round(r["round"].as<int>());
  c.set_reviewed_version(r["reviewed_version"].as<int>());
  c.mutable_policy()->set_required_reviews(r["required_reviews"].as<int>());
  c.mutable_policy()->set_blind_mode(
      ParseOr(r["blind_mode"], v1::BlindMode_Parse, v1::BLIND_MODE_SINGLE_BLIND));
  c.mutable_policy()->set_require_cross_country(r["require_cross_country"].as<bool>());
  if (!r["due_time_micros"].is_null()) *c.mutable_due_time() = Micros(r["due_time_micros"]);
  c.set_state(
      ParseOr(r["state"], v1::ReviewCycle::State_Parse, v1::ReviewCycle::STATE_UNSPECIFIED));
  if (!r["outcome"].is_null()) {
    v1::Decision* d = c.mutable_decision();
    d->set_outcome(
        ParseOr(r["outcome"], v1::Decision::Outcome_Parse, v1::Decision::OUTCOME_UNSPECIFIED));
    d->set_rationale(r["rationale"].is_null() ? "" : r["rationale"].as<std::string>());
    d->set_decider(r["decider"].is_null() ? "" : r["decider"].as<std::string>());
    if (!r["decide_time_micros"].is_null())
      *d->mutable_decide_time() = Micros(r["decide_time_micros"]);
  }
  c.set_opened_by(r["opened_by"].as<std::string>());
  c.set_etag(MakeEtag(r["version"].as<int64_t>()));
  *c.mutable_create_time() = Micros(r["create_time_micros"]);
  *c.mutable_update_time() = Micros(r["update_time_micros"]);
  row.authors = FromJsonArray(r["authors"].as<std::string>());
  row.track = r["track"].as<std::string>();
  row.number = r["number"].as<std::string>();
  c.mutable_policy()->set_author_response(r["author_response"].as<bool>());
  if (!r["response_due_micros"].is_null()) {
    *c.mutable_author_response_due_time() = Micros(r["response_due_micros"]);
  }
  c.set_author_responded(r["author_responded"].as<bool>());
  return row;
}

v1::Assignment::State ReadAssignmentState(const pqxx::field& f) {
  return ParseOr(f, v1::Assignment::State_Parse, v1::Assignment::STATE_UNSPECIFIED);
}

AssignmentRow ReadAssignment(const pqxx::row& r, absl::Time now) {
  AssignmentRow row;
  v1::Assignment& a = row.assignment;
  a.set_name(r["name"].as<std::string>());
  row.cycle = r["cycle"].as<std::string>();
  row.position = r["position"].as<int>();
  a.set_pseudonym(Pseudonym(row.position));
  a.set_reviewer(r["reviewer"].as<std::string>());
  row.reviewer_country = r["reviewer_country"].as<std::string>();
  a.set_state(ParseOr(r["state"], v1::Assignment::State_Parse, v1::Assignment::STATE_UNSPECIFIED));
  a.set_decline_reason(r["decline_reason"].as<std::string>());
  *a.mutable_response_due_time() = Micros(r["response_due_time_micros"]);
  *a.mutable_review_due_time() = Micros(r["review_due_time_micros"]);
  a.set_overdue(
      DeriveOverdue(a.state(), absl::FromUnixMicros(r["response_due_time_micros"].as<int64_t>()),
                    absl::FromUnixMicros(r["review_due_time_micros"].as<int64_t>()), now));
  a.set_etag(MakeEtag(r["version"].as<int64_t>()));
  *a.mutable_create_time() = Micros(r["create_time_micros"]);
  *a.mutable_update_time() = Micros(r["update_time_micros"]);
  a.set_removal_reason(r["removal_reason"].as<std::string>());
  a.set_replaced_by(r["replaced_by"].as<std::string>());
  return row;
}

std::vector<AssignmentRow> ReadAssignments(pqxx::transaction_base& txn, const std::string& cycle,
                                           absl::Time now) {
  std::vector<AssignmentRow> rows;
  for (const pqxx::row& r : txn.exec_prepared(sql::kListAssignments, cycle)) {
    rows.push_back(ReadAssignment(r, now));
  }
  return rows;
}

std::optional<std::pair<CycleRow, std::vector<AssignmentRow>>> ReadCycleWithAssignments(
    const pqxx::result& rows, absl::Time now) {
  if (rows.empty()) return std::nullopt;
  // Both halves have columns called name, state, version...: each half is
  // read from its own slice of the row, where the names are its own.
  const pqxx::row::size_type marker = rows.column_number("assignment_columns_follow");
  std::pair<CycleRow, std::vector<AssignmentRow>> found{ReadCycle(rows[0].slice(0, marker)), {}};
  for (const pqxx::row& r : rows) {
    const pqxx::row assignment = r.slice(marker + 1, r.size());
    if (!assignment["name"].is_null()) found.second.push_back(ReadAssignment(assignment, now));
  }
  return found;
}

v1::Review ReadReview(const pqxx::row& r) {
  v1::Review v;
  v.set_name(r["name"].as<std::string>());
  v.set_assignment(r["assignment"].as<std::string>());
  v.set_reviewer(r["reviewer"].as<std::string>());
  v.set_round(r["round"].as<int>());
  v.set_verdict(ParseOr(r["verdict"], v1::Review::Verdict_Parse, v1::Review::VERDICT_UNSPECIFIED));
  v.mutable_scores()->set_relevance(r["relevance"].as<int>());
  v.mutable_scores()->set_feasibility(r["feasibility"].as<int>());
  v.mutable_scores()->set_impact(r["impact"].as<int>());
  v.set_comments_to_authors(r["comments_to_authors"].as<std::string>());
  v.set_confidential_comments(r["confidential_comments"].as<std::string>());
  *v.mutable_submit_time() = Micros(r["submit_time_micros"]);
  v.set_revision(r["revision"].as<int>());
  *v.mutable_update_time() = Micros(r["update_time_micros"]);
  v.set_etag(MakeEtag(v.revision()));
  return v;
}

v1::AuthorResponse ReadAuthorResponse(const pqxx::row& r) {
  v1::AuthorResponse a;
  a.set_name(r["name"].as<std::string>());
  a.set_body(r["body"].as<std::string>());
  a.set_author(r["author"].as<std::string>());
  a.set_revision(r["revision"].as<int>());
  *a.mutable_create_time() = Micros(r["create_time_micros"]);
  *a.mutable_update_time() = Micros(r["update_time_micros"]);
  a.set_etag(MakeEtag(a.revision()));
  return a;
}

CommentRow ReadComment(const pqxx::row& r) {
  CommentRow row;
  v1::Comment& c = row.comment;
  c.set_name(r["name"].as<std::string>());
  row.recommendation = r["recommendation"].as<std::string>();
  row.authors = FromJsonArray(r["authors"].as<std::string>());
  c.set_thread(r["thread"].as<std::string>());
  c.set_reply_to(r["reply_to"].as<std::string>());
  c.set_audience(
      ParseOr(r["audience"], v1::Comment::Audience_Parse, v1::Comment::AUDIENCE_UNSPECIFIED));
  c.set_review_cycle(r["review_cycle"].as<std::string>());
  c.set_author(r["author"].as<std::string>());
  row.writer_role = r["writer_role"].as<std::string>();
  row.writer_position = r["writer_position"].as<int>();
  c.set_body(r["body"].as<std::string>());
  c.set_state(ParseOr(r["state"], v1::Comment::State_Parse, v1::Comment::STATE_UNSPECIFIED));
  c.set_revision(r["revision"].as<int>());
  c.set_etag(MakeEtag(r["version"].as<int64_t>()));
  *c.mutable_create_time() = Micros(r["create_time_micros"]);
  *c.mutable_update_time() = Micros(r["update_time_micros"]);
  return row;
}

}  // namespace summit::reviews
