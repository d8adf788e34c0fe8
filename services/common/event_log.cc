#include "services/common/event_log.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <pqxx/result>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"

namespace summit {
namespace {

using feed::v1::Event;
using google::protobuf::util::TimeUtil;

// libpqxx 6 sends a null `const char*` as SQL NULL.
const char* Optional(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// Values are the API JSON of a resource; a value that does not parse (which
// would be a bug) is passed on as a string rather than dropped.
google::protobuf::Value ParsePayload(const std::string& json) {
  google::protobuf::Value value;
  if (!google::protobuf::util::JsonStringToMessage(json, &value).ok()) value.set_string_value(json);
  return value;
}

// 0001-01-01 to 9999-12-31, as google.protobuf.Timestamp documents.
bool IsValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= -62135596800 && t.seconds() <= 253402300799 && t.nanos() >= 0 &&
         t.nanos() < 1000000000;
}

// The text copy of txid is named apart: ORDER BY a bare `txid` would
// otherwise sort by that text ("999" after "1000").
std::string PageSql(const std::string& schema) {
  return absl::StrCat(
      "SELECT id, txid::text AS txid_text, "
      "(extract(epoch FROM event_time) * 1000000)::bigint AS event_time_micros, "
      "actor, type, "
      "resource, before::text, after::text "
      "FROM ",
      schema,
      ".events "
      "WHERE (txid, id) > ($1::xid8, $2::bigint) AND txid < $3::xid8 "
      "AND ($4::text IS NULL OR resource = $4 OR starts_with(resource, $4 || '/')) "
      "AND ($5::text IS NULL OR resource = $5 OR starts_with(resource, $5 || '/')) "
      "AND ($6::text IS NULL OR actor = $6) "
      "AND ($7::text IS NULL OR starts_with(type, $7)) "
      "AND ($8::timestamptz IS NULL OR event_time >= $8) "
      "AND ($9::timestamptz IS NULL OR event_time < $9) "
      "ORDER BY txid, id LIMIT $10");
}

}  // namespace

absl::Status ValidateEventFilter(absl::string_view field, const feed::v1::EventFilter& filter) {
  if (!filter.summit().empty()) {
    RETURN_IF_ERROR(
        ParseResourceName(absl::StrCat(field, ".summit"), filter.summit(), {"summits"}).status());
  }
  RETURN_IF_ERROR(
      ValidateText(absl::StrCat(field, ".resource"), filter.resource(), {.max_chars = 1000}));
  RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".actor"), filter.actor(), {}));
  RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".type_prefix"), filter.type_prefix(), {}));
  if (filter.has_start_time() && !IsValidTimestamp(filter.start_time())) {
    return InvalidField(absl::StrCat(field, ".start_time"), "must be a valid timestamp");
  }
  if (filter.has_end_time() && !IsValidTimestamp(filter.end_time())) {
    return InvalidField(absl::StrCat(field, ".end_time"), "must be a valid timestamp");
  }
  if (filter.has_start_time() && filter.has_end_time() &&
      filter.end_time() <= filter.start_time()) {
    return InvalidField(absl::StrCat(field, ".end_time"), "must be after start_time");
  }
  return absl::OkStatus();
}

std::string LeadingSegments(absl::string_view resource, size_t segments) {
  const std::vector<absl::string_view> parts = absl::StrSplit(resource, '/');
  if (parts.size() < segments) return "";
  for (size_t i = 0; i < segments; ++i) {
    if (parts[i].empty()) return "";
  }
  return absl::StrJoin(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(segments), "/");
}

std::string SummitOfResource(absl::string_view resource) {
  if (!absl::StartsWith(resource, "summits/")) return "";
  return LeadingSegments(resource, 2);
}

absl::StatusOr<feed::internal::v1::ListSourceEventsResponse> ReadSourceEvents(
    const EventSource& source, const CallContext& call, DbSession& db,
    const feed::internal::v1::ListSourceEventsRequest& request) {
  RETURN_IF_ERROR(ValidateEventFilter("filter", request.filter()));
  if (request.page_size() < 0) return InvalidField("page_size", "must not be negative");
  const int page_size =
      request.page_size() == 0 ? 100 : std::min(request.page_size(), kMaxSourcePage);
  const feed::v1::EventFilter& f = request.filter();
  const std::string sql = PageSql(source.schema);

  // A read: each statement in autocommit (the horizon is taken first, so
  // the page read after it sees every event below it).
  return RunRead(
      db, call,
      [&](pqxx::transaction_base& txn)
          -> absl::StatusOr<feed::internal::v1::ListSourceEventsResponse> {
        // Every transaction below this one that could write here has finished:
        // committed events below it can be served, and no new event will ever
        // appear below it.
        const std::string horizon = txn.exec1(kFeedHorizonSql)[0].as<std::string>();
        if (request.present_only()) {
          feed::internal::v1::ListSourceEventsResponse present;
          present.mutable_next()->set_transaction(std::stoull(horizon));
          present.set_caught_up(true);
          return present;
        }
        const std::string start = f.has_start_time() ? TimeUtil::ToString(f.start_time()) : "";
        const std::string end = f.has_end_time() ? TimeUtil::ToString(f.end_time()) : "";
        const pqxx::result rows = txn.exec_params(
            sql, std::to_string(request.after().transaction()), request.after().event_id(), horizon,
            Optional(f.summit()), Optional(f.resource()), Optional(f.actor()),
            Optional(f.type_prefix()), Optional(start), Optional(end), page_size);

        feed::internal::v1::ListSourceEventsResponse response;
        const EventAccessFn access = source.access(txn, call.principal);
        for (const pqxx::row& row : rows) {
          feed::internal::v1::SourcePosition position;
          position.set_event_id(row["id"].as<int64_t>());
          position.set_transaction(row["txid_text"].as<uint64_t>());
          *response.mutable_next() = position;

          Event event;
          event.set_source(source.name);
          event.set_id(position.event_id());
          *event.mutable_event_time() =
              TimeUtil::MicrosecondsToTimestamp(row["event_time_micros"].as<int64_t>());
          event.set_actor(row["actor"].as<std::string>());
          event.set_type(row["type"].as<std::string>());
          event.set_resource(row["resource"].as<std::string>());
          event.set_summit(SummitOfResource(event.resource()));
          const EventAccess seen = access(event);
          if (seen == EventAccess::kHidden) continue;
          if (seen == EventAccess::kAnonymous) {
            if (!f.actor().empty()) continue;
            event.clear_actor();
          }
          const bool has_payload = !row["before"].is_null() || !row["after"].is_null();
          if (seen == EventAccess::kFull) {
            if (!row["before"].is_null())
              *event.mutable_before() = ParsePayload(row["before"].as<std::string>());
            if (!row["after"].is_null())
              *event.mutable_after() = ParsePayload(row["after"].as<std::string>());
          } else {
            event.set_payload_withheld(has_payload);
          }
          feed::internal::v1::SourceEvent* out = response.add_events();
          *out->mutable_event() = std::move(event);
          *out->mutable_position() = position;
        }
        if (static_cast<int>(rows.size()) < page_size) {
          // Everything committed below the horizon has been read.
          response.set_caught_up(true);
          const uint64_t below = std::stoull(horizon);
          if (below > request.after().transaction()) {
            response.mutable_next()->set_transaction(below);
            response.mutable_next()->set_event_id(0);
          } else if (rows.empty()) {
            *response.mutable_next() = request.after();
          }
        }
        return response;
      });
}

}  // namespace summit
