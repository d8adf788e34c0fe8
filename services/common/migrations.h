#pragma once
// Numbered schema migrations per service (services/<svc>/migrations/
// NNNN_<what>.sql, compiled into the binary). Pending ones are applied in one
// transaction and recorded in <schema>.schema_migrations; a server refuses to
// start on a schema behind the one it knows.
//
// The rule that makes rollouts safe: migrations are additive (expand, then
// contract a release later). A release's migrations only add: tables,
// columns that are nullable or have a default, indexes, new values. Dropping
// or renaming anything waits for the release after the one whose code
// stopped using it. So the previous release runs on the newer schema: a
// server starts on a schema ahead of it (with a warning), and `migrate` from
// an older binary is a no-op there, never a crash loop during a rollout.

#include <pqxx/connection>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit {

struct Migration {
  int version;
  absl::string_view file;
  absl::string_view sql;
};

struct MigrationSet {
  absl::string_view schema;
  std::vector<Migration> migrations;

  int LatestVersion() const { return migrations.empty() ? 0 : migrations.back().version; }
};

// Returns how many migrations were applied.
absl::StatusOr<int> ApplyMigrations(pqxx::connection_base& conn, const MigrationSet& set);

// OK only when the database is at exactly the latest known version.
absl::Status CheckSchemaCurrent(pqxx::connection_base& conn, const MigrationSet& set);

}  // namespace summit
