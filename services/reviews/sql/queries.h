#pragma once
// Every SQL statement of the reviews service, by name; parameters only.
// Reads return the columns listed with each statement in queries.cc.

#include <vector>

#include "services/common/db_pool.h"
#include "services/common/idempotency.h"
#include "services/common/service_schema.h"

// Column lists shared by the statements below.
#define CYCLE_COLUMNS                                                                      \
  "name, recommendation, round, reviewed_version, required_reviews, blind_mode, "          \
  "require_cross_country, reviews.micros(due_time) AS due_time_micros, state, "            \
  "outcome, rationale, decider, reviews.micros(decide_time) AS decide_time_micros, "       \
  "opened_by, version, reviews.micros(create_time) AS create_time_micros, "                \
  "reviews.micros(update_time) AS update_time_micros, authors::text, track, number, "      \
  "author_response, reviews.micros(author_response_due_time) AS response_due_micros, "     \
  "EXISTS (SELECT 1 FROM reviews.author_responses x WHERE x.cycle = reviews.cycles.name) " \
  "AS author_responded"
#define ASSIGNMENT_COLUMNS                                                   \
  "a.name, a.cycle, a.position, a.reviewer, a.reviewer_country, a.state, "   \
  "a.decline_reason, "                                                       \
  "reviews.micros(a.response_due_time) AS response_due_time_micros, "        \
  "reviews.micros(a.review_due_time) AS review_due_time_micros, a.version, " \
  "reviews.micros(a.create_time) AS create_time_micros, "                    \
  "reviews.micros(a.update_time) AS update_time_micros, a.removal_reason, "  \
  "a.replaced_by"
#define REVIEW_COLUMNS                                                          \
  "name, cycle, assignment, reviewer, round, verdict, relevance, feasibility, " \
  "impact, comments_to_authors, confidential_comments, "                        \
  "reviews.micros(submit_time) AS submit_time_micros, revision, "               \
  "reviews.micros(update_time) AS update_time_micros"
#define COMMENT_COLUMNS                                                                     \
  "name, recommendation, authors::text, thread, reply_to, audience, review_cycle, author, " \
  "writer_role, writer_position, body, state, revision, version, "                          \
  "reviews.micros(create_time) AS create_time_micros, "                                     \
  "reviews.micros(update_time) AS update_time_micros"

