#include "services/briefing/briefing.h"

#include <google/protobuf/util/time_util.h>

#include <pqxx/result>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/briefing/package_builder.h"
#include "services/briefing/sql/queries.h"
#include "services/common/audit.h"
#include "services/common/document_store.h"
#include "services/common/idempotency.h"
#include "services/common/pagination.h"
#include "services/common/proto_json.h"
#include "services/common/resource_ops.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"

namespace summit::briefing {
namespace {

namespace dv1 = directory::v1;
using P = v1::BriefingPackage;

// Coordinators run the summit's content; admins manage people and
// credentials (DESIGN.md), so an admin needs the coordinator role as well.
absl::Status MayCompile(const Principal& p) {
  if (p.IsService() || p.Has(dv1::ROLE_COORDINATOR)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "compiling and finalising the briefing package is for coordinators");
}

absl::StatusOr<std::string> SummitOf(absl::string_view field, absl::string_view name) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(field, name, {"summits", "briefingPackages"}));
  return absl::StrCat("summits/", ids[0]);
}

P ReadPackage(const pqxx::row& row) {
  P p;
  (void)FromJson(row["doc"].as<std::string>(), &p);
  p.set_etag(MakeEtag(row["revision"].as<int64_t>()));
  return p;
}

void Record(pqxx::transaction_base& txn, const CallContext& call, std::string type, const P& before,
            const P& after, std::string request_id = "") {
  P stored_after = after;
  stored_after.clear_etag();
  sql::kSchema.Record(txn, call, std::move(type), after.name(),
                      before.name().empty() ? "" : ToJson(before), ToJson(stored_after),
                      std::move(request_id));
}

absl::StatusOr<P> Load(pqxx::transaction_base& txn, const std::string& name, bool for_update) {
  const pqxx::result r =
      txn.exec_prepared(for_update ? sql::kGetPackageForUpdate : sql::kGetPackage, name);
  if (r.empty()) return ResourceNotFound(name);
  return ReadPackage(r[0]);
}

}  // namespace

std::string AdoptionEventId(const std::string& package, const std::string& recommendation) {
  // Names may hold '/' and be long; event ids may not. A digest of both is
  // short, stable and distinct per (package version, recommendation).
  return absl::StrCat("briefing-adopt-",
                      Sha256Hex(absl::StrCat(package, "|", recommendation)).substr(0, 40));
}

absl::StatusOr<P> Briefing::CompileBriefingPackage(
    const CallContext& call, DbSession& db, const v1::CompileBriefingPackageRequest& req) const {
  RETURN_IF_ERROR(MayCompile(call.principal));
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  RETURN_IF_ERROR(ValidateRequestId("request_id", req.request_id()));
  const IdempotencyKey key = KeyForRequest(call.principal.subject, "CompileBriefingPackage", req);
  if (!key.request_id.empty()) {
    // A retry returns the first result without gathering everything again.
    ASSIGN_OR_RETURN(
        std::optional<P> prior,
        RunTransaction(
            db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::optional<P>> {
              P found;
              ASSIGN_OR_RETURN(bool exists,
                               FindPriorResponse(txn, sql::kSchema.RequestLog(), key, &found));
              if (!exists) return std::optional<P>();
              return std::optional<P>(found);
            }));
    if (prior) return *prior;
  }
  absl::StatusOr<PackageInputs> inputs = deps_.inputs->Gather(req.parent(), call.deadline);
  if (!inputs.ok()) return AsFieldError(inputs.status(), "parent");
  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<P> {
    return CreateOnce<P>(txn, sql::kSchema.RequestLog(), key, [&]() -> absl::StatusOr<P> {
      const int version = txn.exec_prepared1(sql::kNextVersion, req.parent())[1].as<int>();
      const std::string name = absl::StrCat(req.parent(), "/briefingPackages/v", version);
      BuiltPackage built = BuildPackage(*inputs, name, version, call.principal.subject, now);
      txn.exec_prepared0(sql::kInsertPackage, name, req.parent(), version,
                         P::State_Name(built.package.state()), ToJson(built.package));
      int position = 0;
      for (const auto& [language, markdown] : built.documents) {
        txn.exec_prepared0(sql::kInsertDocument, name, language, position++, markdown);
      }
      built.package.set_etag(MakeEtag(1));
      Record(txn, call, "briefing.package.compiled", P(), built.package, req.request_id());
      return built.package;
    });
  });
}

absl::StatusOr<P> Briefing::GetBriefingPackage(const CallContext& call, DbSession& db,
                                               const v1::GetBriefingPackageRequest& req) const {
  RETURN_IF_ERROR(SummitOf("name", req.name()).status());
  return RunTransaction(db, call,
                        [&](pqxx::transaction_base& txn) { return Load(txn, req.name(), false); });
}

absl::StatusOr<v1::ListBriefingPackagesResponse> Briefing::ListBriefingPackages(
    const CallContext& call, DbSession& db, const v1::ListBriefingPackagesRequest& req) const {
  RETURN_IF_ERROR(ParseResourceName("parent", req.parent(), {"summits"}).status());
  ASSIGN_OR_RETURN(const PageRequest page, StartPage(req.page_size(), req.page_token(),
                                                     absl::StrCat("packages|", req.parent())));
  // Newest first: the page starts below this version (0: at the newest).
  ASSIGN_OR_RETURN(const int64_t before, AfterNumber(page));
  return RunTransaction(
      db, call,
      [&](pqxx::transaction_base& txn) -> absl::StatusOr<v1::ListBriefingPackagesResponse> {
        v1::ListBriefingPackagesResponse resp;
        for (const pqxx::row& row :
             txn.exec_prepared(sql::kListPackages, req.parent(), before, page.limit())) {
          *resp.add_briefing_packages() = ReadPackage(row);
        }
        resp.set_next_page_token(FinishPage(page, resp.mutable_briefing_packages(),
                                            [](const P& p) { return absl::StrCat(p.version()); }));
        return resp;
      });
}

