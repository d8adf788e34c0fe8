#pragma once
// iCalendar (RFC 5545) for meetings: VEVENTs in the meeting's own zone,
// each zone described by a VTIMEZONE built from the tz database, text
// escaped and lines folded at 75 octets without splitting a UTF-8 character.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace summit {

// Someone with a name and a real address, for ORGANIZER and ATTENDEE.
struct IcsPerson {
  std::string name;
  std::string email;
  // RFC 5545 PARTSTAT: NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE.
  std::string partstat = "NEEDS-ACTION";
  // Whether a reply is asked for (invitations) or not (exports).
  bool rsvp = true;
};

struct IcsEvent {
  std::string uid;  // stable: the meeting's resource name + a domain
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  std::string time_zone;  // IANA
  absl::Time start;
  absl::Time end;
  bool cancelled = false;
  int sequence = 0;                    // bumps with every change
  std::vector<std::string> attendees;  // "Name <email>", without an address (exports)
  // For invitations (METHOD:REQUEST / CANCEL): who invites and who is
  // invited, with mailto: addresses a calendar can answer to.
  IcsPerson organizer;
  std::vector<IcsPerson> invitees;
};

// `method`: PUBLISH for a calendar export, REQUEST for an invitation or
// its change, CANCEL for a cancellation (RFC 5546).
std::string ToIcs(const std::vector<IcsEvent>& events, absl::Time stamp,
                  const std::string& method = "PUBLISH");

// What a calendar program reads back, for tests and importers.
struct ParsedEvent {
  std::map<std::string, std::string> properties;  // unfolded, unescaped; key without params
  std::string start_tzid;
  absl::Time start;  // resolved through the file's VTIMEZONE
  absl::Time end;
};
absl::StatusOr<std::vector<ParsedEvent>> ParseIcs(const std::string& ics);

}  // namespace summit
