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
  c.set_name(r[0].as<std::string>());
  row.recommendation = r[1].as<std::string>();
  c.set_round(r[2].as<int>());
  c.set_reviewed_version(r[3].as<int>());
  c.mutable_policy()->set_required_reviews(r[4].as<int>());
  c.mutable_policy()->set_blind_mode(
      ParseOr(r[5], v1::BlindMode_Parse, v1::BLIND_MODE_SINGLE_BLIND));
  c.mutable_policy()->set_require_cross_country(r[6].as<bool>());
  if (!r[7].is_null()) *c.mutable_due_time() = Micros(r[7]);
  c.set_state(ParseOr(r[8], v1::ReviewCycle::State_Parse, v1::ReviewCycle::STATE_UNSPECIFIED));
  if (!r[9].is_null()) {
    v1::Decision* d = c.mutable_decision();
    d->set_outcome(ParseOr(r[9], v1::Decision::Outcome_Parse, v1::Decision::OUTCOME_UNSPECIFIED));
    d->set_rationale(r[10].is_null() ? "" : r[10].as<std::string>());
    d->set_decider(r[11].is_null() ? "" : r[11].as<std::string>());
    if (!r[12].is_null()) *d->mutable_decide_time() = Micros(r[12]);
  }
  c.set_opened_by(r[13].as<std::string>());
  c.set_etag(MakeEtag(r[14].as<int64_t>()));
  *c.mutable_create_time() = Micros(r[15]);
  *c.mutable_update_time() = Micros(r[16]);
  row.authors = FromJsonArray(r[17].as<std::string>());
  row.track = r[18].as<std::string>();
  row.number = r[19].as<std::string>();
  return row;
}

AssignmentRow ReadAssignment(const pqxx::row& r, absl::Time now) {
  AssignmentRow row;
  v1::Assignment& a = row.assignment;
  a.set_name(r[0].as<std::string>());
  row.cycle = r[1].as<std::string>();
  row.position = r[2].as<int>();
  a.set_pseudonym(Pseudonym(row.position));
  a.set_reviewer(r[3].as<std::string>());
  row.reviewer_country = r[4].as<std::string>();
  a.set_state(ParseOr(r[5], v1::Assignment::State_Parse, v1::Assignment::STATE_UNSPECIFIED));
  a.set_decline_reason(r[6].as<std::string>());
  *a.mutable_response_due_time() = Micros(r[7]);
  *a.mutable_review_due_time() = Micros(r[8]);
  a.set_overdue(DeriveOverdue(a.state(), absl::FromUnixMicros(r[7].as<int64_t>()),
                              absl::FromUnixMicros(r[8].as<int64_t>()), now));
  a.set_etag(MakeEtag(r[9].as<int64_t>()));
  *a.mutable_create_time() = Micros(r[10]);
  *a.mutable_update_time() = Micros(r[11]);
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

v1::Review ReadReview(const pqxx::row& r) {
  v1::Review v;
  v.set_name(r[0].as<std::string>());
  v.set_assignment(r[2].as<std::string>());
  v.set_reviewer(r[3].as<std::string>());
  v.set_round(r[4].as<int>());
  v.set_verdict(ParseOr(r[5], v1::Review::Verdict_Parse, v1::Review::VERDICT_UNSPECIFIED));
  v.mutable_scores()->set_relevance(r[6].as<int>());
  v.mutable_scores()->set_feasibility(r[7].as<int>());
  v.mutable_scores()->set_impact(r[8].as<int>());
  v.set_comments_to_authors(r[9].as<std::string>());
  v.set_confidential_comments(r[10].as<std::string>());
  *v.mutable_submit_time() = Micros(r[11]);
  return v;
}

}  // namespace summit::reviews
