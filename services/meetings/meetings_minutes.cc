// Minutes (immutable versions, frozen on approval) and action items.
#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_codec.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/meetings/lifecycle.h"
#include "services/meetings/meetings.h"
#include "services/meetings/sql/queries.h"

namespace summit::meetings {
namespace {

namespace dv1 = directory::v1;
using M = v1::Meeting;
using P = v1::Participant;
using AI = v1::ActionItem;

v1::MinutesVersion ReadMinutes(const pqxx::row& r) {
  v1::MinutesVersion v;
  v.set_version_number(r["number"].as<int>());
  v.set_name(absl::StrCat(r["meeting"].as<std::string>(), "/minutes/", v.version_number()));
  v.set_text(r["text"].as<std::string>());
  for (const std::string& d : FromJsonArray(r["decisions"].as<std::string>())) v.add_decisions(d);
  // One array of recommendations per decision (older minutes have none).
  google::protobuf::ListValue links;
  (void)FromJson(r["decision_links"].as<std::string>(), &links);
  for (int i = 0; i < v.decisions_size(); ++i) {
    v1::Decision* d = v.add_linked_decisions();
    d->set_text(v.decisions(i));
    if (i < links.values_size()) {
      for (const auto& rec : links.values(i).list_value().values()) {
        d->add_recommendations(rec.string_value());
      }
    }
  }
  v.set_author(r["author"].as<std::string>());
  *v.mutable_create_time() =
      ToProtoTime(absl::FromUnixMicros(r["create_time_micros"].as<int64_t>()));
  return v;
}

AI ReadActionItem(const pqxx::row& r, absl::Time now) {
  AI a;
  a.set_name(r["name"].as<std::string>());
  a.set_title(r["title"].as<std::string>());
  a.set_assignee(r["assignee"].as<std::string>());
  const absl::Time due = absl::FromUnixMicros(r["due_micros"].as<int64_t>());
  *a.mutable_due_time() = ToProtoTime(due);
  AI::State state = AI::STATE_UNSPECIFIED;
  AI::State_Parse(r["state"].as<std::string>(), &state);
  a.set_state(state);
  a.set_overdue(state == AI::STATE_OPEN && due < now);
  a.set_etag(MakeEtag(r["version"].as<int64_t>()));
  *a.mutable_update_time() = ToProtoTime(absl::FromUnixMicros(r["update_micros"].as<int64_t>()));
  a.set_meeting_title(r["meeting_title"].is_null() ? "" : r["meeting_title"].as<std::string>());
  for (const std::string& rec : FromJsonArray(r["recommendations"].as<std::string>())) {
    a.add_recommendations(rec);
  }
  return a;
}

// Where a page of action items ends: overdue ones (rank 0) come first, then
// by due time and name. The first page starts before everything.
struct ActionItemKey {
  int overdue_rank = -1;
  int64_t due_micros = std::numeric_limits<int64_t>::min();
  std::string name;
};

std::string ActionItemKeyOf(const AI& a) {
  return absl::StrCat(a.overdue() ? 0 : 1, "|", absl::ToUnixMicros(FromProtoTime(a.due_time())),
                      "|", a.name());
}

absl::StatusOr<ActionItemKey> ParseActionItemKey(const std::string& key) {
  ActionItemKey k;
  if (key.empty()) return k;
  const std::vector<std::string> parts = absl::StrSplit(key, absl::MaxSplits('|', 2));
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &k.overdue_rank) ||
      !absl::SimpleAtoi(parts[1], &k.due_micros)) {
    return InvalidField("page_token", "is not a token this server issued");
  }
  k.name = parts[2];
  return k;
}

// INVALID_ARGUMENT naming the field unless each recommendation is on the
// meeting's agenda.
absl::Status CheckOnAgenda(const std::string& field,
                           const google::protobuf::RepeatedPtrField<std::string>& recs,
                           const M& m) {
  for (int j = 0; j < recs.size(); ++j) {
    const bool on_agenda = absl::c_any_of(m.agenda(), [&](const v1::AgendaItem& item) {
      return absl::c_linear_search(item.recommendations(), recs[j]);
    });
    if (!on_agenda) {
      return InvalidField(absl::StrCat(field, "[", j, "]"),
                          absl::StrCat(recs[j], " is not on this meeting's agenda"));
    }
  }
  return absl::OkStatus();
}

bool Attended(const Principal& p, const M& m) {
  return absl::c_any_of(m.participants(), [&](const P& x) {
    return x.person() == p.subject && x.attendance() == P::ATTENDANCE_ATTENDED;
  });
}

}  // namespace