absl::StatusOr<P> Briefing::FinalizeBriefingPackage(
    const CallContext& call, DbSession& db, const v1::FinalizeBriefingPackageRequest& req) const {
  RETURN_IF_ERROR(MayCompile(call.principal));
  ASSIGN_OR_RETURN(const std::string summit, SummitOf("name", req.name()));
  ASSIGN_OR_RETURN(
      const P current,
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<P> {
        ASSIGN_OR_RETURN(P p, Load(txn, req.name(), false));
        if (p.state() == P::STATE_FINAL) return p;  // a retry: nothing left to do
        RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), p.etag()));
        const int newest = txn.exec_prepared1(sql::kNewestVersion, summit)[0].as<int>();
        if (p.version() != newest) {
          return NotAllowed(absl::StrCat("only the newest package can be finalised: ", req.name(),
                                         " is version ", p.version(), ", the newest is ", newest));
        }
        return p;
      }));
  if (current.state() == P::STATE_FINAL) return current;

  // Adopt first, then mark final: if this stops part-way, the package stays
  // compiled and a retry adopts the rest (the same event ids are no-ops).
  for (const v1::PackageEntry& e : current.entries()) {
    RETURN_IF_ERROR(
        deps_.inputs->Adopt(e.recommendation(), AdoptionEventId(current.name(), e.recommendation()),
                            absl::StrCat("included in ", current.name()), call.deadline));
  }

  const absl::Time now = deps_.clock->Now();
  return RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<P> {
    ASSIGN_OR_RETURN(P before, Load(txn, req.name(), true));
    if (before.state() == P::STATE_FINAL) return before;  // finalised concurrently
    P after = before;
    after.set_state(P::STATE_FINAL);
    after.set_finalized_by(call.principal.subject);
    *after.mutable_finalize_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
    after.clear_etag();
    const int revision = txn.exec_prepared1(sql::kUpdatePackage, after.name(),
                                            P::State_Name(after.state()), ToJson(after))[0]
                             .as<int>();
    after.set_etag(MakeEtag(revision));
    Record(txn, call, "briefing.package.finalized", before, after);
    return after;
  });
}

absl::StatusOr<v1::BriefingDocument> Briefing::ExportBriefingPackage(
    const CallContext& call, DbSession& db, const v1::ExportBriefingPackageRequest& req) const {
  ASSIGN_OR_RETURN(const std::string summit, SummitOf("name", req.name()));
  if (req.format() == v1::DOCUMENT_FORMAT_UNSPECIFIED) {
    return InvalidField("format", "must be DOCUMENT_FORMAT_MARKDOWN, _HTML or _PDF");
  }
  // The package and the chosen language's Markdown, in one round of reads.
  P package;
  std::string language;
  ASSIGN_OR_RETURN(
      const std::string markdown,
      RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(package, Load(txn, req.name(), false));
        language = req.language().empty() ? package.languages(0) : req.language();
        if (std::find(package.languages().begin(), package.languages().end(), language) ==
            package.languages().end()) {
          return InvalidField("language",
                              absl::StrCat("the package has documents in ",
                                           absl::StrJoin(package.languages(), ", "), " only"));
        }
        return txn.exec_prepared1(sql::kGetDocument, req.name(), language)[0].as<std::string>();
      }));
  const std::string cache_key = ExportCache::Key(package, language, req.format());
  if (req.format() != v1::DOCUMENT_FORMAT_MARKDOWN) {
    if (std::optional<v1::BriefingDocument> kept = exports_.Get(cache_key)) return *kept;
  }
  v1::BriefingDocument doc;
  // e.g. briefing-ca-kr-2025-v2-ko
  const std::string stem = absl::StrCat("briefing-", summit.substr(std::string("summits/").size()),
                                        "-v", package.version(), "-", language);
  switch (req.format()) {
    case v1::DOCUMENT_FORMAT_MARKDOWN:
      doc.set_file_name(absl::StrCat(stem, ".md"));
      doc.set_media_type("text/markdown; charset=utf-8");
      doc.set_content(markdown);
      return doc;
    case v1::DOCUMENT_FORMAT_HTML: {
      ASSIGN_OR_RETURN(std::string html,
                       RenderDocument(markdown, RenderFormat::kHtml, deps_.render));
      doc.set_file_name(absl::StrCat(stem, ".html"));
      doc.set_media_type("text/html; charset=utf-8");
      doc.set_content(std::move(html));
      exports_.Put(cache_key, doc);
      return doc;
    }
    default: {
      ASSIGN_OR_RETURN(std::string pdf, RenderDocument(markdown, RenderFormat::kPdf, deps_.render));
      doc.set_file_name(absl::StrCat(stem, ".pdf"));
      doc.set_media_type("application/pdf");
      doc.set_content(std::move(pdf));
      exports_.Put(cache_key, doc);
      return doc;
    }
  }
}

}  // namespace summit::briefing
