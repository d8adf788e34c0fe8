#pragma once
// Sends one whole message over SMTP with libcurl: STARTTLS when the options
// require it (or smtps://), login when a user is set.

#include <string>

#include "absl/time/time.h"
#include "services/common/mail_options.h"

namespace summit::notifications {

struct SendOutcome {
  bool sent = false;
  // The server refused for good (a 5xx reply): retrying will not help.
  bool permanent = false;
  std::string error;
};

SendOutcome SendSmtp(const SmtpOptions& options, const std::string& from_address,
                     const std::string& to_address, const std::string& message);

}  // namespace summit::notifications
