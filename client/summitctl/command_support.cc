#include "client/summitctl/command_support.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client/summitctl/server_probe.h"

namespace summit::ctl {

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  const google::protobuf::EnumValueDescriptor* known = type->FindValueByNumber(value);
  if (known == nullptr) return absl::StrCat(value);
  // The enum's name in UPPER_SNAKE is the prefix of its values (buf's rule).
  std::string prefix;
  for (char c : type->name()) {
    if (absl::ascii_isupper(c) && !prefix.empty()) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(c));
  }
  prefix.push_back('_');
  absl::string_view name = known->name();
  absl::ConsumePrefix(&name, prefix);
  return absl::AsciiStrToLower(name);
}

const Connection& Session::connection() {
  if (connection_) return *connection_;
  connection_ = std::make_unique<Connection>(*options_);
  // A server that is there connects in milliseconds. One that does not
  // within two seconds is asked what it is, so that a wrong --server or a
  // TLS mismatch is said at once instead of after --timeout.
  const auto soon = std::chrono::system_clock::now() +
                    std::chrono::seconds(std::min(2, options_->timeout_seconds));
  grpc::Channel& channel = *connection_->channel();
  grpc_connectivity_state state = channel.GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE &&
         channel.WaitForStateChange(state, soon)) {
    state = channel.GetState(true);
  }
  if (state != GRPC_CHANNEL_READY) {
    const std::string& server = connection_->options().server;
    const std::string why = ExplainUnreachable(server, options_->tls, ProbeServer(server));
    if (!why.empty()) throw CommandError(why, 1);
  }
  return *connection_;
}

std::unique_ptr<directory::v1::DirectoryService::Stub> Session::Directory() {
  return directory::v1::DirectoryService::NewStub(connection().channel());
}

std::unique_ptr<recommendations::v1::RecommendationService::Stub> Session::Recommendations() {
  return recommendations::v1::RecommendationService::NewStub(connection().channel());
}

std::unique_ptr<reviews::v1::ReviewService::Stub> Session::Reviews() {
  return reviews::v1::ReviewService::NewStub(connection().channel());
}

std::unique_ptr<meetings::v1::MeetingService::Stub> Session::Meetings() {
  return meetings::v1::MeetingService::NewStub(connection().channel());
}

void Session::Check(const grpc::Status& status) {
  if (status.ok()) return;
  const int code = status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ? 2 : 1;
  throw CommandError(DescribeError(status, connection().options().server), code);
}

namespace {

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The one repeated message field of a plain list answer (List...Response
// with nothing else but next_page_token), else null.
const google::protobuf::FieldDescriptor* ListItems(const google::protobuf::Descriptor& d) {
  if (d.name().rfind("List", 0) != 0) return nullptr;
  const google::protobuf::FieldDescriptor* items = nullptr;
  for (int i = 0; i < d.field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d.field(i);
    if (f->is_repeated() && f->message_type() != nullptr && items == nullptr) {
      items = f;
    } else if (f->name() != "next_page_token") {
      return nullptr;
    }
  }
  return items;
}

// Each line of `json` but the first indented by two spaces.
std::string Indented(const std::string& json) {
  std::string out;
  for (const char c : json) {
    out.push_back(c);
    if (c == '\n') out += "  ";
  }
  return out;
}

}  // namespace

void PrintJson(const google::protobuf::Message& message) {
  // Lists print as arrays, so an empty one is [] and scripts iterate directly.
  if (const google::protobuf::FieldDescriptor* items = ListItems(*message.GetDescriptor())) {
    const google::protobuf::Reflection& r = *message.GetReflection();
    const int n = r.FieldSize(message, items);
    if (n == 0) {
      std::cout << "[]\n";
      return;
    }
    std::cout << "[\n";
    for (int i = 0; i < n; ++i) {
      std::cout << "  " << Indented(ToJson(r.GetRepeatedMessage(message, items, i)))
                << (i + 1 < n ? ",\n" : "\n");
    }
    std::cout << "]\n";
    return;
  }
  std::cout << ToJson(message) << "\n";
}

void PrintJsonObject(
    const std::vector<std::pair<std::string, const google::protobuf::Message*>>& fields) {
  std::cout << "{\n";
  for (size_t i = 0; i < fields.size(); ++i) {
    std::cout << "  \"" << fields[i].first << "\": " << Indented(ToJson(*fields[i].second))
              << (i + 1 < fields.size() ? ",\n" : "\n");
  }
  std::cout << "}\n";
}

void PrintResource(Session& session, const google::protobuf::Message& message,
                   const std::vector<std::pair<std::string, std::string>>& fields) {
  if (session.json()) return PrintJson(message);
  size_t width = 0;
  for (const auto& [k, v] : fields) width = std::max(width, k.size());
  for (const auto& [k, v] : fields) {
    if (v.empty()) continue;
    std::cout << k << ":" << std::string(width - k.size() + 2, ' ') << v << "\n";
  }
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

google::protobuf::Timestamp ParseTime(const std::string& flag, const std::string& text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    throw CommandError(absl::StrFormat("%s: expected a time like 2025-10-01T18:00:00+05:00, got "
                                       "\"%s\"",
                                       flag, text),
                       2);
  }
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(t));
}