absl::StatusOr<v1::MinutesVersion> Meetings::CreateMinutesVersion(
    const CallContext& call, DbSession& db, const v1::CreateMinutesVersionRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits", "meetings"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  RETURN_IF_ERROR(ValidateText("minutes.text", req.minutes().text(),
                               {.required = true, .max_chars = kMaxLongTextChars * 5}));
  if (req.minutes().decisions_size() > 0 && req.minutes().linked_decisions_size() > 0) {
    return InvalidField("minutes.decisions",
                        "give the decisions either as texts or as linked_decisions, not both");
  }
  // Texts alone are decisions that name no recommendation.
  std::vector<v1::Decision> decided(req.minutes().linked_decisions().begin(),
                                    req.minutes().linked_decisions().end());
  for (const std::string& text : req.minutes().decisions()) decided.emplace_back().set_text(text);
  const char* const field =
      req.minutes().decisions_size() > 0 ? "minutes.decisions" : "minutes.linked_decisions";
  for (size_t i = 0; i < decided.size(); ++i) {
    RETURN_IF_ERROR(ValidateText(absl::StrCat(field, "[", i, "]"), decided[i].text(),
                                 {.required = true, .max_chars = kMaxShortTextChars}));
  }
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::MinutesVersion>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "CreateMinutesVersion", req),
        [&]() -> absl::StatusOr<v1::MinutesVersion> {
          ASSIGN_OR_RETURN(M m, internal::LoadVisible(txn, call.principal, req.parent(), true));
          if (m.state() == M::STATE_MINUTES_APPROVED) {
            return absl::FailedPreconditionError("the minutes are approved and frozen");
          }
          if (m.state() != M::STATE_HELD) {
            return absl::FailedPreconditionError(
                absl::StrCat("minutes are written once the meeting is held; it is ",
                             MeetingStateName(m.state())));
          }
          const bool organiser = internal::IsOrganiser(call.principal, m);
          if (m.minutes_version() == 0 && !organiser) {
            return absl::PermissionDeniedError(
                "an organiser drafts the first version of the minutes");
          }
          if (!organiser && !Attended(call.principal, m)) {
            return absl::PermissionDeniedError("minutes are amended by organisers and attendees");
          }
          const int number = m.minutes_version() + 1;
          std::vector<std::string> decisions;
          google::protobuf::ListValue links;
          for (size_t i = 0; i < decided.size(); ++i) {
            RETURN_IF_ERROR(
                CheckOnAgenda(absl::StrCat("minutes.linked_decisions[", i, "].recommendations"),
                              decided[i].recommendations(), m));
            decisions.push_back(decided[i].text());
            google::protobuf::ListValue* recs = links.add_values()->mutable_list_value();
            for (const std::string& rec : decided[i].recommendations()) {
              recs->add_values()->set_string_value(rec);
            }
          }
          const v1::MinutesVersion v = ReadMinutes(
              txn.exec_prepared(sql::kInsertMinutes, req.parent(), number, req.minutes().text(),
                                ToJsonArray(decisions), call.principal.subject, ToJson(links))[0]);
          M after = m;
          after.set_minutes_version(number);
          UpdateDoc(txn, sql::kMeetings, req.parent(), ToDocument(after));
          sql::kSchema.Record(txn, call, "meetings.minutes.created", v.name(), "", ToJson(v),
                              req.request_id());
          return v;
        });
  });
}

absl::StatusOr<v1::ListMinutesVersionsResponse> Meetings::ListMinutesVersions(
    const CallContext& call, DbSession& db, const v1::ListMinutesVersionsRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits", "meetings"}).status());
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("minutes|", req.parent())));
  ASSIGN_OR_RETURN(const int64_t after, AfterNumber(page));
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListMinutesVersionsResponse> {
        RETURN_IF_ERROR(internal::LoadVisible(txn, call.principal, req.parent(), false).status());
        v1::ListMinutesVersionsResponse resp;
        for (const pqxx::row& r :
             txn.exec_prepared(sql::kListMinutes, req.parent(), after, page.limit())) {
          *resp.add_versions() = ReadMinutes(r);
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_versions(), [](const auto& v) {
          return absl::StrCat(v.version_number());
        }));
        return resp;
      });
}

absl::StatusOr<M> Meetings::ApproveMinutes(const CallContext& call, DbSession& db,
                                           const v1::ApproveMinutesRequest& req) const {
  return Change(call, db, req.name(), req.etag(), true, "meetings.minutes.approved", [](M& m) {
    RETURN_IF_ERROR(CheckMeetingTransition(m.state(), M::STATE_MINUTES_APPROVED));
    if (m.minutes_version() == 0)
      return absl::FailedPreconditionError("there are no minutes to approve yet");
    m.set_state(M::STATE_MINUTES_APPROVED);
    return absl::OkStatus();
  });
}