namespace summit::reviews::sql {

// (recommendation) -> number of cycles so far
inline const PreparedStatement kCountCycles{
    "rev_cycle_count", "SELECT count(*) FROM reviews.cycles WHERE recommendation = $1"};
// (name, recommendation, summit, round, reviewed_version, required, blind, cross, due_us,
//  opened_by, authors json, track, number) -> cycle columns
// (recommendation, authors json, track, number): refreshes the snapshot
inline const PreparedStatement kRememberRecommendation{
    "rev_cycle_remember",
    "UPDATE reviews.cycles SET authors = $2::jsonb, track = $3, number = $4 "
    "WHERE recommendation = $1 AND (authors <> $2::jsonb OR track <> $3 OR number <> $4)"};
inline const PreparedStatement kInsertCycle{
    "rev_cycle_insert",
    "INSERT INTO reviews.cycles (name, recommendation, summit, round, reviewed_version, "
    "required_reviews, blind_mode, require_cross_country, due_time, state, opened_by, "
    "authors, track, number, author_response, author_response_due_time) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9::bigint / 1e6), "
    "'STATE_OPEN', $10, $11::jsonb, $12, $13, $14, to_timestamp($15::bigint / 1e6)) "
    "RETURNING " CYCLE_COLUMNS};
inline const PreparedStatement kGetCycle{
    "rev_cycle_get", "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE name = $1"};
inline const PreparedStatement kGetCycleForUpdate{
    "rev_cycle_get_for_update",
    "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE name = $1 FOR UPDATE"};
// (recommendation) -> cycle columns
inline const PreparedStatement kListCycles{
    "rev_cycle_list",
    "SELECT " CYCLE_COLUMNS " FROM reviews.cycles WHERE recommendation = $1 ORDER BY round"};
// (name, outcome, rationale, decider) -> cycle columns
inline const PreparedStatement kDecideCycle{
    "rev_cycle_decide",
    "UPDATE reviews.cycles SET state = 'STATE_DECIDED', outcome = $2, rationale = $3, "
    "decider = $4, decide_time = now(), version = version + 1, update_time = now() "
    "WHERE name = $1 RETURNING " CYCLE_COLUMNS};
// (name, reason) -> cycle columns
inline const PreparedStatement kCancelCycle{
    "rev_cycle_cancel",
    "UPDATE reviews.cycles SET state = 'STATE_CANCELLED', rationale = $2, "
    "version = version + 1, update_time = now() WHERE name = $1 RETURNING " CYCLE_COLUMNS};
// (summit) -> cycle columns of open or latest cycles
inline const PreparedStatement kCyclesOfSummit{
    "rev_cycles_of_summit", "SELECT DISTINCT ON (recommendation) " CYCLE_COLUMNS
                            " FROM reviews.cycles "
                            "WHERE summit = $1 ORDER BY recommendation, round DESC"};

// (name, cycle, position, reviewer, reviewer_country, response_due_us, review_due_us)
inline const PreparedStatement kInsertAssignment{
    "rev_assignment_insert",
    "INSERT INTO reviews.assignments AS a (name, cycle, position, reviewer, "
    "reviewer_country, "
    "state, response_due_time, review_due_time) VALUES ($1, $2, $3, $4, $5, "
    "'STATE_INVITED', "
    "to_timestamp($6::bigint / 1e6), to_timestamp($7::bigint / 1e6)) "
    "RETURNING " ASSIGNMENT_COLUMNS};
inline const PreparedStatement kGetAssignmentForUpdate{
    "rev_assignment_get_for_update",
    "SELECT " ASSIGNMENT_COLUMNS " FROM reviews.assignments a WHERE name = $1 FOR UPDATE"};
// (cycle) -> cycle columns, assignment_columns_follow, assignment columns: one row
// per assignment in position order, or one with null assignment columns when
// there is none; no row when there is no such cycle. kGetCycle and
// kListAssignments in one round trip.
inline const PreparedStatement kGetCycleWithAssignments{
    "rev_cycle_get_with_assignments",
    "SELECT c.*, true AS assignment_columns_follow, a.* FROM (SELECT " CYCLE_COLUMNS
    " FROM reviews.cycles WHERE name = $1) c LEFT JOIN LATERAL (SELECT " ASSIGNMENT_COLUMNS
    " FROM reviews.assignments a WHERE a.cycle = c.name) a ON true ORDER BY a.position"};
// (cycle) -> assignment columns
inline const PreparedStatement kListAssignments{
    "rev_assignment_list",
    "SELECT " ASSIGNMENT_COLUMNS " FROM reviews.assignments a WHERE cycle = $1 ORDER BY position"};
// (name, state, decline_reason) -> assignment columns
inline const PreparedStatement kSetAssignmentState{
    "rev_assignment_set_state",
    "UPDATE reviews.assignments a SET state = $2, decline_reason = $3, version = version + "
    "1, "
    "update_time = now() WHERE name = $1 RETURNING " ASSIGNMENT_COLUMNS};
// (name, response_due_us, review_due_us) -> assignment columns
inline const PreparedStatement kSetAssignmentDates{
    "rev_assignment_set_dates",
    "UPDATE reviews.assignments a SET response_due_time = to_timestamp($2::bigint / 1e6), "
    "review_due_time = to_timestamp($3::bigint / 1e6), version = version + 1, "
    "update_time = now() WHERE name = $1 RETURNING " ASSIGNMENT_COLUMNS};
// (name, reason) -> assignment columns
inline const PreparedStatement kRemoveAssignment{
    "rev_assignment_remove",
    "UPDATE reviews.assignments a SET state = 'STATE_REMOVED', removal_reason = $2, "
    "version = version + 1, update_time = now() WHERE name = $1 RETURNING " ASSIGNMENT_COLUMNS};
// (name, replacement) -> assignment columns
inline const PreparedStatement kSetReplacedBy{
    "rev_assignment_replaced_by",
    "UPDATE reviews.assignments a SET replaced_by = $2 WHERE name = $1 "
    "RETURNING " ASSIGNMENT_COLUMNS};
// () -> (reviewer, open count) for assignments invited or accepted
inline const PreparedStatement kOpenLoads{
    "rev_open_loads",
    "SELECT reviewer, count(*) FROM reviews.assignments "
    "WHERE state IN ('STATE_INVITED', 'STATE_ACCEPTED') GROUP BY reviewer"};
// (summit) -> assignment columns + recommendation, for the board
inline const PreparedStatement kAssignmentsOfSummit{
    "rev_assignments_of_summit",
    "SELECT " ASSIGNMENT_COLUMNS
    ", c.recommendation FROM reviews.assignments a "
    "JOIN reviews.cycles c ON c.name = a.cycle WHERE c.summit = $1 ORDER BY a.name"};

// (name, cycle, assignment, reviewer, verdict, relevance, feasibility, impact,
//  comments_to_authors, confidential_comments) -> cycle_state, cycle_version,
//  author_responded, assignment_state, then review columns. Locks the cycle, then
//  the assignment (as kGetCycleForUpdate and kGetAssignmentForUpdate would in
//  turn); only when the cycle is open and the assignment accepted, as seen under
//  those locks, stores the review and marks the assignment ($3) submitted. The
//  review columns are null when it did not; no row: the assignment is not the
//  cycle's. One round trip for the lock, the check and both writes.
inline const PreparedStatement kSubmitReview{
    "rev_review_submit",
    "WITH locked AS (SELECT c.state AS cycle_state, c.round AS cycle_round, "
    "c.version AS cycle_version, EXISTS (SELECT 1 FROM reviews.author_responses x "
    "WHERE x.cycle = c.name) AS author_responded, a.state AS assignment_state "
    "FROM reviews.cycles c JOIN reviews.assignments a ON a.cycle = c.name "
    "WHERE c.name = $2 AND a.name = $3 FOR UPDATE OF c, a), "
    "submitted AS (UPDATE reviews.assignments SET state = 'STATE_SUBMITTED', "
    "decline_reason = '', version = version + 1, update_time = now() FROM locked "
    "WHERE name = $3 AND locked.cycle_state = 'STATE_OPEN' "
    "AND locked.assignment_state = 'STATE_ACCEPTED' RETURNING locked.cycle_round), "
    "review AS (INSERT INTO reviews.reviews (name, cycle, assignment, reviewer, round, "
    "verdict, relevance, feasibility, impact, comments_to_authors, confidential_comments) "
    "SELECT $1::text, $2::text, $3::text, $4::text, cycle_round, $5::text, $6::integer, "
    "$7::integer, $8::integer, $9::text, $10::text FROM submitted RETURNING " REVIEW_COLUMNS
    ") SELECT locked.cycle_state, locked.cycle_version, locked.author_responded, "
    "locked.assignment_state, review.* FROM locked LEFT JOIN review ON true"};
// (cycle) -> review columns
inline const PreparedStatement kListReviews{
    "rev_review_list",
    "SELECT " REVIEW_COLUMNS " FROM reviews.reviews WHERE cycle = $1 ORDER BY submit_time, name"};
// (name) -> review columns
inline const PreparedStatement kGetReviewForUpdate{
    "rev_review_get_for_update",
    "SELECT " REVIEW_COLUMNS " FROM reviews.reviews WHERE name = $1 FOR UPDATE"};
// (name) -> review columns
inline const PreparedStatement kGetReview{
    "rev_review_get", "SELECT " REVIEW_COLUMNS " FROM reviews.reviews WHERE name = $1"};
// (name, verdict, relevance, feasibility, impact, comments_to_authors,
//  confidential_comments) -> review columns; the trigger keeps the old text
inline const PreparedStatement kUpdateReview{
    "rev_review_update",
    "UPDATE reviews.reviews SET verdict = $2, relevance = $3, feasibility = $4, impact = $5, "
    "comments_to_authors = $6, confidential_comments = $7, revision = revision + 1, "
    "update_time = now() WHERE name = $1 RETURNING " REVIEW_COLUMNS};
// (name) -> earlier revisions, first to last, as review columns (name..submit
// from the review)
inline const PreparedStatement kListReviewRevisions{
    "rev_review_revisions",
    "SELECT r.name, r.cycle, r.assignment, r.reviewer, r.round, h.verdict, h.relevance, "
    "h.feasibility, h.impact, h.comments_to_authors, h.confidential_comments, "
    "reviews.micros(r.submit_time) AS submit_time_micros, h.revision, "
    "reviews.micros(h.write_time) AS update_time_micros "
    "FROM reviews.review_revisions h JOIN reviews.reviews r ON r.name = h.review "
    "WHERE h.review = $1 ORDER BY h.revision"};

// (cycle) -> the author response's columns
#define AUTHOR_RESPONSE_COLUMNS                                                              \
  "name, cycle, body, author, revision, reviews.micros(create_time) AS create_time_micros, " \
  "reviews.micros(update_time) AS update_time_micros"
inline const PreparedStatement kGetAuthorResponse{
    "rev_author_response_get",
    "SELECT " AUTHOR_RESPONSE_COLUMNS " FROM reviews.author_responses WHERE cycle = $1"};
// (name, cycle, body, author) -> columns: writes the first text or the next revision
inline const PreparedStatement kPutAuthorResponse{
    "rev_author_response_put",
    "INSERT INTO reviews.author_responses AS r (name, cycle, body, author) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, "
    "author = EXCLUDED.author, revision = r.revision + 1, update_time = now() "
    "RETURNING " AUTHOR_RESPONSE_COLUMNS};
// (cycle) -> how many reviews are in
inline const PreparedStatement kCountReviews{
    "rev_review_count", "SELECT count(*) FROM reviews.reviews WHERE cycle = $1"};

// (recommendation, thread or '' to start one, reply_to, audience, review_cycle,
//  authors json, author, writer_role, writer_position, body) -> comment columns.
// Named `<recommendation>/comments/c<seq>`: ids come from the sequence, so
// writers never wait on each other.
inline const PreparedStatement kInsertComment{
    "rev_comment_insert",
    "WITH n AS (SELECT nextval(pg_get_serial_sequence('reviews.comments', 'seq')) AS seq) "
    "INSERT INTO reviews.comments (seq, name, recommendation, thread, reply_to, audience, "
    "review_cycle, authors, author, writer_role, writer_position, body) "
    "SELECT n.seq, $1 || '/comments/c' || n.seq, $1, "
    "CASE WHEN $2 = '' THEN $1 || '/comments/c' || n.seq ELSE $2 END, "
    "$3, $4, $5, $6::jsonb, $7, $8, $9, $10 FROM n RETURNING " COMMENT_COLUMNS};
// (name) -> comment columns
inline const PreparedStatement kGetComment{
    "rev_comment_get", "SELECT " COMMENT_COLUMNS " FROM reviews.comments WHERE name = $1"};
inline const PreparedStatement kGetCommentForUpdate{
    "rev_comment_get_for_update",
    "SELECT " COMMENT_COLUMNS " FROM reviews.comments WHERE name = $1 FOR UPDATE"};
// (recommendation) -> comment columns, in writing order
inline const PreparedStatement kListComments{
    "rev_comment_list",
    "SELECT " COMMENT_COLUMNS " FROM reviews.comments WHERE recommendation = $1 ORDER BY seq"};
// (name, body) -> comment columns; the trigger keeps the old text
inline const PreparedStatement kUpdateCommentBody{
    "rev_comment_update",
    "UPDATE reviews.comments SET body = $2, revision = revision + 1, version = version + 1, "
    "update_time = now() WHERE name = $1 RETURNING " COMMENT_COLUMNS};
// (name) -> comment columns
inline const PreparedStatement kDeleteComment{
    "rev_comment_delete",
    "UPDATE reviews.comments SET state = 'STATE_DELETED', version = version + 1, "
    "update_time = now() WHERE name = $1 RETURNING " COMMENT_COLUMNS};
// (comment) -> (revision, body, write_time_micros) of earlier texts
inline const PreparedStatement kListCommentRevisions{
    "rev_comment_revisions",
    "SELECT revision, body, reviews.micros(write_time) AS write_time_micros "
    "FROM reviews.comment_revisions WHERE comment = $1 ORDER BY revision"};

// (summit) -> every review of the summit with its cycle's recommendation,
// number, round and authors and the reviewer's position, for the export
inline const PreparedStatement kReviewsForExport{
    "rev_reviews_for_export",
    "SELECT c.number, c.recommendation, c.round, c.authors::text, a.position, r.reviewer, "
    "r.verdict, r.relevance, r.feasibility, r.impact, r.revision, "
    "reviews.micros(r.submit_time) AS submit_time_micros, r.comments_to_authors, "
    "r.confidential_comments FROM reviews.reviews r "
    "JOIN reviews.cycles c ON c.name = r.cycle JOIN reviews.assignments a ON a.name = r.assignment "
    "WHERE c.summit = $1 ORDER BY c.number, c.round, a.position"};
// (summit) -> (cycle, reviewer, verdict) of every review of the summit
inline const PreparedStatement kReviewsOfSummit{
    "rev_reviews_of_summit",
    "SELECT r.cycle, r.reviewer, r.verdict FROM reviews.reviews r "
    "JOIN reviews.cycles c ON c.name = r.cycle WHERE c.summit = $1"};

// (recommendation, kind, target_state, reviewers json, reason)
inline const PreparedStatement kEnqueue{
    "rev_outbox_enqueue",
    "INSERT INTO reviews.outbox (recommendation, kind, target_state, reviewers, reason, "
    "double_blind) VALUES ($1, $2, $3, $4::jsonb, $5, $6)"};
// Taken first in the claiming transaction.
inline const PreparedStatement kLockOutboxClaims{
    "rev_outbox_lock_claims", "SELECT pg_advisory_xact_lock(hashtext('reviews.outbox.claims'))"};
// (claimer, limit, lease seconds) -> (id, recommendation, kind, target_state,
// reviewers, reason), in no particular order
inline const PreparedStatement kClaimPending{
    "rev_outbox_claim",
    "UPDATE reviews.outbox o SET claimed_by = $1, "
    "claim_expire_time = now() + make_interval(secs => $3) WHERE o.id IN ("
    "SELECT p.id FROM reviews.outbox p WHERE p.delivered_time IS NULL "
    "AND (p.claim_expire_time IS NULL OR p.claim_expire_time < now() OR p.claimed_by = $1) "
    "AND NOT EXISTS (SELECT 1 FROM reviews.outbox e WHERE e.recommendation = "
    "p.recommendation "
    "AND e.id < p.id AND e.delivered_time IS NULL AND e.claim_expire_time >= now() "
    "AND e.claimed_by <> $1) "
    "ORDER BY p.id LIMIT $2) "
    "RETURNING id, recommendation, kind, target_state, reviewers::text, reason, double_blind"};
// (claimer) -> releases what it still holds
inline const PreparedStatement kReleaseClaims{
    "rev_outbox_release",
    "UPDATE reviews.outbox SET claimed_by = NULL, claim_expire_time = NULL "
    "WHERE claimed_by = $1 AND delivered_time IS NULL"};
// (id)
inline const PreparedStatement kMarkDelivered{
    "rev_outbox_delivered",
    "UPDATE reviews.outbox SET delivered_time = now(), claimed_by = NULL, "
    "claim_expire_time = NULL WHERE id = $1"};
// (id, reason): refused for good; delivered no more, shown on the board.
inline const PreparedStatement kMarkRefused{
    "rev_outbox_refused",
    "UPDATE reviews.outbox SET attempts = attempts + 1, last_error = $2, refused_time = now(), "
    "delivered_time = now(), claimed_by = NULL, claim_expire_time = NULL WHERE id = $1"};
// (summit) -> refused rows of the summit's recommendations, oldest first
inline const PreparedStatement kListRefused{
    "rev_outbox_list_refused",
    "SELECT id, recommendation, kind, target_state, last_error, "
    "reviews.micros(refused_time) AS refused_time_micros FROM reviews.outbox "
    "WHERE refused_time IS NOT NULL AND recommendation LIKE $1 || '/recommendations/%' "
    "ORDER BY refused_time, id LIMIT 100"};
// (id, error)
inline const PreparedStatement kMarkFailed{
    "rev_outbox_failed",
    "UPDATE reviews.outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1"};

// Its audit events and request log (services/common/service_schema.h).
inline constexpr ServiceSchema kSchema{.schema = "reviews",
                                       .insert_event = "rev_audit_insert",
                                       .request_lookup = "rev_request_lookup",
                                       .request_insert = "rev_request_insert"};

const std::vector<PreparedStatement>& Statements();

}  // namespace summit::reviews::sql