std::string Session::Person(const std::string& name) {
  if (name.rfind("people/", 0) != 0) return name;
  auto it = people_.find(name);
  if (it == people_.end()) {
    directory::v1::GetPersonRequest req;
    req.set_name(name);
    directory::v1::Person person;
    const grpc::Status s = Directory()->GetPerson(connection().Context().get(), req, &person);
    const std::string label = s.ok() && !person.display_name().empty()
                                  ? absl::StrCat(person.display_name(), " (", name, ")")
                                  : name;
    it = people_.emplace(name, label).first;
  }
  return it->second;
}

std::string Session::People(const google::protobuf::RepeatedPtrField<std::string>& names) {
  std::vector<std::string> labels;
  for (const std::string& n : names) labels.push_back(Person(n));
  return absl::StrJoin(labels, ", ");
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  return absl::StrJoin(items, ", ");
}

std::vector<std::string> SplitList(const std::string& csv) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(csv, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

std::string NewRequestId() {
  // A random UUID (version 4): retries of one command invocation share it.
  std::random_device rd;
  std::mt19937_64 rng(rd());
  const uint64_t a = rng(), b = rng();
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFF,
                         ((b >> 48) & 0x3FFF) | 0x8000, b & 0xFFFFFFFFFFFFULL);
}

std::string ReadTextFile(const std::string& flag, const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CommandError(flag + ": cannot read " + path, 2);
    text << in.rdbuf();
  }
  return text.str();
}

void AddPageFlags(CLI::App* cmd, PageFlags* flags) {
  cmd->add_option("--page-size", flags->page_size, "Rows per page (server default 50, max 500)");
  cmd->add_option("--page-token", flags->page_token, "Continue from a previous page");
  cmd->add_flag("--all", flags->all, "Fetch every page");
}

void PrintNextPage(const Session& session, const std::string& next_page_token) {
  if (next_page_token.empty()) return;
  std::cerr << "(more: --page-token " << next_page_token << " or --all)\n";
}

}  // namespace summit::ctl

namespace summit::ctl {

std::string FormatLocalSpan(const meetings::v1::LocalTime& t) {
  // "YYYY-MM-DD HH:MM": the end's time alone when it is on the start's day.
  const std::string start_day = t.start().substr(0, 10);
  const bool same_day = t.end().size() > 11 && t.end().substr(0, 10) == start_day;
  const std::string end =
      same_day ? t.end().substr(11) : absl::StrCat(t.end(), " (ends the next day)");
  return absl::StrCat(t.weekday(), " ", t.start(), " – ", end, " ", t.time_zone(), " (UTC",
                      t.utc_offset(), ")",
                      t.day_shift() > 0   ? " next day"
                      : t.day_shift() < 0 ? " previous day"
                                          : "");
}

}  // namespace summit::ctl
