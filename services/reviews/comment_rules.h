#pragma once
// Who reads and writes which discussion threads of a recommendation, and how
// a comment's writer is shown to each reader under the blind rules. Pure
// rules: the use cases in reviews_comments.cc feed them facts.

#include <string>

#include "absl/status/status.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::reviews {

// What a person is to a recommendation's discussion (and, for the
// audiences tied to a review cycle, to that cycle).
struct DiscussionRole {
  bool is_author = false;
  // A coordinator (or a service) who is not an author.
  bool is_coordinator = false;
  // Of the thread's cycle: accepted or submitted (not invited, declined or removed).
  bool is_reviewer = false;
  // Of the thread's cycle: their own review is in.
  bool has_submitted = false;
  // Of the thread's cycle: the reviewer's assignment position ("Reviewer position+1").
  int reviewer_position = -1;
};

// Fills the reviewer part of `role` from the person's assignment in the
// thread's cycle: accepted or submitted make a reviewer; submitted, one whose
// review is in.
void AddAssignment(v1::Assignment::State state, int position, DiscussionRole* role);

// Readers and writers are the same people: whoever reads a thread may reply.
bool MayRead(v1::Comment::Audience audience, const DiscussionRole& role);

// INVALID_ARGUMENT naming `field` when `role` may not address `audience`,
// saying which audiences it may.
absl::Status CheckAudience(v1::Comment::Audience audience, const DiscussionRole& role,
                           absl::string_view field);

// What the writer was when writing, stored with the comment.
enum class WriterRole { kAuthor, kReviewer, kCoordinator };
WriterRole WriterRoleOf(const DiscussionRole& writer);
std::string WriterRoleName(WriterRole role);
WriterRole ParseWriterRole(const std::string& name);

// "Author", "Reviewer 2", "Coordinator".
std::string WriterLabel(WriterRole role, int position);
// The role a label was made from ("Reviewer 2" -> kReviewer).
WriterRole WriterRoleOfLabel(const std::string& label);

// Whether `viewer` may learn who wrote a comment: coordinators' comments are
// signed; a reviewer's name follows the cycle's blind mode; authors are
// hidden from reviewers in double-blind cycles. `mode` is BLIND_MODE_OPEN
// for threads without a cycle.
bool MayKnowWriter(WriterRole writer, v1::BlindMode mode, const DiscussionRole& viewer,
                   bool viewer_is_writer);

// Whether an audience belongs to a review cycle.
bool NeedsCycle(v1::Comment::Audience audience);

}  // namespace summit::reviews
