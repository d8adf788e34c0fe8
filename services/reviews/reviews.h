#pragma once
// The reviews service's use cases. Facts from other services (the
// recommendation and its authors, people and their organisations) are asked
// for before any row is locked; each change, its audit event and the outbox
// rows carrying its effects to the recommendations service commit together.

#include <functional>
#include <map>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/directory_client.h"
#include "services/common/migrations.h"
#include "services/common/recommendation_lookup.h"
#include "services/reviews/comment_rules.h"
#include "services/reviews/conflicts.h"
#include "services/reviews/review_rows.h"
#include "summit/reviews/v1/review_service.pb.h"

namespace summit::reviews {

const MigrationSet& Migrations();

struct ReviewsDeps {
  const Clock* clock;
  const DirectoryClient* directory;
  const summit::RecommendationLookup* recommendations;
  // Called after a commit that wrote outbox rows, to deliver them soon.
  std::function<void()> outbox_written;
};

class Reviews final {
 public:
  explicit Reviews(ReviewsDeps deps) : deps_(std::move(deps)) {}

  absl::StatusOr<v1::ReviewCycle> OpenReviewCycle(const CallContext& call, DbSession& db,
                                                  const v1::OpenReviewCycleRequest& req) const;
  absl::StatusOr<v1::ReviewCycle> GetReviewCycle(const CallContext& call, DbSession& db,
                                                 const v1::GetReviewCycleRequest& req) const;
  absl::StatusOr<v1::ListReviewCyclesResponse> ListReviewCycles(
      const CallContext& call, DbSession& db, const v1::ListReviewCyclesRequest& req) const;
  absl::StatusOr<v1::ReviewCycle> CancelReviewCycle(const CallContext& call, DbSession& db,
                                                    const v1::CancelReviewCycleRequest& req) const;
  absl::StatusOr<v1::ReviewCycle> DecideReviewCycle(const CallContext& call, DbSession& db,
                                                    const v1::DecideReviewCycleRequest& req) const;

  absl::StatusOr<v1::Assignment> CreateAssignment(const CallContext& call, DbSession& db,
                                                  const v1::CreateAssignmentRequest& req) const;
  absl::StatusOr<v1::ListAssignmentsResponse> ListAssignments(
      const CallContext& call, DbSession& db, const v1::ListAssignmentsRequest& req) const;
  absl::StatusOr<v1::SuggestReviewersResponse> SuggestReviewers(
      const CallContext& call, DbSession& db, const v1::SuggestReviewersRequest& req) const;
  absl::StatusOr<v1::AcceptSuggestionsResponse> AcceptSuggestions(
      const CallContext& call, DbSession& db, const v1::AcceptSuggestionsRequest& req) const;
  absl::StatusOr<v1::Assignment> RespondToAssignment(
      const CallContext& call, DbSession& db, const v1::RespondToAssignmentRequest& req) const;

  absl::StatusOr<v1::Assignment> UpdateAssignment(const CallContext& call, DbSession& db,
                                                  const v1::UpdateAssignmentRequest& req) const;
  absl::StatusOr<v1::RemoveAssignmentResponse> RemoveAssignment(
      const CallContext& call, DbSession& db, const v1::RemoveAssignmentRequest& req) const;

  absl::StatusOr<v1::Review> SubmitReview(const CallContext& call, DbSession& db,
                                          const v1::SubmitReviewRequest& req) const;
  absl::StatusOr<v1::ListReviewsResponse> ListReviews(const CallContext& call, DbSession& db,
                                                      const v1::ListReviewsRequest& req) const;

  absl::StatusOr<v1::Review> UpdateReview(const CallContext& call, DbSession& db,
                                          const v1::UpdateReviewRequest& req) const;
  absl::StatusOr<v1::ListReviewRevisionsResponse> ListReviewRevisions(
      const CallContext& call, DbSession& db, const v1::ListReviewRevisionsRequest& req) const;

  absl::StatusOr<v1::AuthorResponse> SubmitAuthorResponse(
      const CallContext& call, DbSession& db, const v1::SubmitAuthorResponseRequest& req) const;
  absl::StatusOr<v1::AuthorResponse> GetAuthorResponse(
      const CallContext& call, DbSession& db, const v1::GetAuthorResponseRequest& req) const;

