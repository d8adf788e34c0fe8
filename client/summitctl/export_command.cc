// summitctl export: a summit's status board, recommendations, reviews or
// people as a CSV or XLSX file (coordinators).
#include <fstream>
#include <iostream>

#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {

void AddExportCommand(CLI::App& app, Session& session) {
  using Request = reviews::v1::ExportTableRequest;
  auto* exp = app.add_subcommand(
      "export", "A summit's board, recommendations, reviews or people as CSV or XLSX");
  static std::string summit, table, format = "xlsx", output;
  exp->add_option("summit", summit, "summits/{id}")->required();
  exp->add_option("--table", table, "status_board, recommendations, reviews or people")->required();
  exp->add_option("--format", format, "csv or xlsx")->capture_default_str();
  exp->add_option("-o,--output", output,
                  "File to write (- for standard output); the server's name by default");
  exp->callback([&session] {
    Request req;
    req.set_summit(summit);
    req.set_table(ParseEnum<Request::Table>("--table", "TABLE_", table, Request::Table_Parse,
                                            "status_board, recommendations, reviews or people"));
    req.set_format(ParseEnum<Request::Format>("--format", "FORMAT_", format, Request::Format_Parse,
                                              "csv or xlsx"));
    reviews::v1::ExportedFile file;
    session.Check(session.Reviews()->ExportTable(session.connection().Context().get(), req, &file));
    if (output == "-") {
      std::cout << file.content();
      return;
    }
    const std::string path = output.empty() ? file.filename() : output;
    std::ofstream out(path, std::ios::binary);
    out << file.content();
    if (!out) throw CommandError("cannot write " + path, 1);
    std::cout << "Wrote " << path << " (" << file.content().size() << " bytes)\n";
  });
}

}  // namespace summit::ctl
