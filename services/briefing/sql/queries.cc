#include "services/briefing/sql/queries.h"

namespace summit::briefing::sql {

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(
      kSchema,
      {
          {kNextVersion,
           "SELECT pg_advisory_xact_lock(hashtext('briefing:' || $1)), "
           "coalesce((SELECT max(version) FROM briefing.packages WHERE summit = $1), 0) + 1"},
          {kInsertPackage,
           "INSERT INTO briefing.packages (name, summit, version, state, doc) VALUES ($1, $2, $3, "
           "$4, "
           "$5::jsonb)"},
          {kGetPackage, "SELECT doc::text, revision FROM briefing.packages WHERE name = $1"},
          {kGetPackageForUpdate,
           "SELECT doc::text, revision FROM briefing.packages WHERE name = $1 FOR UPDATE"},
          {kListPackages,
           "SELECT doc::text, revision FROM briefing.packages WHERE summit = $1 "
           "AND ($2 = 0 OR version < $2) ORDER BY version DESC LIMIT $3"},
          {kNewestVersion, "SELECT max(version) FROM briefing.packages WHERE summit = $1"},
          {kUpdatePackage,
           "UPDATE briefing.packages SET state = $2, doc = $3::jsonb, revision = revision + 1 "
           "WHERE name = $1 RETURNING revision"},
          {kInsertDocument,
           "INSERT INTO briefing.documents (package, language, position, markdown) VALUES ($1, $2, "
           "$3, "
           "$4)"},
          {kGetDocument,
           "SELECT markdown FROM briefing.documents WHERE package = $1 AND language = $2"},
      });
  return *kStatements;
}

}  // namespace summit::briefing::sql
