// Summits and their tracks: written by coordinators and admins, read by all.
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/directory/directory.h"
#include "services/directory/directory_internal.h"
#include "services/directory/directory_rules.h"

namespace summit::directory {
namespace {

using internal::Event;
using internal::KeyFor;

// A track's lead and coordinators must be existing people with the
// coordinator role.
absl::Status CheckCoordinator(pqxx::transaction_base& txn, const std::string& field,
                              const std::string& name) {
  absl::StatusOr<v1::Person> person = GetDocResource<v1::Person>(txn, sql::kPeople, name);
  if (!person.ok()) return InvalidField(field, absl::StrCat(name, " does not exist"));
  for (int role : person->roles()) {
    if (role == v1::ROLE_COORDINATOR) return absl::OkStatus();
  }
  return InvalidField(field, absl::StrCat(name, " is not a coordinator"));
}

absl::Status CheckLeadCoordinator(pqxx::transaction_base& txn, const v1::Track& track) {
  if (!track.lead_coordinator().empty()) {
    RETURN_IF_ERROR(CheckCoordinator(txn, "track.lead_coordinator", track.lead_coordinator()));
  }
  for (int i = 0; i < track.coordinators_size(); ++i) {
    RETURN_IF_ERROR(
        CheckCoordinator(txn, absl::StrCat("track.coordinators[", i, "]"), track.coordinators(i)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Summit> Directory::CreateSummit(const CallContext& call, DbSession& db,
                                                   const v1::CreateSummitRequest& req) const {
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.summit_id().empty()) RETURN_IF_ERROR(ValidateResourceId("summit_id", req.summit_id()));
  RETURN_IF_ERROR(ValidateSummit(req.summit()));
  RETURN_IF_ERROR(
      RequireRole(call.principal, {v1::ROLE_COORDINATOR, v1::ROLE_ADMIN}, "creating a summit"));
  const std::string name =
      absl::StrCat("summits/", req.summit_id().empty() ? GenerateId() : req.summit_id());
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::Summit>(
        txn, sql::kSchema.RequestLog(), KeyFor(call, "CreateSummit", req), [&] {
          return CreateDocResource(txn, sql::kSummits, name, req.summit(),
                                   Event(call, "directory.summit.created", req.request_id()));
        });
  });
}

absl::StatusOr<v1::Summit> Directory::GetSummit(const CallContext& call, DbSession& db,
                                                const v1::GetSummitRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"summits"}).status());
  return RunRead(db, call, [&](pqxx::transaction_base& txn) {
    return GetDocResource<v1::Summit>(txn, sql::kSummits, req.name());
  });
}

absl::StatusOr<v1::ListSummitsResponse> Directory::ListSummits(
    const CallContext& call, DbSession& db, const v1::ListSummitsRequest& req) const {
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(), "summits"));
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListSummitsResponse> {
        std::vector<DocRow> rows = QueryDocRows(txn, sql::kListSummits, page.after, page.limit());
        const std::string next = FinishPage(page, &rows, [](const DocRow& r) { return r.name; });
        v1::ListSummitsResponse resp;
        RETURN_IF_ERROR(internal::AppendAll<v1::Summit>(rows, resp.mutable_summits()));
        resp.set_next_page_token(next);
        return resp;
      });
}

absl::StatusOr<v1::Summit> Directory::UpdateSummit(const CallContext& call, DbSession& db,
                                                   const v1::UpdateSummitRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("summit.name", req.summit().name(), {"summits"}).status());
  RETURN_IF_ERROR(
      RequireRole(call.principal, {v1::ROLE_COORDINATOR, v1::ROLE_ADMIN}, "changing a summit"));
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Summit> {
    ASSIGN_OR_RETURN(auto plan, PlanUpdate(txn, sql::kSummits, req.summit(), req.update_mask(),
                                           SummitMutableFields()));
    RETURN_IF_ERROR(ValidateSummit(plan.after));
    return CommitUpdate(txn, sql::kSummits, plan, Event(call, "directory.summit.updated"));
  });
}

