#include "services/recommendations/recommendations_module.h"

#include "services/common/directory_lookup.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_events.h"
#include "services/recommendations/recommendations_grpc.h"
#include "services/recommendations/sql/queries.h"

namespace summit::recommendations {
namespace {

class HostedRecommendations final : public HostedService {
 public:
  explicit HostedRecommendations(const ServiceEnv& env)
      : directory_(env.directory_channel, env.service_authorization),
        recommendations_({.clock = env.clock, .directory = &directory_}),
        grpc_(&recommendations_, env.runner) {}
  grpc::Service* grpc_service() override { return &grpc_; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = RecommendationsEventSource();
  DirectoryLookup directory_;
  Recommendations recommendations_;
  RecommendationsGrpcService grpc_;
};

}  // namespace

ServiceModule RecommendationsModule() {
  return ServiceModule{
      .name = "recommendations",
      .grpc_name = v1::RecommendationService::service_full_name(),
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedRecommendations>(env); },
  };
}

}  // namespace summit::recommendations
