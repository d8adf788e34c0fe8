// What each caller may see of the reviews' audit events, under the blind
// review rules. Comments follow their thread's audience (CommentAccess).
// Cycles: coordinators who are not authors, and servers, see all; a
// reviewer sees their own actions and assignment and that the cycle was
// opened, decided or cancelled; an author sees only that last part, and the
// payload only in open review. Nobody else sees anything of a cycle.
#include "services/reviews/reviews_events.h"

#include <map>
#include <pqxx/result>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/event_log.h"
#include "services/reviews/comment_rules.h"
#include "services/reviews/review_rows.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

struct CycleFacts {
  bool exists = false;
  bool open_review = false;
  bool double_blind = false;
  bool is_author = false;
  // The caller's own assignment in this cycle, if any.
  std::string own_assignment;
};

CycleFacts ReadFacts(pqxx::transaction_base& txn, const Principal& caller,
                     const std::string& cycle) {
  CycleFacts facts;
  const pqxx::result c = txn.exec_prepared(sql::kGetCycle, cycle);
  if (c.empty()) return facts;
  const CycleRow row = ReadCycle(c[0]);
  facts.exists = true;
  facts.open_review = row.cycle.policy().blind_mode() == v1::BLIND_MODE_OPEN;
  facts.double_blind = row.cycle.policy().blind_mode() == v1::BLIND_MODE_DOUBLE_BLIND;
  facts.is_author = absl::c_linear_search(row.authors, caller.subject);
  for (const AssignmentRow& a : ReadAssignments(txn, cycle, absl::InfinitePast())) {
    if (a.assignment.reviewer() == caller.subject) facts.own_assignment = a.assignment.name();
  }
  return facts;
}

// `summits/{s}/recommendations/{r}/comments/{c}`.
bool IsComment(const std::string& resource) {
  const std::vector<absl::string_view> parts = absl::StrSplit(resource, '/');
  return parts.size() == 6 && parts[4] == "comments";
}

// A comment's events follow its thread's readers; the writer (the actor)
// only to those the blind rules let know them; a deleted comment's text
// (in the payloads) only to coordinators.
EventAccess CommentAccess(pqxx::transaction_base& txn, const Principal& caller,
                          const std::string& comment) {
  const pqxx::result found = txn.exec_prepared(sql::kGetComment, comment);
  if (found.empty()) return EventAccess::kHidden;
  const CommentRow row = ReadComment(found[0]);
  DiscussionRole role;
  role.is_author = absl::c_linear_search(row.authors, caller.subject);
  role.is_coordinator = !role.is_author && caller.Has(directory::v1::ROLE_COORDINATOR);
  v1::BlindMode mode = v1::BLIND_MODE_OPEN;
  const std::string& cycle = row.comment.review_cycle();
  if (!cycle.empty()) {
    const pqxx::result c = txn.exec_prepared(sql::kGetCycle, cycle);
    if (!c.empty()) mode = ReadCycle(c[0]).cycle.policy().blind_mode();
    for (const AssignmentRow& a : ReadAssignments(txn, cycle, absl::InfinitePast())) {
      if (a.assignment.reviewer() == caller.subject) {
        AddAssignment(a.assignment.state(), a.position, &role);
      }
    }
  }
  if (!MayRead(row.comment.audience(), role)) return EventAccess::kHidden;
  const bool known = MayKnowWriter(ParseWriterRole(row.writer_role), mode, role,
                                   row.comment.author() == caller.subject);
  if (!known) return EventAccess::kAnonymous;
  if (row.comment.state() == v1::Comment::STATE_DELETED && !role.is_coordinator) {
    return EventAccess::kWithoutPayload;
  }
  return EventAccess::kFull;
}

bool IsCycleMilestone(const feed::v1::Event& e, const std::string& cycle) {
  return e.resource() == cycle &&
         (e.type() == "reviews.cycle.opened" || e.type() == "reviews.cycle.decided" ||
          e.type() == "reviews.cycle.cancelled" || e.type() == "reviews.cycle.reviews_in");
}

}  // namespace

EventSource ReviewsEventSource() {
  return EventSource{
      .name = "reviews",
      .schema = "reviews",
      .access = [](pqxx::transaction_base& txn, const Principal& caller) -> EventAccessFn {
        auto cache = std::make_shared<std::map<std::string, CycleFacts>>();
        auto comments = std::make_shared<std::map<std::string, EventAccess>>();
        return [&txn, caller, cache, comments](const feed::v1::Event& e) {
          if (caller.IsService()) return EventAccess::kFull;
          if (IsComment(e.resource())) {
            auto seen = comments->find(e.resource());
            if (seen == comments->end()) {
              seen =
                  comments->emplace(e.resource(), CommentAccess(txn, caller, e.resource())).first;
            }
            return seen->second;
          }
          const std::string cycle = LeadingSegments(e.resource(), 6);
          if (cycle.empty()) return EventAccess::kHidden;
          auto it = cache->find(cycle);
          if (it == cache->end()) it = cache->emplace(cycle, ReadFacts(txn, caller, cycle)).first;
          const CycleFacts& f = it->second;
          if (!f.exists) return EventAccess::kHidden;
          // The authors' response: theirs, the coordinators', and the
          // reviewers' (who wrote it hidden from double-blind reviewers).
          if (e.resource() == absl::StrCat(cycle, "/authorResponse")) {
            if (f.is_author || caller.Has(directory::v1::ROLE_COORDINATOR)) {
              return EventAccess::kFull;
            }
            if (f.own_assignment.empty()) return EventAccess::kHidden;
            return f.double_blind ? EventAccess::kAnonymous : EventAccess::kFull;
          }
          if (f.is_author) {
            if (!IsCycleMilestone(e, cycle)) return EventAccess::kHidden;
            return f.open_review ? EventAccess::kFull : EventAccess::kWithoutPayload;
          }
          if (caller.Has(directory::v1::ROLE_COORDINATOR)) return EventAccess::kFull;
          if (f.own_assignment.empty()) return EventAccess::kHidden;
          if (e.actor() == caller.subject) return EventAccess::kFull;
          if (e.resource() == f.own_assignment ||
              absl::StartsWith(e.resource(), absl::StrCat(f.own_assignment, "/"))) {
            return EventAccess::kFull;
          }
          if (IsCycleMilestone(e, cycle)) return EventAccess::kWithoutPayload;
          return EventAccess::kHidden;
        };
      },
  };
}

}  // namespace summit::reviews
