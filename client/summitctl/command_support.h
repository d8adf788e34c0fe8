#pragma once
// Shared pieces of summitctl's commands: how a command reaches the server,
// reports an error, and prints a resource as a table or as JSON.

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/generated_enum_reflection.h>
#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/summitctl/connection.h"
#include "client/summitctl/table.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"

namespace summit::ctl {

// An enum value as people read it, its enum's own prefix dropped
// (ROLE_EXPERT -> "expert", BLIND_MODE_SINGLE_BLIND -> "single_blind"). A
// number this build does not know (a newer server's) prints as the number.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);
template <typename Enum>
std::string EnumLabel(Enum value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

// A failed call or bad input; main prints it and exits non-zero.
class CommandError : public std::runtime_error {
 public:
  CommandError(std::string message, int exit_code)
      : std::runtime_error(std::move(message)), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// A flag's word as an enum value: "minor_changes" with prefix "VERDICT_" ->
// VERDICT_MINOR_CHANGES. A usage error (exit 2) listing `choices` otherwise.
template <typename Enum, typename Parse>
Enum ParseEnum(const std::string& flag, const std::string& prefix, const std::string& text,
               Parse parse, const std::string& choices) {
  std::string upper = prefix;
  for (char c : text) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  Enum value;
  if (!parse(upper, &value) || static_cast<int>(value) == 0) {
    throw CommandError(flag + ": expected " + choices, 2);
  }
  return value;
}

// What every command gets: the connection, made only when a command runs.
class Session final {
 public:
  explicit Session(ConnectionOptions* options) : options_(options) {}
  const Connection& connection();
  std::unique_ptr<directory::v1::DirectoryService::Stub> Directory();
  std::unique_ptr<recommendations::v1::RecommendationService::Stub> Recommendations();
  std::unique_ptr<reviews::v1::ReviewService::Stub> Reviews();
  std::unique_ptr<meetings::v1::MeetingService::Stub> Meetings();
  bool json() const { return options_->json; }
  ConnectionOptions& options() { return *options_; }
  // Throws CommandError unless the call succeeded.
  void Check(const grpc::Status& status);

  // How tables show a person: "Әлия Бекова (people/aliya)", the display name
  // first, the name to type after. Asked of the directory once per person;
  // the bare name when the directory does not say (anything not a person).
  std::string Person(const std::string& name);
  std::string People(const google::protobuf::RepeatedPtrField<std::string>& names);

 private:
  ConnectionOptions* options_;
  std::unique_ptr<Connection> connection_;
  std::map<std::string, std::string> people_;
};

// One JSON document; a plain list answer (List...Response) as an array.
void PrintJson(const google::protobuf::Message& message);
// Several messages as one JSON object, {"name": message, ...}.
void PrintJsonObject(
    const std::vector<std::pair<std::string, const google::protobuf::Message*>>& fields);
// Prints a resource as "field: value" lines, or JSON with --json.
void PrintResource(Session& session, const google::protobuf::Message& message,
                   const std::vector<std::pair<std::string, std::string>>& fields);

std::string FormatTime(const google::protobuf::Timestamp& t);

// A meeting's time in one zone: "Tue 2025-11-11 09:00 – 10:30 Asia/Almaty
// (UTC+05:00)"; an end on a later day keeps its date and says so; "next day"
// when the local date is a day after the meeting's own.
std::string FormatLocalSpan(const meetings::v1::LocalTime& t);
// RFC 3339, e.g. 2025-10-01T18:00:00+05:00. Throws CommandError.
google::protobuf::Timestamp ParseTime(const std::string& flag, const std::string& text);
std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items);
std::vector<std::string> SplitList(const std::string& csv);
std::string NewRequestId();
// The whole file, or standard input for "-". Throws CommandError.
std::string ReadTextFile(const std::string& flag, const std::string& path);

// Finishes an update request: the mask from the flags given, the name and
// the etag. Refuses an update that names no field.
template <typename Resource>
void PrepareUpdate(const std::vector<std::string>& paths, const std::string& name,
                   const std::string& etag, Resource* resource, google::protobuf::FieldMask* mask) {
  if (paths.empty()) throw CommandError("nothing to change: give at least one field flag", 2);
  for (const std::string& p : paths) mask->add_paths(p);
  resource->set_name(name);
  resource->set_etag(etag);
}

// Options every list command has.
struct PageFlags {
  int page_size = 0;
  std::string page_token;
  bool all = false;
};
void AddPageFlags(CLI::App* cmd, PageFlags* flags);
// Prints the hint for the next page, when there is one and --all is off.
void PrintNextPage(const Session& session, const std::string& next_page_token);

}  // namespace summit::ctl

namespace summit::ctl {

// One page, or with --all every page merged into one response.
template <typename Request, typename Response, typename Call>
Response FetchPages(Session& session, Request req, const PageFlags& flags, Call call) {
  req.set_page_size(flags.page_size);
  req.set_page_token(flags.page_token);
  Response total;
  while (true) {
    Response page;
    session.Check(call(session.connection().Context().get(), req, &page));
    const std::string next = page.next_page_token();
    total.MergeFrom(page);
    total.set_next_page_token(next);
    if (!flags.all || next.empty()) break;
    req.set_page_token(next);
  }
  return total;
}

// Every page, merged: for lists a person reads whole (a cycle's reviews).
template <typename Request, typename Response, typename Call>
Response AllPages(Session& session, Request req, Call call) {
  return FetchPages<Request, Response>(session, std::move(req),
                                       PageFlags{.page_size = 500, .page_token = "", .all = true},
                                       std::move(call));
}

}  // namespace summit::ctl
