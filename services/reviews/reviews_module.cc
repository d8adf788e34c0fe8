#include "services/reviews/reviews_module.h"

#include "services/common/directory_cache.h"
#include "services/common/directory_lookup.h"
#include "services/common/proto_service.h"
#include "services/common/recommendation_lookup.h"
#include "services/reviews/outbox.h"
#include "services/reviews/reviews.h"
#include "services/reviews/reviews_events.h"
#include "services/reviews/sql/queries.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"

namespace summit::reviews {
namespace {

constexpr absl::Duration kOutboxInterval = absl::Seconds(2);

class HostedReviews final : public HostedService {
 public:
  explicit HostedReviews(const ServiceEnv& env)
      : lookup_(env.ChannelTo("directory"), env.service_authorization),
        directory_(&lookup_),
        recommendations_(env.ChannelTo("recommendations"), env.service_authorization),
        outbox_(env.new_db_session(&sql::Statements()), env.ChannelTo("recommendations"),
                env.service_authorization, kOutboxInterval),
        reviews_({.clock = env.clock,
                  .directory = &directory_,
                  .recommendations = &recommendations_,
                  .outbox_written = [this] { outbox_.Poke(); }}),
        rpcs_(v1::ReviewService::service_full_name(), env.runner) {
    rpcs_.Handle("OpenReviewCycle", &reviews_, &Reviews::OpenReviewCycle);
    rpcs_.Handle("GetReviewCycle", &reviews_, &Reviews::GetReviewCycle);
    rpcs_.Handle("ListReviewCycles", &reviews_, &Reviews::ListReviewCycles);
    rpcs_.Handle("CancelReviewCycle", &reviews_, &Reviews::CancelReviewCycle);
    rpcs_.Handle("CreateAssignment", &reviews_, &Reviews::CreateAssignment);
    rpcs_.Handle("ListAssignments", &reviews_, &Reviews::ListAssignments);
    rpcs_.Handle("SuggestReviewers", &reviews_, &Reviews::SuggestReviewers);
    rpcs_.Handle("AcceptSuggestions", &reviews_, &Reviews::AcceptSuggestions);
    rpcs_.Handle("RespondToAssignment", &reviews_, &Reviews::RespondToAssignment);
    rpcs_.Handle("UpdateAssignment", &reviews_, &Reviews::UpdateAssignment);
    rpcs_.Handle("RemoveAssignment", &reviews_, &Reviews::RemoveAssignment);
    rpcs_.Handle("SubmitReview", &reviews_, &Reviews::SubmitReview);
    rpcs_.Handle("ListReviews", &reviews_, &Reviews::ListReviews);
    rpcs_.Handle("UpdateReview", &reviews_, &Reviews::UpdateReview);
    rpcs_.Handle("ListReviewRevisions", &reviews_, &Reviews::ListReviewRevisions);
    rpcs_.Handle("SubmitAuthorResponse", &reviews_, &Reviews::SubmitAuthorResponse);
    rpcs_.Handle("GetAuthorResponse", &reviews_, &Reviews::GetAuthorResponse);
    rpcs_.Handle("CreateComment", &reviews_, &Reviews::CreateComment);
    rpcs_.Handle("ListComments", &reviews_, &Reviews::ListComments);
    rpcs_.Handle("UpdateComment", &reviews_, &Reviews::UpdateComment);
    rpcs_.Handle("DeleteComment", &reviews_, &Reviews::DeleteComment);
    rpcs_.Handle("ListCommentRevisions", &reviews_, &Reviews::ListCommentRevisions);
    rpcs_.Handle("DecideReviewCycle", &reviews_, &Reviews::DecideReviewCycle);
    rpcs_.Handle("GetStatusBoard", &reviews_, &Reviews::GetStatusBoard);
    rpcs_.Handle("ExportTable", &reviews_, &Reviews::ExportTable);
  }

  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_}; }
  const EventSource* event_source() const override { return &events_; }
  void Start() override { outbox_.Start(); }
  void Stop() override {
    outbox_.Stop();
    outbox_.DeliverNow();  // a last round, so a clean stop leaves nothing waiting
  }
  void RunPendingWork() override { outbox_.DeliverNow(); }

 private:
  const EventSource events_ = ReviewsEventSource();
  DirectoryLookup lookup_;
  // Summits, tracks, organisations and people, kept for up to 2 s.
  CachedDirectory directory_;
  RecommendationLookup recommendations_;
  OutboxDeliverer outbox_;
  Reviews reviews_;
  ProtoService rpcs_;
};

}  // namespace

ServiceModule ReviewsModule() {
  return ServiceModule{
      .name = "reviews",
      .grpc_names = {v1::ReviewService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedReviews>(env); },
      .has_events = true,
      // State changes and reviewer sets the recommendations service has yet
      // to accept (refused rows are shown on the board, not retried).
      .backlogs = {{.queue = "reviews_outbox",
                    .sql =
                        "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(create_time)), "
                        "0) FROM reviews.outbox WHERE delivered_time IS NULL AND refused_time IS "
                        "NULL"}},
      // The outbox sender.
      .background_sessions = 1,
  };
}

}  // namespace summit::reviews
