// summitctl health [--service NAME]: asks the server's standard health
// service, for scripts and container health checks (the image has no other
// tools). Exit code 0 when SERVING, 1 otherwise. Needs no token.
#include <iostream>

#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace summit::ctl {

void AddHealthCommand(CLI::App& app, Session& session) {
  auto* cmd = app.add_subcommand("health", "Is the server (or one of its services) serving?");
  auto service = std::make_shared<std::string>();
  cmd->add_option("--service", *service,
                  "A gRPC service, e.g. summit.reviews.v1.ReviewService (default: all of them)");
  cmd->callback([&session, service] {
    auto stub = grpc::health::v1::Health::NewStub(session.connection().channel());
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(*service);
    grpc::health::v1::HealthCheckResponse response;
    session.Check(stub->Check(session.connection().Context().get(), request, &response));
    const std::string status =
        grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
    std::cout << status << "\n";
    if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      throw CommandError("", 1);
    }
  });
}

}  // namespace summit::ctl