absl::StatusOr<v1::Track> Directory::CreateTrack(const CallContext& call, DbSession& db,
                                                 const v1::CreateTrackRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  if (!req.track_id().empty()) RETURN_IF_ERROR(ValidateResourceId("track_id", req.track_id()));
  RETURN_IF_ERROR(ValidateTrack(req.track()));
  RETURN_IF_ERROR(
      RequireRole(call.principal, {v1::ROLE_COORDINATOR, v1::ROLE_ADMIN}, "creating a track"));
  const std::string name = absl::StrCat(req.parent(), "/tracks/",
                                        req.track_id().empty() ? GenerateId() : req.track_id());
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) {
    return CreateOnce<v1::Track>(txn, sql::kSchema.RequestLog(), KeyFor(call, "CreateTrack", req),
                                 [&]() -> absl::StatusOr<v1::Track> {
                                   if (!GetDoc(txn, sql::kSummits.get, req.parent()))
                                     return ResourceNotFound(req.parent());
                                   RETURN_IF_ERROR(CheckLeadCoordinator(txn, req.track()));
                                   return CreateDocResource(
                                       txn, sql::kTracks, name, req.track(),
                                       Event(call, "directory.track.created", req.request_id()),
                                       req.parent());
                                 });
  });
}

absl::StatusOr<v1::Track> Directory::GetTrack(const CallContext& call, DbSession& db,
                                              const v1::GetTrackRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("name", req.name(), {"summits", "tracks"}).status());
  return RunRead(db, call, [&](pqxx::transaction_base& txn) {
    return GetDocResource<v1::Track>(txn, sql::kTracks, req.name());
  });
}

absl::StatusOr<v1::ListTracksResponse> Directory::ListTracks(
    const CallContext& call, DbSession& db, const v1::ListTracksRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  // Tracks come in their `order` (as the briefing package has them): the
  // page key is "<order>:<name>" of the last one.
  ASSIGN_OR_RETURN(
      const PageRequest page,
      StartPage(req.page_size(), req.page_token(), absl::StrCat("tracks-in-order|", req.parent())));
  int after_order = std::numeric_limits<int>::min();
  std::string after_name;
  if (!page.after.empty()) {
    const size_t colon = page.after.find(':');
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(page.after.substr(0, colon), &after_order)) {
      return InvalidField("page_token", "is not one this list gave out");
    }
    after_name = page.after.substr(colon + 1);
  }
  return RunTransaction(
      db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListTracksResponse> {
        if (!GetDoc(txn, sql::kSummits.get, req.parent())) return ResourceNotFound(req.parent());
        std::vector<DocRow> rows = QueryDocRows(txn, sql::kListTracks, req.parent(), after_order,
                                                after_name, page.limit());
        const bool more = static_cast<int>(rows.size()) > page.size;
        if (more) rows.resize(page.size);
        v1::ListTracksResponse resp;
        RETURN_IF_ERROR(internal::AppendAll<v1::Track>(rows, resp.mutable_tracks()));
        if (more) {
          const v1::Track& last = resp.tracks(resp.tracks_size() - 1);
          resp.set_next_page_token(
              EncodePageToken(page.fingerprint, absl::StrCat(last.order(), ":", last.name())));
        }
        return resp;
      });
}

absl::StatusOr<v1::Track> Directory::UpdateTrack(const CallContext& call, DbSession& db,
                                                 const v1::UpdateTrackRequest& req) const {
  RETURN_IF_ERROR(
      ParseResourceName("track.name", req.track().name(), {"summits", "tracks"}).status());
  RETURN_IF_ERROR(
      RequireRole(call.principal, {v1::ROLE_COORDINATOR, v1::ROLE_ADMIN}, "changing a track"));
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::Track> {
    ASSIGN_OR_RETURN(auto plan, PlanUpdate(txn, sql::kTracks, req.track(), req.update_mask(),
                                           TrackMutableFields()));
    RETURN_IF_ERROR(ValidateTrack(plan.after));
    RETURN_IF_ERROR(CheckLeadCoordinator(txn, plan.after));
    return CommitUpdate(txn, sql::kTracks, plan, Event(call, "directory.track.updated"));
  });
}

}  // namespace summit::directory
