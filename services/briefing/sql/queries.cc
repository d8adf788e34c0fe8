#include "services/briefing/sql/queries.h"

namespace summit::briefing::sql {

const std::vector<PreparedStatement>& Statements() {
  static const auto* const kStatements = NewStatementList(kSchema, {
                                                                       kNextVersion,
                                                                       kInsertPackage,
                                                                       kGetPackage,
                                                                       kGetPackageForUpdate,
                                                                       kListPackages,
                                                                       kNewestVersion,
                                                                       kUpdatePackage,
                                                                       kInsertDocument,
                                                                       kGetDocument,
                                                                   });
  return *kStatements;
}

}  // namespace summit::briefing::sql
