#include "services/directory/sql/queries.h"

namespace summit::directory::sql {
namespace {

// Insert, get, get for update and update of each document table.
const char* const kDocTables[][4] = {
    {SUMMIT_DOC_TABLE_SQL("summits", "", "")},
    {SUMMIT_DOC_TABLE_SQL("tracks", ", summit", ", $4")},
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
    s->insert(s->end(), {
                            kListSummits,
                            kListTracks,
                            kListOrganizations,
                            kListPeople,
                            kFindPersonByEmail,
                            kAnyAdmin,
                            kInsertCredential,
                            kGetCredential,
                            kListCredentials,
                            kRevokeCredential,
                            kRevokePersonCredentials,
                            kListRevokedTokens,
                            kRecordCredentialUse,
                            kCountSignInChallenges,
                            kLockSignInEmail,
                            kInsertSignInChallenge,
                            kLiveSignInChallenges,
                            kCountSignInAttempt,
                            kConsumeSignInChallenges,
                        });
    for (PreparedStatement& p : kSchema.Statements()) s->push_back(std::move(p));
    return s;
  }();
  return *kStatements;
}

}  // namespace summit::directory::sql
