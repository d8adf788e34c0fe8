// summitctl signin (email code), signout, inbox, mywork and notify prefs.
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"
#include "summit/notifications/v1/notification_service.grpc.pb.h"

namespace summit::ctl {
namespace {

namespace dv1 = directory::v1;
namespace nv1 = notifications::v1;

std::unique_ptr<nv1::NotificationService::Stub> NotificationsOf(Session& session) {
  return nv1::NotificationService::NewStub(session.connection().channel());
}

std::string KindName(nv1::NotificationKind kind) {
  std::string name = nv1::NotificationKind_Name(kind);
  return name.substr(std::string("NOTIFICATION_KIND_").size());
}

void PrintItems(const std::string& heading,
                const google::protobuf::RepeatedPtrField<nv1::WorkItem>& items) {
  if (items.empty()) return;
  std::cout << heading << ":\n";
  for (const nv1::WorkItem& i : items) {
    std::cout << "  " << i.title() << "  [" << i.state() << "]";
    if (i.has_due_time()) std::cout << "  due " << FormatTime(i.due_time());
    if (i.overdue()) std::cout << "  OVERDUE";
    std::cout << "\n    " << i.resource() << "\n";
  }
}

nv1::Delivery ParseDelivery(const std::string& text) {
  if (text == "email") return nv1::DELIVERY_EMAIL_IMMEDIATELY;
  if (text == "digest") return nv1::DELIVERY_DAILY_DIGEST;
  if (text == "inbox") return nv1::DELIVERY_INBOX_ONLY;
  throw CommandError("delivery must be email, digest or inbox, not \"" + text + "\"", 2);
}

}  // namespace

void AddNotificationCommands(CLI::App& app, Session& session) {
  auto* signin = app.add_subcommand(
      "signin", "Sign in with your email: a code is mailed to you, then typed here");
  static std::string email, code, label = "summitctl";
  signin->add_option("--email", email, "The email you are known by")->required();
  signin->add_option("--code", code, "The code from the mail (asked for when not given)");
  signin->add_option("--label", label, "How the session is listed with your tokens");
  signin->callback([&session] {
    auto directory = session.Directory();
    if (code.empty()) {
      dv1::StartSignInRequest start;
      start.set_email(email);
      dv1::StartSignInResponse started;
      session.Check(directory->StartSignIn(session.connection().Context().get(), start, &started));
      std::cerr << "If " << email << " belongs to someone here, a code is on its way (valid "
                << started.code_ttl().seconds() / 60 << " minutes). Code: " << std::flush;
      std::getline(std::cin, code);
    }
    dv1::CompleteSignInRequest complete;
    complete.set_email(email);
    complete.set_code(code);
    complete.set_display_name(label);
    dv1::CompleteSignInResponse session_credential;
    session.Check(directory->CompleteSignIn(session.connection().Context().get(), complete,
                                            &session_credential));
    const std::string path = session.connection().options().credentials_file;
    if (!WriteCredentialsFile(path, {session.connection().options().server,
                                     session_credential.credential().token()})) {
      throw CommandError("cannot write " + path, 1);
    }
    std::cout << "Signed in as " << session_credential.person() << " until "
              << FormatTime(session_credential.credential().expire_time()) << "; saved in " << path
              << "\n";
  });

  auto* signout = app.add_subcommand("signout", "Sign out: revoke the token in use");
  signout->callback([&session] {
    dv1::SignOutResponse out;
    session.Check(session.Directory()->SignOut(session.connection().Context().get(), {}, &out));
    std::cout << "Signed out: " << out.credential().name() << " revoked\n";
  });

  auto* inbox = app.add_subcommand("inbox", "Your notifications, newest first");
  static bool unread_only = false, mark_all = false;
  static PageFlags page;
  inbox->add_flag("--unread", unread_only, "Only unread ones");
  inbox->add_flag("--mark-read", mark_all, "Mark every notification read");
  AddPageFlags(inbox, &page);
  inbox->callback([&session] {
    auto stub = NotificationsOf(session);
    if (mark_all) {
      nv1::MarkNotificationsReadRequest req;
      req.set_all(true);
      nv1::MarkNotificationsReadResponse resp;
      session.Check(stub->MarkNotificationsRead(session.connection().Context().get(), req, &resp));
      std::cout << resp.marked() << " marked read\n";
      return;
    }
    nv1::ListNotificationsRequest req;
    req.set_unread_only(unread_only);
    req.set_page_size(page.page_size);
    req.set_page_token(page.page_token);
    nv1::ListNotificationsResponse resp;
    session.Check(stub->ListNotifications(session.connection().Context().get(), req, &resp));
    if (session.json()) return PrintJson(resp);
    for (const nv1::Notification& n : resp.notifications()) {
      std::cout << (n.has_read_time() ? "  " : "* ") << FormatTime(n.create_time()) << "  "
                << KindName(n.kind()) << "  " << n.title() << "\n    " << n.resource() << "\n";
    }
    std::cout << resp.unread_count() << " unread\n";
    PrintNextPage(session, resp.next_page_token());
  });

  auto* mywork = app.add_subcommand("mywork", "Everything waiting on you, in one list");
  mywork->callback([&session] {
    nv1::GetMyWorkResponse work;
    session.Check(
        NotificationsOf(session)->GetMyWork(session.connection().Context().get(), {}, &work));
    if (session.json()) return PrintJson(work);
    PrintItems("Reviews", work.assignments());
    PrintItems("Drafts", work.drafts());
    PrintItems("Waiting on you", work.waiting_on_me());
    PrintItems("Meetings", work.meetings());
    PrintItems("Action items", work.action_items());
    std::cout << work.unread_count() << " unread notifications\n";
  });

  auto* notify = app.add_subcommand("notify", "Your notification settings");
  notify->require_subcommand(1);
  auto* prefs = notify->add_subcommand("prefs", "Show or change how you are told");
  static std::string deliver, zone, language, quiet;
  static std::vector<std::string> per_kind;
  prefs->add_option("--default", deliver, "email, digest or inbox, for every kind not set");
  prefs->add_option("--kind", per_kind, "KIND=email|digest|inbox, e.g. REVIEW_DUE=digest");
  prefs->add_option("--time-zone", zone, "IANA zone for times in mail");
  prefs->add_option("--language", language, "en, ru, kk or ko");
  prefs->add_option("--quiet-hours", quiet, "HH:MM-HH:MM in your zone; \"none\" to clear");
  prefs->callback([&session] {
    auto stub = NotificationsOf(session);
    nv1::NotificationPreferences current;
    session.Check(
        stub->GetNotificationPreferences(session.connection().Context().get(), {}, &current));
    const bool change = !deliver.empty() || !per_kind.empty() || !zone.empty() ||
                        !language.empty() || !quiet.empty();
    if (change) {
      if (!deliver.empty()) current.set_default_delivery(ParseDelivery(deliver));
      for (const std::string& entry : per_kind) {
        const size_t eq = entry.find('=');
        nv1::NotificationKind kind;
        if (eq == std::string::npos ||
            !nv1::NotificationKind_Parse(
                "NOTIFICATION_KIND_" + absl::AsciiStrToUpper(entry.substr(0, eq)), &kind)) {
          throw CommandError("--kind: \"" + entry + "\" is not KIND=email|digest|inbox", 2);
        }
        nv1::KindPreference* k = nullptr;
        for (auto& existing : *current.mutable_kinds()) {
          if (existing.kind() == kind) k = &existing;
        }
        if (k == nullptr) k = current.add_kinds();
        k->set_kind(kind);
        k->set_delivery(ParseDelivery(entry.substr(eq + 1)));
      }
      if (!zone.empty()) current.set_time_zone(zone);
      if (!language.empty()) current.set_language(language);
      if (quiet == "none") {
        current.clear_quiet_hours();
      } else if (!quiet.empty()) {
        const size_t dash = quiet.find('-');
        if (dash == std::string::npos) throw CommandError("--quiet-hours: HH:MM-HH:MM", 2);
        current.mutable_quiet_hours()->set_start(quiet.substr(0, dash));
        current.mutable_quiet_hours()->set_end(quiet.substr(dash + 1));
      }
      nv1::UpdateNotificationPreferencesRequest req;
      *req.mutable_preferences() = current;
      session.Check(
          stub->UpdateNotificationPreferences(session.connection().Context().get(), req, &current));
    }
    PrintJson(current);
  });
}

}  // namespace summit::ctl
