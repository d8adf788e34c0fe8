#include "services/directory/sql/queries.h"

namespace summit::directory::sql {
namespace {

#define CREDENTIAL_COLUMNS                                                         \
  "name, token_id, person, display_name, creator, directory.micros(create_time), " \
  "directory.micros(expire_time), directory.micros(revoke_time), roles"

// Keyset pagination: rows after the last name seen, in name order.
const char* const kDocTables[][4] = {
    {SUMMIT_DOC_TABLE_SQL("summits", "", "")},
    {SUMMIT_DOC_TABLE_SQL("tracks", ", summit", ", $3")},
    {SUMMIT_DOC_TABLE_SQL("organizations", "", "")},
    {SUMMIT_DOC_TABLE_SQL("people", "", "")},
};

}  // namespace

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = [] {
    auto* s = new std::vector<PreparedStatement>();
    const DocTableSql* tables[] = {&kSummits, &kTracks, &kOrganizations, &kPeople};
    for (int i = 0; i < 4; ++i) {
      s->push_back({tables[i]->insert, kDocTables[i][0]});
      s->push_back({tables[i]->get, kDocTables[i][1]});
      s->push_back({tables[i]->get_for_update, kDocTables[i][2]});
      s->push_back({tables[i]->update, kDocTables[i][3]});
    }
    s->insert(
        s->end(),
        {
            {kListSummits, "SELECT " SUMMIT_DOC_COLUMNS " FROM directory.summits WHERE name > $1 "
                           "ORDER BY name LIMIT $2"},
            {kListTracks,
             "SELECT " SUMMIT_DOC_COLUMNS " FROM directory.tracks WHERE summit = $1 AND name > $2 "
             "ORDER BY name LIMIT $3"},
            {kListOrganizations,
             "SELECT " SUMMIT_DOC_COLUMNS " FROM directory.organizations WHERE name > $1 "
             "AND ($3::text IS NULL OR country_code = $3) ORDER BY name LIMIT $2"},
            {kListPeople,
             "SELECT " SUMMIT_DOC_COLUMNS " FROM directory.people p WHERE name > $1 "
             "AND ($3::text IS NULL OR organization = $3) "
             "AND ($4::text IS NULL OR doc @> jsonb_build_object('roles', "
             "jsonb_build_array($4::text))) "
             "AND ($5::text IS NULL OR doc @> jsonb_build_object('expertise_tracks', "
             "jsonb_build_array($5::text))) "
             "AND ($6::text IS NULL OR organization IN "
             "(SELECT o.name FROM directory.organizations o WHERE o.country_code = $6)) "
             "ORDER BY name LIMIT $2"},
            {kFindPersonByEmail, "SELECT name FROM directory.people WHERE email_key = lower($1)"},
            {kAnyAdmin,
             "SELECT 1 FROM directory.people WHERE doc @> '{\"roles\": [\"ROLE_ADMIN\"]}' LIMIT 1"},
            {kInsertCredential,
             "INSERT INTO directory.credentials (name, token_id, person, display_name, creator, "
             "create_time, expire_time, roles) VALUES ($1, $2, $3, $4, $5, "
             "to_timestamp($6::bigint / 1e6), to_timestamp($7::bigint / 1e6), $8) "
             "RETURNING " CREDENTIAL_COLUMNS},
            {kGetCredential,
             "SELECT " CREDENTIAL_COLUMNS " FROM directory.credentials WHERE name = $1"},
            {kListCredentials,
             "SELECT " CREDENTIAL_COLUMNS " FROM directory.credentials WHERE person = $1 "
             "AND name > $2 ORDER BY name LIMIT $3"},
            {kRevokeCredential,
             "UPDATE directory.credentials SET revoke_time = now() WHERE name = $1 "
             "AND revoke_time IS NULL RETURNING " CREDENTIAL_COLUMNS},
            {kRevokePersonCredentials,
             "UPDATE directory.credentials SET revoke_time = now() WHERE person = $1 "
             "AND revoke_time IS NULL AND expire_time > now() RETURNING name, token_id"},
            {kListRevokedTokens,
             "SELECT token_id FROM directory.credentials WHERE revoke_time IS NOT NULL "
             "AND expire_time > now() AND token_id > $1 ORDER BY token_id LIMIT $2"},
        });
    for (PreparedStatement& p : kSchema.Statements()) s->push_back(std::move(p));
    return s;
  }();
  return *kStatements;
}

}  // namespace summit::directory::sql
