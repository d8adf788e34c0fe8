#pragma once
// Numbered schema migrations per service (services/<svc>/migrations/
// NNNN_<what>.sql, compiled into the binary). Pending ones are applied in one
// transaction and recorded in <schema>.schema_migrations; a server refuses to
// start on a schema that is behind or ahead of the one it knows.

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
absl::StatusOr<int> ApplyMigrations(pqxx::connection& conn, const MigrationSet& set);

// OK only when the database is at exactly the latest known version.
absl::Status CheckSchemaCurrent(pqxx::connection& conn, const MigrationSet& set);

}  // namespace summit
