#include "services/reviews/reviews_module.h"

#include "services/common/directory_lookup.h"
#include "services/reviews/outbox.h"
#include "services/common/recommendation_lookup.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_events.h"
#include "services/reviews/reviews_grpc.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

constexpr absl::Duration kOutboxInterval = absl::Seconds(2);

class HostedReviews final : public HostedService {
 public:
  explicit HostedReviews(const ServiceEnv& env)
      : directory_(env.directory_channel, env.service_authorization),
        recommendations_(env.recommendations_channel, env.service_authorization),
        outbox_(env.new_db_session(&sql::Statements()), env.recommendations_channel,
                env.service_authorization, kOutboxInterval),
        reviews_({.clock = env.clock,
                  .directory = &directory_,
                  .recommendations = &recommendations_,
                  .outbox_written = [this] { outbox_.Poke(); }}),
        grpc_(&reviews_, env.runner) {}

  grpc::Service* grpc_service() override { return &grpc_; }
  const EventSource* event_source() const override { return &events_; }
  void Start() override { outbox_.Start(); }
  void Stop() override {
    outbox_.Stop();
    outbox_.DeliverNow();  // a last round, so a clean stop leaves nothing waiting
  }
  void RunPendingWork() override { outbox_.DeliverNow(); }

 private:
  const EventSource events_ = ReviewsEventSource();
  DirectoryLookup directory_;
  RecommendationLookup recommendations_;
  OutboxDeliverer outbox_;
  Reviews reviews_;
  ReviewsGrpcService grpc_;
};

}  // namespace

ServiceModule ReviewsModule() {
  return ServiceModule{
      .name = "reviews",
      .grpc_name = v1::ReviewService::service_full_name(),
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedReviews>(env); },
  };
}

}  // namespace summit::reviews
