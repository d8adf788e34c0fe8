// The coordinators' status board for a summit.
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

namespace dv1 = directory::v1;
using Rec = recommendations::v1::Recommendation;
using A = v1::Assignment;

std::string StateName(Rec::State s) { return absl::AsciiStrToLower(Rec::State_Name(s).substr(6)); }

}  // namespace

absl::StatusOr<v1::StatusBoard> Reviews::GetStatusBoard(
    const CallContext& call, DbSession& db, const v1::GetStatusBoardRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("summit", req.summit(), {"summits"}).status());
  if (!call.principal.IsService() && !call.principal.Has(dv1::ROLE_COORDINATOR)) {
    return absl::PermissionDeniedError("the status board is for coordinators");
  }
  ASSIGN_OR_RETURN(const std::vector<Rec> recs,
                   deps_.recommendations->ListSummit(req.summit(), call.deadline));
  const absl::Time now = deps_.clock->Now();
  std::map<std::string, CycleRow> latest_cycle;                   // by recommendation
  std::map<std::string, std::vector<AssignmentRow>> assignments;  // by cycle
  std::map<std::string, std::string> recommendation_of_cycle;
  std::map<std::string, std::vector<v1::Review::Verdict>> verdicts;  // by cycle
  std::map<std::string, int> reviews_by_country;
  std::vector<v1::StatusBoard::RefusedEffect> refused;
  RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
    latest_cycle.clear();
    assignments.clear();
    verdicts.clear();
    reviews_by_country.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kCyclesOfSummit, req.summit())) {
      CycleRow c = ReadCycle(r);
      recommendation_of_cycle[c.cycle.name()] = c.recommendation;
      latest_cycle[c.recommendation] = std::move(c);
    }
    std::map<std::string, std::string> country_of_reviewer;
    for (const pqxx::row& r : txn.exec_prepared(sql::kAssignmentsOfSummit, req.summit())) {
      AssignmentRow a = ReadAssignment(r, now);
      country_of_reviewer[a.assignment.reviewer()] = a.reviewer_country;
      assignments[a.cycle].push_back(std::move(a));
    }
    refused.clear();
    for (const pqxx::row& r : txn.exec_prepared(sql::kListRefused, req.summit())) {
      v1::StatusBoard::RefusedEffect e;
      e.set_recommendation(r["recommendation"].as<std::string>());
      e.set_kind(r["kind"].as<std::string>());
      if (!r["target_state"].is_null()) e.set_target_state(r["target_state"].as<std::string>());
      if (!r["last_error"].is_null()) e.set_reason(r["last_error"].as<std::string>());
      *e.mutable_refuse_time() =
          ToProtoTime(absl::FromUnixMicros(r["refused_time_micros"].as<int64_t>()));
      refused.push_back(std::move(e));
    }
    for (const pqxx::row& r : txn.exec_prepared(sql::kReviewsOfSummit, req.summit())) {
      v1::Review::Verdict v = v1::Review::VERDICT_UNSPECIFIED;
      v1::Review::Verdict_Parse(r["verdict"].as<std::string>(), &v);
      verdicts[r["cycle"].as<std::string>()].push_back(v);
      ++reviews_by_country[country_of_reviewer[r["reviewer"].as<std::string>()]];
    }
    return absl::OkStatus();
  }));

  v1::StatusBoard board;
  board.set_summit(req.summit());
  *board.mutable_as_of() = ToProtoTime(now);
  for (v1::StatusBoard::RefusedEffect& e : refused) *board.add_refused_effects() = std::move(e);
  std::map<std::pair<std::string, std::string>, int> counts;
  std::map<std::string, v1::StatusBoard::CountryParticipation> countries;
  for (const Rec& rec : recs) {
    ++counts[{rec.track(), StateName(rec.state())}];
    auto& c = countries[rec.owner_country()];
    c.set_country_code(rec.owner_country());
    c.set_recommendations(c.recommendations() + 1);

    WaitingFacts facts{.state = rec.state()};
    absl::Time since = FromProtoTime(rec.update_time());
    v1::Agreement agreement = v1::AGREEMENT_NONE;
    if (auto it = latest_cycle.find(rec.name()); it != latest_cycle.end()) {
      const CycleRow& cycle = it->second;
      facts.has_open_cycle = cycle.cycle.state() == v1::ReviewCycle::STATE_OPEN;
      facts.required_reviews = cycle.cycle.policy().required_reviews();
      since = std::max(since, FromProtoTime(cycle.cycle.update_time()));
      for (const AssignmentRow& a : assignments[cycle.cycle.name()]) {
        if (IsActiveAssignment(a.assignment.state())) ++facts.active_assignments;
        if (a.assignment.state() == A::STATE_SUBMITTED) ++facts.submitted_reviews;
        since = std::max(since, FromProtoTime(a.assignment.update_time()));
      }
      agreement = ClassifyAgreement(verdicts[cycle.cycle.name()]);
    }
    v1::StatusBoard::Item* item = board.add_items();
    item->set_recommendation(rec.name());
    item->set_number(rec.number());
    item->set_state(StateName(rec.state()));
    item->set_waiting_on(DeriveWaitingOn(facts));
    *item->mutable_waiting_since() = ToProtoTime(since);
    item->set_agreement(agreement);
  }
  for (const auto& [key, n] : counts) {
    auto* c = board.add_counts();
    c->set_track(key.first);
    c->set_state(key.second);
    c->set_count(n);
  }
  for (const auto& [cycle, rows] : assignments) {
    for (const AssignmentRow& a : rows) {
      const A& x = a.assignment;
      if (x.state() == A::STATE_INVITED || x.state() == A::STATE_ACCEPTED) {
        auto& c = countries[a.reviewer_country];
        c.set_country_code(a.reviewer_country);
        c.set_assignments_open(c.assignments_open() + 1);
      }
      if (x.overdue() == A::OVERDUE_NONE) continue;
      auto* o = board.add_overdue();
      o->set_assignment(x.name());
      o->set_recommendation(recommendation_of_cycle[cycle]);
      o->set_reviewer(x.reviewer());
      o->set_overdue(x.overdue());
      *o->mutable_due_time() =
          x.overdue() == A::OVERDUE_RESPONSE ? x.response_due_time() : x.review_due_time();
    }
  }
  for (const auto& [country, n] : reviews_by_country) {
    auto& c = countries[country];
    c.set_country_code(country);
    c.set_reviews_submitted(n);
  }
  for (auto& [code, c] : countries) *board.add_countries() = c;
  return board;
}

}  // namespace summit::reviews
