#pragma once
// Reading a service's own audit events for the activity feed. Each service
// keeps <schema>.events; this reads a page of them after a position in
// commit-safe order and lets the service decide, event by event, what the
// caller may see of it (only the owning service knows its visibility rules).

#include <functional>
#include <pqxx/transaction>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/call_context.h"
#include "services/common/db_pool.h"
#include "services/common/principal.h"
#include "summit/feed/internal/v1/event_source.pb.h"

namespace summit {

// The feed calls the internal event sources with its own service credential
// and names the end user under this key (their `Bearer <token>`): each
// source applies its visibility rules to that person.
inline constexpr char kOnBehalfOfMetadata[] = "x-summit-on-behalf-of";

enum class EventAccess {
  kHidden,
  // That it happened, by whom and to what, but not the before/after payload.
  kWithoutPayload,
  // That it happened and to what, but neither by whom nor the payload (an
  // author's action seen by a double-blind reviewer). Never matches a filter
  // on the actor, which would tell who it was.
  kAnonymous,
  kFull,
};

// Decides for one event; may read the service's own tables through the
// transaction it was made with and cache what it read.
using EventAccessFn = std::function<EventAccess(const feed::v1::Event&)>;

struct EventSource {
  // Source name in the feed, e.g. "reviews".
  std::string name;
  // Schema holding the events table.
  std::string schema;
  // Builds the decider for one caller within one read transaction.
  std::function<EventAccessFn(pqxx::transaction_base& txn, const Principal& caller)> access;
};

inline constexpr int kMaxSourcePage = 500;

// The oldest transaction still running in this snapshot that may write to
// this database (a writer's events carry its transaction ID, given at its
// first write, so nothing at or above it may be served yet); the snapshot's
// end when none is. Transactions that pg_stat_activity shows in another
// database are left out: they never write here, and a long one (another
// application's, another test's) would otherwise hold every feed in the
// cluster back. One that has ended by the time pg_stat_activity is read is
// kept: this statement's snapshot does not show its rows.
inline constexpr char kFeedHorizonSql[] =
    "WITH snap AS (SELECT pg_current_snapshot() AS s), "
    "elsewhere AS (SELECT backend_xid FROM pg_stat_activity "
    "  WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()) "
    "SELECT COALESCE((SELECT min(x) FROM pg_snapshot_xip(s) AS x "
    "  WHERE NOT EXISTS (SELECT 1 FROM elsewhere e WHERE e.backend_xid = x::xid)), "
    "  pg_snapshot_xmax(s))::text FROM snap";

// INVALID_ARGUMENT naming the field for a malformed filter.
absl::Status ValidateEventFilter(absl::string_view field, const feed::v1::EventFilter& filter);

// `summits/{summit}` for a resource under a summit; empty otherwise.
std::string SummitOfResource(absl::string_view resource);

// The first `segments` segments of a resource name (`summits/s/meetings/m`
// for 4), or empty when it has fewer.
std::string LeadingSegments(absl::string_view resource, size_t segments);

absl::StatusOr<feed::internal::v1::ListSourceEventsResponse> ReadSourceEvents(
    const EventSource& source, const CallContext& call, DbSession& db,
    const feed::internal::v1::ListSourceEventsRequest& request);

}  // namespace summit
