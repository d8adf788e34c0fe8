#include "services/common/migrations.h"

#include <pqxx/transaction>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace summit {
namespace {

// Schema names come from the binary, never from a request; still, insist on
// a plain identifier before it is spliced into DDL.
bool IsPlainIdentifier(absl::string_view s) {
  return !s.empty() && absl::c_all_of(s, [](char c) { return absl::ascii_islower(c) || c == '_'; });
}

int AppliedVersion(pqxx::transaction_base& txn, absl::string_view schema) {
  const pqxx::result exists = txn.exec_params(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 "
      "AND table_name = 'schema_migrations'",
      std::string(schema));
  if (exists.empty()) return 0;
  const pqxx::result r = txn.exec(
      absl::StrCat("SELECT coalesce(max(version), 0) FROM ", schema, ".schema_migrations"));
  return r[0][0].as<int>();
}

// A schema ahead of this binary was migrated by a newer release; migrations
// are additive (see migrations.h), so this one still runs on it. Said once
// per check, so that a finished rollout is not forgotten half-way.
void NoteAhead(int applied, const MigrationSet& set) {
  if (applied > set.LatestVersion()) {
    log::Warn(
        "database schema \"{}\" is at version {}, ahead of this binary's {}: running on "
        "it (migrations are additive); finish the rollout of the newer release",
        set.schema, applied, set.LatestVersion());
  }
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(pqxx::connection_base& conn, const MigrationSet& set) {
  if (!IsPlainIdentifier(set.schema)) return absl::InternalError("bad schema name");
  pqxx::work txn(conn);
  // One migrator at a time across replicas.
  txn.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                  absl::StrCat("summit.migrate.", set.schema));
  const int applied = AppliedVersion(txn, set.schema);
  NoteAhead(applied, set);
  txn.exec(absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", set.schema));
  txn.exec(absl::StrCat("CREATE TABLE IF NOT EXISTS ", set.schema,
                        ".schema_migrations (version integer PRIMARY KEY, file text NOT NULL, "
                        "applied_at timestamptz NOT NULL DEFAULT now())"));
  int count = 0;
  for (const Migration& m : set.migrations) {
    if (m.version <= applied) continue;
    txn.exec(std::string(m.sql));
    txn.exec_params(absl::StrCat("INSERT INTO ", set.schema,
                                 ".schema_migrations (version, file) VALUES ($1, $2)"),
                    m.version, std::string(m.file));
    ++count;
  }
  txn.commit();
  return count;
}

absl::Status CheckSchemaCurrent(pqxx::connection_base& conn, const MigrationSet& set) {
  if (!IsPlainIdentifier(set.schema)) return absl::InternalError("bad schema name");
  pqxx::read_transaction txn(conn);
  const int applied = AppliedVersion(txn, set.schema);
  NoteAhead(applied, set);
  if (applied < set.LatestVersion()) {
    return absl::FailedPreconditionError(
        absl::StrCat("database schema \"", set.schema, "\" is at version ", applied,
                     ", this binary needs ", set.LatestVersion(), "; run `summitd migrate` first"));
  }
  return absl::OkStatus();
}

}  // namespace summit
