// summitctl briefing compile|list|show|finalize|export
#include <fstream>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"

namespace summit::ctl {
namespace {

namespace bv1 = briefing::v1;

std::string StateName(bv1::BriefingPackage::State s) { return EnumLabel(s); }

void PrintPackage(Session& session, const bv1::BriefingPackage& p) {
  if (session.json()) {
    PrintJson(p);
    return;
  }
  PrintResource(
      session, p,
      {{"name", p.name()},
       {"state", StateName(p.state())},
       {"summit", p.summit_title()},
       {"compiled", absl::StrCat(FormatTime(p.compile_time()), " by ", p.compiled_by())},
       {"finalized", p.finalized_by().empty()
                         ? ""
                         : absl::StrCat(FormatTime(p.finalize_time()), " by ", p.finalized_by())},
       {"languages", Join(p.languages())},
       {"recommendations", absl::StrCat(p.figures().recommendations())}});
  Table t({"NUMBER", "TRACK", "TITLE", "VERSION", "ROUNDS", "AUTHORS"});
  for (const bv1::PackageEntry& e : p.entries()) {
    std::vector<std::string> authors;
    for (const bv1::Author& a : e.authors())
      authors.push_back(absl::StrCat(a.display_name(), " (", a.country(), ")"));
    t.AddRow({e.number(), e.track_title(), e.title(), absl::StrCat(e.version()),
              absl::StrCat(e.review_rounds_size()), absl::StrJoin(authors, ", ")});
  }
  std::cout << "\n";
  t.Print(std::cout);
}

bv1::DocumentFormat ParseFormat(const std::string& format) {
  if (format == "md" || format == "markdown") return bv1::DOCUMENT_FORMAT_MARKDOWN;
  if (format == "html") return bv1::DOCUMENT_FORMAT_HTML;
  if (format == "pdf") return bv1::DOCUMENT_FORMAT_PDF;
  throw CommandError("--format: one of md, html, pdf", 2);
}

// Compiling, finalising and rendering a PDF take longer than the usual
// --timeout allows.
std::unique_ptr<grpc::ClientContext> SlowCallContext(Session& session, int seconds) {
  auto ctx = session.connection().Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return ctx;
}

}  // namespace

void AddBriefingCommands(CLI::App& app, Session& session) {
  CLI::App* briefing = app.add_subcommand("briefing", "The summit's briefing package");
  briefing->require_subcommand(1);
  auto stub = [&session] { return bv1::BriefingService::NewStub(session.connection().channel()); };

  auto* compile =
      briefing->add_subcommand("compile", "Compile a new package version (coordinators)");
  static std::string summit, request_id;
  compile->add_option("summit", summit, "summits/ID")->required();
  compile->add_option("--request-id", request_id, "Retry-safe id; a new one by default");
  compile->callback([&session, stub] {
    bv1::CompileBriefingPackageRequest req;
    req.set_parent(summit);
    req.set_request_id(request_id.empty() ? NewRequestId() : request_id);
    bv1::BriefingPackage p;
    auto ctx = SlowCallContext(session, 120);
    session.Check(stub()->CompileBriefingPackage(ctx.get(), req, &p));
    PrintPackage(session, p);
  });

  auto* list = briefing->add_subcommand("list", "Package versions of a summit, newest first");
  static std::string list_summit;
  list->add_option("summit", list_summit, "summits/ID")->required();
  list->callback([&session, stub] {
    bv1::ListBriefingPackagesRequest req;
    req.set_parent(list_summit);
    const auto resp = AllPages<bv1::ListBriefingPackagesRequest, bv1::ListBriefingPackagesResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* out) {
          return stub()->ListBriefingPackages(ctx, r, out);
        });
    if (session.json()) return PrintJson(resp);
    Table t({"NAME", "STATE", "COMPILED", "RECOMMENDATIONS", "LANGUAGES"});
    for (const bv1::BriefingPackage& p : resp.briefing_packages()) {
      t.AddRow({p.name(), StateName(p.state()), FormatTime(p.compile_time()),
                absl::StrCat(p.figures().recommendations()), Join(p.languages())});
    }
    t.Print(std::cout);
  });

  auto* show = briefing->add_subcommand("show", "One package version and what it holds");
  static std::string show_name;
  show->add_option("name", show_name, "summits/ID/briefingPackages/vN")->required();
  show->callback([&session, stub] {
    bv1::GetBriefingPackageRequest req;
    req.set_name(show_name);
    bv1::BriefingPackage p;
    session.Check(stub()->GetBriefingPackage(session.connection().Context().get(), req, &p));
    PrintPackage(session, p);
  });

  auto* finalize =
      briefing->add_subcommand("finalize", "Adopt the package's recommendations (coordinators)");
  static std::string finalize_name, etag;
  finalize->add_option("name", finalize_name, "summits/ID/briefingPackages/vN")->required();
  finalize->add_option("--etag", etag, "Refuse if the package changed since read");
  finalize->callback([&session, stub] {
    bv1::FinalizeBriefingPackageRequest req;
    req.set_name(finalize_name);
    req.set_etag(etag);
    bv1::BriefingPackage p;
    auto ctx = SlowCallContext(session, 120);
    session.Check(stub()->FinalizeBriefingPackage(ctx.get(), req, &p));
    PrintPackage(session, p);
  });

  auto* exp =
      briefing->add_subcommand("export", "Write one language's document as md, html or pdf");
  static std::string export_name, format = "pdf", language, output;
  exp->add_option("name", export_name, "summits/ID/briefingPackages/vN")->required();
  exp->add_option("--format", format, "md, html or pdf")->capture_default_str();
  exp->add_option("--language", language, "BCP 47 tag; the package's first language by default");
  exp->add_option("-o,--output", output,
                  "File to write (- for standard output); the server's name by default");
  exp->callback([&session, stub] {
    bv1::ExportBriefingPackageRequest req;
    req.set_name(export_name);
    req.set_language(language);
    req.set_format(ParseFormat(format));
    bv1::BriefingDocument doc;
    auto ctx = SlowCallContext(session, 180);
    session.Check(stub()->ExportBriefingPackage(ctx.get(), req, &doc));
    if (output == "-") {
      std::cout << doc.content();
      return;
    }
    const std::string path = output.empty() ? doc.file_name() : output;
    std::ofstream out(path, std::ios::binary);
    out << doc.content();
    if (!out) throw CommandError("cannot write " + path, 1);
    std::cout << "Wrote " << path << " (" << doc.media_type() << ", " << doc.content().size()
              << " bytes)\n";
  });
}

}  // namespace summit::ctl
