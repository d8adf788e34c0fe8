#include "services/meetings/lifecycle.h"

#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace summit::meetings {

using M = v1::Meeting;

std::string MeetingStateName(M::State s) {
  return s == M::STATE_UNSPECIFIED ? "unspecified"
                                   : absl::AsciiStrToLower(M::State_Name(s).substr(6));
}

absl::Status CheckMeetingTransition(M::State from, M::State to) {
  std::vector<M::State> next;
  switch (from) {
    case M::STATE_PLANNED:
      next = {M::STATE_SCHEDULED, M::STATE_CANCELLED};
      break;
    case M::STATE_SCHEDULED:
      next = {M::STATE_HELD, M::STATE_CANCELLED};
      break;
    case M::STATE_HELD:
      next = {M::STATE_MINUTES_APPROVED};
      break;
    default:
      break;
  }
  if (absl::c_linear_search(next, to)) return absl::OkStatus();
  if (next.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the meeting is ", MeetingStateName(from), ": nothing can follow"));
  }
  std::vector<std::string> names;
  for (M::State s : next) names.push_back(MeetingStateName(s));
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot go from ", MeetingStateName(from), " to ", MeetingStateName(to), "; from ",
      MeetingStateName(from), " it can go to: ", absl::StrJoin(names, ", ")));
}

}  // namespace summit::meetings
