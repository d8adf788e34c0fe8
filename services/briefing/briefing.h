#pragma once
// The briefing service's use cases. Compiling reads the other services first
// (no transaction held open meanwhile), then writes the new version in one
// transaction. Finalising adopts each recommendation through the
// recommendations API with an event id per package and recommendation, so a
// retry never adopts twice, and only then marks the package final.

#include "services/briefing/briefing_inputs.h"
#include "services/briefing/export_cache.h"
#include "services/briefing/pandoc_renderer.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "summit/briefing/v1/briefing_service.pb.h"

namespace summit::briefing {

// Embedded from migrations/ by cmake/EmbedMigrations.cmake.
const MigrationSet& Migrations();

// The event id finalising `package` adopts `recommendation` with: the same
// for every attempt, so the recommendations service applies it once.
std::string AdoptionEventId(const std::string& package, const std::string& recommendation);

struct BriefingDeps {
  const Clock* clock;
  const BriefingInputs* inputs;
  RenderOptions render;
};

class Briefing final {
 public:
  explicit Briefing(BriefingDeps deps) : deps_(std::move(deps)) {}

  absl::StatusOr<v1::BriefingPackage> CompileBriefingPackage(
      const CallContext& call, DbSession& db, const v1::CompileBriefingPackageRequest& req) const;
  absl::StatusOr<v1::BriefingPackage> GetBriefingPackage(
      const CallContext& call, DbSession& db, const v1::GetBriefingPackageRequest& req) const;
  absl::StatusOr<v1::ListBriefingPackagesResponse> ListBriefingPackages(
      const CallContext& call, DbSession& db, const v1::ListBriefingPackagesRequest& req) const;
  absl::StatusOr<v1::BriefingPackage> FinalizeBriefingPackage(
      const CallContext& call, DbSession& db, const v1::FinalizeBriefingPackageRequest& req) const;
  absl::StatusOr<v1::BriefingDocument> ExportBriefingPackage(
      const CallContext& call, DbSession& db, const v1::ExportBriefingPackageRequest& req) const;

 private:
  BriefingDeps deps_;
  // HTML and PDF renderings already made.
  mutable ExportCache exports_;
};

}  // namespace summit::briefing
