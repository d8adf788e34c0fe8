#pragma once
// How Summit sends mail (set by summitd's --smtp-* and --mail-* flags).
// Plain settings, so the server binary can pass them without knowing the
// notifications service.

#include <string>

#include "absl/time/time.h"

namespace summit {

// How mail looks to its readers.
struct MailSettings {
  std::string from_name = "Summit";
  std::string from_address = "summit@localhost";
  // Links in mail point into the web app here.
  std::string web_base_url = "http://localhost:8080";
  // Right-hand side of Message-IDs.
  std::string message_id_domain = "summit.local";
};

struct SmtpOptions {
  // "smtp://host:port" or "smtps://host:port"; empty: mail stays queued.
  std::string url;
  std::string username;
  std::string password;
  // Refuse to send unless the connection is upgraded with STARTTLS.
  bool require_starttls = false;
  // CA bundle to verify the server with; empty: the system's.
  std::string ca_file;
  absl::Duration timeout = absl::Seconds(30);
};

struct MailOptions {
  MailSettings settings;
  SmtpOptions smtp;
};

}  // namespace summit
