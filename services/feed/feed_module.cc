#include "services/feed/feed_module.h"

#include "services/feed/feed_grpc.h"
#include "services/feed/feed_sources.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"

namespace summit::feed {
namespace {

class HostedFeed final : public HostedService {
 public:
  explicit HostedFeed(const ServiceEnv& env)
      : sources_(env.event_sources, env.channel_for, env.service_authorization),
        grpc_(&env.runner->authenticator(), &sources_, env.service_authorization,
              FeedOptions{.max_watches = env.max_watches,
                          .max_watches_per_principal = env.max_watches_per_principal}) {}
  std::vector<grpc::Service*> grpc_services() override { return {&grpc_}; }
  void Stop() override { grpc_.Stop(); }

 private:
  FeedSources sources_;
  FeedGrpcService grpc_;
};

}  // namespace

ServiceModule FeedModule() {
  return ServiceModule{
      .name = "feed",
      .grpc_names = {v1::FeedService::service_full_name()},
      .migrations = nullptr,
      .statements = nullptr,
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedFeed>(env); },
  };
}

}  // namespace summit::feed