  absl::StatusOr<v1::Comment> CreateComment(const CallContext& call, DbSession& db,
                                            const v1::CreateCommentRequest& req) const;
  absl::StatusOr<v1::ListCommentsResponse> ListComments(const CallContext& call, DbSession& db,
                                                        const v1::ListCommentsRequest& req) const;
  absl::StatusOr<v1::Comment> UpdateComment(const CallContext& call, DbSession& db,
                                            const v1::UpdateCommentRequest& req) const;
  absl::StatusOr<v1::Comment> DeleteComment(const CallContext& call, DbSession& db,
                                            const v1::DeleteCommentRequest& req) const;
  absl::StatusOr<v1::ListCommentRevisionsResponse> ListCommentRevisions(
      const CallContext& call, DbSession& db, const v1::ListCommentRevisionsRequest& req) const;

  absl::StatusOr<v1::ExportedFile> ExportTable(const CallContext& call, DbSession& db,
                                               const v1::ExportTableRequest& req) const;

  absl::StatusOr<v1::StatusBoard> GetStatusBoard(const CallContext& call, DbSession& db,
                                                 const v1::GetStatusBoardRequest& req) const;

  // Who the caller is to one cycle, and what the rules need to know.
  struct Context {
    CycleRow cycle;
    // As seen recently (GetRecent): who its authors are, its track and number.
    recommendations::v1::Recommendation recommendation;
    std::vector<PersonFacts> authors;
    std::vector<AssignmentRow> assignments;
    bool is_author = false;
    bool is_coordinator = false;  // a coordinator (or service) who is not an author
    int own = -1;  // index of the caller's assignment in `assignments`, if not declined
  };

  // Who the caller is to a recommendation's discussion: to the work, and to
  // each of its review cycles.
  struct Discussion {
    std::string recommendation;
    std::vector<std::string> authors;
    bool is_author = false;
    bool is_coordinator = false;
    std::map<std::string, CycleRow> cycles;
    std::map<std::string, std::vector<AssignmentRow>> assignments;  // by cycle
    // The caller's role in a thread tied to `cycle` ("" for none).
    DiscussionRole RoleIn(const std::string& cycle, const std::string& subject) const;
    // Whether the caller reads any thread at all.
    bool Reads(const std::string& subject) const;
  };

 private:
  // NOT_FOUND unless the caller is an author, a coordinator or an active
  // reviewer of one of its cycles; the recommendation must be submitted.
  absl::StatusOr<Discussion> LoadDiscussion(const CallContext& call, DbSession& db,
                                            const std::string& recommendation) const;
  // The comment as `call`'s caller may see it (writer under the blind rules,
  // no text once deleted).
  v1::Comment PresentComment(const CallContext& call, const Discussion& d,
                             const CommentRow& row) const;
  // NOT_FOUND unless the caller is a coordinator, an author or a reviewer.
  absl::StatusOr<Context> Load(const CallContext& call, DbSession& db,
                               const std::string& cycle_name) const;
  absl::StatusOr<PersonFacts> Facts(const CallContext& call, const std::string& person) const;
  template <typename Names>
  absl::StatusOr<std::vector<PersonFacts>> FactsOf(const CallContext& call,
                                                   const Names& people) const {
    std::vector<PersonFacts> out;
    for (const std::string& person : people) {
      absl::StatusOr<PersonFacts> facts = Facts(call, person);
      if (!facts.ok()) return facts.status();
      out.push_back(*std::move(facts));
    }
    return out;
  }
  // PERMISSION_DENIED when the calling person has a conflict of interest
  // with work by `authors` (the reviewers' rules); servers pass.
  absl::Status RequireNoConflict(const CallContext& call, const std::vector<PersonFacts>& authors,
                                 absl::string_view action) const;
  // The caller must be a coordinator who is not an author and has no
  // conflict with the work (the reviewers' rules: not from an author's
  // organisation). Servers acting for the process pass.
  absl::Status RequireDecider(const CallContext& call, const Context& ctx,
                              absl::string_view action) const;
  // A track that names its coordinators (lead and others) is run by them
  // alone; PERMISSION_DENIED for any other coordinator. Servers pass.
  absl::Status RequireTrackCoordinator(const CallContext& call, const std::string& track,
                                       absl::string_view action) const;
  // Inserts one assignment (rules checked) and updates `assigned`.
  absl::StatusOr<v1::Assignment> Assign(pqxx::transaction_base& txn, const CallContext& call,
                                        const Context& ctx, const PersonFacts& reviewer,
                                        absl::Time response_due, absl::Time review_due,
                                        std::vector<PersonFacts>* assigned) const;
  // Assignment and review as this caller may see them.
  v1::Assignment Present(const Context& ctx, const CallContext& call, v1::Assignment a) const;
  void Notify() const;

  ReviewsDeps deps_;
};

}  // namespace summit::reviews
