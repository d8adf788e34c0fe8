#include "services/reviews/comment_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/reviews/review_status.h"

namespace summit::reviews {

using C = v1::Comment;

bool NeedsCycle(C::Audience audience) {
  return audience == C::AUDIENCE_REVIEWERS || audience == C::AUDIENCE_ALL;
}

void AddAssignment(v1::Assignment::State state, int position, DiscussionRole* role) {
  if (state != v1::Assignment::STATE_ACCEPTED && state != v1::Assignment::STATE_SUBMITTED) return;
  role->is_reviewer = true;
  role->has_submitted = state == v1::Assignment::STATE_SUBMITTED;
  role->reviewer_position = position;
}

bool MayRead(C::Audience audience, const DiscussionRole& role) {
  if (role.is_coordinator) return true;
  switch (audience) {
    case C::AUDIENCE_AUTHORS:
      return role.is_author;
    case C::AUDIENCE_REVIEWERS:
      // HotCRP's rule: the reviewers' discussion opens to a reviewer once
      // their own review is in, so nobody is swayed before writing.
      return role.is_reviewer && role.has_submitted;
    case C::AUDIENCE_ALL:
      return role.is_author || role.is_reviewer;
    default:
      return false;
  }
}

absl::Status CheckAudience(C::Audience audience, const DiscussionRole& role,
                           absl::string_view field) {
  if (audience == C::AUDIENCE_UNSPECIFIED || !C::Audience_IsValid(audience)) {
    return InvalidField(field, "is required: authors, reviewers, all or coordinators");
  }
  if (MayRead(audience, role)) return absl::OkStatus();
  std::string may;
  if (role.is_author) {
    may = "authors or all";
  } else if (role.is_reviewer) {
    may = role.has_submitted ? "reviewers or all" : "all (reviewers, once your review is in)";
  } else {
    may = "none";
  }
  return InvalidField(field,
                      absl::StrCat("you may not write to ",
                                   absl::AsciiStrToLower(C::Audience_Name(audience).substr(9)),
                                   "; you may address: ", may));
}

WriterRole WriterRoleOf(const DiscussionRole& writer) {
  if (writer.is_reviewer) return WriterRole::kReviewer;
  if (writer.is_author) return WriterRole::kAuthor;
  return WriterRole::kCoordinator;
}

std::string WriterRoleName(WriterRole role) {
  switch (role) {
    case WriterRole::kAuthor:
      return "author";
    case WriterRole::kReviewer:
      return "reviewer";
    case WriterRole::kCoordinator:
      return "coordinator";
  }
  return "coordinator";
}

WriterRole ParseWriterRole(const std::string& name) {
  if (name == "author") return WriterRole::kAuthor;
  if (name == "reviewer") return WriterRole::kReviewer;
  return WriterRole::kCoordinator;
}

std::string WriterLabel(WriterRole role, int position) {
  switch (role) {
    case WriterRole::kAuthor:
      return "Author";
    case WriterRole::kReviewer:
      return Pseudonym(position);
    case WriterRole::kCoordinator:
      return "Coordinator";
  }
  return "Coordinator";
}

WriterRole WriterRoleOfLabel(const std::string& label) {
  if (label == WriterLabel(WriterRole::kAuthor, 0)) return WriterRole::kAuthor;
  if (label == WriterLabel(WriterRole::kCoordinator, 0)) return WriterRole::kCoordinator;
  return WriterRole::kReviewer;
}

bool MayKnowWriter(WriterRole writer, v1::BlindMode mode, const DiscussionRole& viewer,
                   bool viewer_is_writer) {
  if (viewer_is_writer || viewer.is_coordinator) return true;
  switch (writer) {
    case WriterRole::kCoordinator:
      return true;
    case WriterRole::kReviewer:
      return MayKnowReviewer(mode, viewer.is_author, viewer.is_coordinator);
    case WriterRole::kAuthor:
      return viewer.is_author || mode != v1::BLIND_MODE_DOUBLE_BLIND;
  }
  return false;
}

}  // namespace summit::reviews
