#include "services/reviews/sql/queries.h"

namespace summit::reviews::sql {

#define CYCLE_COLUMNS                                                                     \
  "name, recommendation, round, reviewed_version, required_reviews, blind_mode, "         \
  "require_cross_country, reviews.micros(due_time), state, outcome, rationale, decider, " \
  "reviews.micros(decide_time), opened_by, version, reviews.micros(create_time), "        \
  "reviews.micros(update_time), authors::text, track, number"

// Qualified: the board joins assignments (alias a) with cycles.
#define ASSIGNMENT_COLUMNS                                                                   \
  "a.name, a.cycle, a.position, a.reviewer, a.reviewer_country, a.state, a.decline_reason, " \
  "reviews.micros(a.response_due_time), reviews.micros(a.review_due_time), a.version, "      \
  "reviews.micros(a.create_time), reviews.micros(a.update_time)"

#define REVIEW_COLUMNS                                                                  \
  "name, cycle, assignment, reviewer, round, verdict, relevance, feasibility, impact, " \
  "comments_to_authors, confidential_comments, reviews.micros(submit_time)"

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema,
      {
          {kCountCycles, "SELECT count(*) FROM reviews.cycles WHERE recommendation = $1"},
          {kInsertCycle,
           "INSERT INTO reviews.cycles (name, recommendation, summit, round, reviewed_version, "
           "required_reviews, blind_mode, require_cross_country, due_time, state, opened_by, "
           "authors, "
           "track, number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9::bigint / 1e6), "
           "'STATE_OPEN', $10, $11::jsonb, $12, $13) "
           "RETURNING " CYCLE_COLUMNS},
          {kGetCycle, "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE name = $1"},
          {kGetCycleForUpdate,
           "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE name = $1 FOR UPDATE"},
          {kRememberRecommendation,
           "UPDATE reviews.cycles SET authors = $2::jsonb, track = $3, number = $4 "
           "WHERE recommendation = $1 AND (authors <> $2::jsonb OR track <> $3 OR number <> $4)"},
          {kListCycles,
           "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE recommendation = $1 ORDER BY round"},
          {kDecideCycle,
           "UPDATE reviews.cycles SET state = 'STATE_DECIDED', outcome = $2, rationale = $3, "
           "decider = $4, decide_time = now(), version = version + 1, update_time = now() "
           "WHERE name = $1 RETURNING " CYCLE_COLUMNS},
          {kCancelCycle,
           "UPDATE reviews.cycles SET state = 'STATE_CANCELLED', rationale = $2, "
           "version = version + 1, update_time = now() WHERE name = $1 RETURNING " CYCLE_COLUMNS},
          {kCyclesOfSummit,
           "SELECT DISTINCT ON (recommendation) " CYCLE_COLUMNS " FROM reviews.cycles "
           "WHERE summit = $1 ORDER BY recommendation, round DESC"},
          {kInsertAssignment,
           "INSERT INTO reviews.assignments AS a (name, cycle, position, reviewer, "
           "reviewer_country, "
           "state, response_due_time, review_due_time) VALUES ($1, $2, $3, $4, $5, "
           "'STATE_INVITED', "
           "to_timestamp($6::bigint / 1e6), to_timestamp($7::bigint / 1e6)) "
           "RETURNING " ASSIGNMENT_COLUMNS},
          {kGetAssignmentForUpdate,
           "SELECT " ASSIGNMENT_COLUMNS " FROM reviews.assignments a WHERE name = $1 FOR UPDATE"},
          {kListAssignments, "SELECT " ASSIGNMENT_COLUMNS
                             " FROM reviews.assignments a WHERE cycle = $1 ORDER BY position"},
          {kSetAssignmentState,
           "UPDATE reviews.assignments a SET state = $2, decline_reason = $3, version = version + "
           "1, "
           "update_time = now() WHERE name = $1 RETURNING " ASSIGNMENT_COLUMNS},
          {kOpenLoads,
           "SELECT reviewer, count(*) FROM reviews.assignments "
           "WHERE state IN ('STATE_INVITED', 'STATE_ACCEPTED') GROUP BY reviewer"},
          {kAssignmentsOfSummit,
           "SELECT " ASSIGNMENT_COLUMNS ", c.recommendation FROM reviews.assignments a "
           "JOIN reviews.cycles c ON c.name = a.cycle WHERE c.summit = $1 ORDER BY a.name"},
          {kInsertReview,
           "INSERT INTO reviews.reviews (name, cycle, assignment, reviewer, round, verdict, "
           "relevance, "
           "feasibility, impact, comments_to_authors, confidential_comments) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING " REVIEW_COLUMNS},
          {kListReviews, "SELECT " REVIEW_COLUMNS
                         " FROM reviews.reviews WHERE cycle = $1 ORDER BY submit_time, name"},
          {kReviewsOfSummit,
           "SELECT r.cycle, r.reviewer, r.verdict FROM reviews.reviews r "
           "JOIN reviews.cycles c ON c.name = r.cycle WHERE c.summit = $1"},
          {kEnqueue,
           "INSERT INTO reviews.outbox (recommendation, kind, target_state, reviewers, reason) "
           "VALUES ($1, $2, $3, $4::jsonb, $5)"},
          // Claims (as $1, for $3 seconds) up to $2 pending rows in id order that
          // no live lease holds, skipping a recommendation while an earlier row of
          // it is leased to another deliverer, so each recommendation keeps its order.
          // Claims are serialised by kLockOutboxClaims.
          {kLockOutboxClaims, "SELECT pg_advisory_xact_lock(hashtext('reviews.outbox.claims'))"},
          {kClaimPending,
           "UPDATE reviews.outbox o SET claimed_by = $1, "
           "claim_expire_time = now() + make_interval(secs => $3) WHERE o.id IN ("
           "SELECT p.id FROM reviews.outbox p WHERE p.delivered_time IS NULL "
           "AND (p.claim_expire_time IS NULL OR p.claim_expire_time < now() OR p.claimed_by = $1) "
           "AND NOT EXISTS (SELECT 1 FROM reviews.outbox e WHERE e.recommendation = "
           "p.recommendation "
           "AND e.id < p.id AND e.delivered_time IS NULL AND e.claim_expire_time >= now() "
           "AND e.claimed_by <> $1) "
           "ORDER BY p.id LIMIT $2) "
           "RETURNING id, recommendation, kind, target_state, reviewers::text, reason"},
          {kMarkDelivered,
           "UPDATE reviews.outbox SET delivered_time = now(), claimed_by = NULL, "
           "claim_expire_time = NULL WHERE id = $1"},
          {kMarkFailed,
           "UPDATE reviews.outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1"},
          {kReleaseClaims,
           "UPDATE reviews.outbox SET claimed_by = NULL, claim_expire_time = NULL "
           "WHERE claimed_by = $1 AND delivered_time IS NULL"},
      });
  return *kStatements;
}

}  // namespace summit::reviews::sql