absl::StatusOr<AI> Meetings::CreateActionItem(const CallContext& call, DbSession& db,
                                              const v1::CreateActionItemRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits", "meetings"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  const AI& item = req.action_item();
  RETURN_IF_ERROR(
      ValidateText("action_item.title", item.title(), {.required = true, .max_chars = 500}));
  RETURN_IF_ERROR(ParseResourceName("action_item.assignee", item.assignee(), {"people"}).status());
  if (!item.has_due_time()) return InvalidField("action_item.due_time", "is required");
  RETURN_IF_ERROR(AsFieldError(deps_.directory->Person(item.assignee(), call.deadline).status(),
                               "action_item.assignee"));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<AI>(
        txn, sql::kSchema.RequestLog(),
        KeyForRequest(call.principal.subject, "CreateActionItem", req),
        [&]() -> absl::StatusOr<AI> {
          ASSIGN_OR_RETURN(M m, internal::LoadVisible(txn, call.principal, req.parent(), true));
          if (!internal::IsOrganiser(call.principal, m) &&
              !call.principal.Has(dv1::ROLE_COORDINATOR)) {
            return absl::PermissionDeniedError(
                "action items are set by the meeting's organisers and coordinators");
          }
          if (m.state() == M::STATE_CANCELLED)
            return absl::FailedPreconditionError("the meeting was cancelled");
          RETURN_IF_ERROR(CheckOnAgenda("action_item.recommendations", item.recommendations(), m));
          const int n = txn.exec_prepared(sql::kCountActionItems, req.parent())[0][0].as<int>() + 1;
          const std::string name = absl::StrCat(req.parent(), "/actionItems/a", n);
          const std::vector<std::string> recs(item.recommendations().begin(),
                                              item.recommendations().end());
          const AI created = ReadActionItem(
              txn.exec_prepared(sql::kInsertActionItem, name, req.parent(), item.title(),
                                item.assignee(), absl::ToUnixMicros(FromProtoTime(item.due_time())),
                                ToJsonArray(recs))[0],
              now);
          sql::kSchema.Record(txn, call, "meetings.action_item.created", name, "", ToJson(created),
                              req.request_id());
          return created;
        });
  });
}

absl::StatusOr<AI> Meetings::UpdateActionItemState(
    const CallContext& call, DbSession& db, const v1::UpdateActionItemStateRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("name", req.name(), {"summits", "meetings", "actionItems"}).status());
  if (req.state() == AI::STATE_UNSPECIFIED) {
    return InvalidField("state", "must be open, done or dropped");
  }
  const std::string meeting = req.name().substr(0, req.name().find("/actionItems/"));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<AI> {
    ASSIGN_OR_RETURN(M m, internal::LoadVisible(txn, call.principal, meeting, false));
    const pqxx::result r = txn.exec_prepared(sql::kGetActionItemForUpdate, req.name());
    if (r.empty()) return ResourceNotFound(req.name());
    const AI before = ReadActionItem(r[0], now);
    if (before.assignee() != call.principal.subject && !internal::IsOrganiser(call.principal, m)) {
      return absl::PermissionDeniedError("the assignee or an organiser updates an action item");
    }
    RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), before.etag()));
    const AI after = ReadActionItem(
        txn.exec_prepared(sql::kSetActionItemState, req.name(), AI::State_Name(req.state()))[0],
        now);
    sql::kSchema.Record(txn, call, "meetings.action_item.updated", req.name(), ToJson(before),
                        ToJson(after));
    return after;
  });
}

absl::StatusOr<v1::ListActionItemsResponse> Meetings::ListActionItems(
    const CallContext& call, DbSession& db, const v1::ListActionItemsRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits", "meetings"}).status());
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("actions|", req.parent())));
  ASSIGN_OR_RETURN(const ActionItemKey after, ParseActionItemKey(page.after));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListActionItemsResponse> {
        RETURN_IF_ERROR(internal::LoadVisible(txn, call.principal, req.parent(), false).status());
        v1::ListActionItemsResponse resp;
        for (const pqxx::row& r : txn.exec_prepared(sql::kListActionItems, req.parent(),
                                                    after.due_micros, after.name, page.limit())) {
          *resp.add_action_items() = ReadActionItem(r, now);
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_action_items(), ActionItemKeyOf));
        return resp;
      });
}

absl::StatusOr<v1::ListMyActionItemsResponse> Meetings::ListMyActionItems(
    const CallContext& call, DbSession& db, const v1::ListMyActionItemsRequest& req) const {
  const std::string person = req.person().empty() ? call.principal.subject : req.person();
  RETURN_IF_ERROR(ParseResourceName("person", person, {"people"}).status());
  if (person != call.principal.subject && !call.principal.Has(dv1::ROLE_COORDINATOR)) {
    return absl::PermissionDeniedError("another person's action items are for coordinators");
  }
  ASSIGN_OR_RETURN(
      const PageRequest page,
      StartPage(req.page_size(), req.page_token(),
                absl::StrCat("my-actions|", person, "|", req.include_closed() ? "all" : "open")));
  ASSIGN_OR_RETURN(const ActionItemKey after, ParseActionItemKey(page.after));
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListMyActionItemsResponse> {
        v1::ListMyActionItemsResponse resp;
        for (const pqxx::row& r : txn.exec_prepared(
                 sql::kListActionItemsOf, person, req.include_closed(), absl::ToUnixMicros(now),
                 after.overdue_rank, after.due_micros, after.name, page.limit())) {
          *resp.add_action_items() = ReadActionItem(r, now);
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_action_items(), ActionItemKeyOf));
        return resp;
      });
}

}  // namespace summit::meetings
