#include "services/reviews/outbox.h"

#include <pqxx/result>
#include <pqxx/transaction>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/logging.h"
#include "services/common/proto_json.h"
#include "services/reviews/sql/queries.h"
#include "summit/recommendations/internal/v1/recommendation_internal_service.grpc.pb.h"

namespace summit::reviews {
namespace {

namespace rv1 = recommendations::v1;

// Refusals that a retry cannot change (the recommendation moved on, e.g.
// withdrawn by its authors): recorded and passed over.
bool IsFinal(grpc::StatusCode code) {
  return code == grpc::StatusCode::FAILED_PRECONDITION ||
         code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::PERMISSION_DENIED;
}

}  // namespace

OutboxDeliverer::OutboxDeliverer(std::unique_ptr<DbSession> session,
                                 std::function<std::shared_ptr<grpc::Channel>()> recommendations,
                                 std::function<std::string()> authorization,
                                 absl::Duration interval)
    : session_(std::move(session)),
      recommendations_(std::move(recommendations)),
      authorization_(std::move(authorization)),
      interval_(interval) {}

OutboxDeliverer::~OutboxDeliverer() { Stop(); }

void OutboxDeliverer::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void OutboxDeliverer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void OutboxDeliverer::Poke() {
  absl::MutexLock lock(&mu_);
  poked_ = true;
}

void OutboxDeliverer::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      const auto woken = [this]()
                             ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || poked_; };
      mu_.AwaitWithTimeout(absl::Condition(&woken), interval_);
      if (stopping_) return;
      poked_ = false;
    }
    DeliverNow();
  }
}

int OutboxDeliverer::DeliverNow() {
  absl::MutexLock round(&deliver_mu_);
  std::shared_ptr<grpc::Channel> channel = recommendations_();
  if (!channel) return 0;
  auto stub = recommendations::internal::v1::RecommendationInternalService::NewStub(channel);
  int delivered = 0;
  try {
    absl::StatusOr<pqxx::connection*> conn = session_->Connection();
    if (!conn.ok()) return 0;
    pqxx::work txn(**conn);
    // Claimed rows stay locked, so another replica delivers other rows.
    for (const pqxx::row& r : txn.exec_prepared(sql::kClaimPending, 50)) {
      const int64_t id = r[0].as<int64_t>();
      const std::string recommendation = r[1].as<std::string>();
      const std::string event_id = absl::StrCat("reviews-outbox-", id);
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", authorization_());
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      grpc::Status status;
      if (r[2].as<std::string>() == "state") {
        recommendations::internal::v1::ApplyReviewEventRequest req;
        req.set_name(recommendation);
        req.set_event_id(event_id);
        rv1::Recommendation::State state = rv1::Recommendation::STATE_UNSPECIFIED;
        rv1::Recommendation::State_Parse(r[3].as<std::string>(), &state);
        req.set_target_state(state);
        req.set_reason(r[5].as<std::string>());
        rv1::Recommendation out;
        status = stub->ApplyReviewEvent(&ctx, req, &out);
      } else {
        recommendations::internal::v1::SetReviewersRequest req;
        req.set_name(recommendation);
        req.set_event_id(event_id);
        for (const std::string& p : FromJsonArray(r[4].as<std::string>())) req.add_reviewers(p);
        recommendations::internal::v1::SetReviewersResponse out;
        status = stub->SetReviewers(&ctx, req, &out);
      }
      if (status.ok()) {
        txn.exec_prepared(sql::kMarkDelivered, id);
        ++delivered;
      } else if (IsFinal(status.error_code())) {
        log::Error("outbox {} refused: {}", event_id, status.error_message());
        txn.exec_prepared(sql::kMarkFailed, id, "refused: " + status.error_message());
        txn.exec_prepared(sql::kMarkDelivered, id);
      } else {
        txn.exec_prepared(sql::kMarkFailed, id, status.error_message());
        break;  // keep the order: later rows wait for this one
      }
    }
    txn.commit();
  } catch (const std::exception& e) {
    log::Warn("outbox delivery failed: {}", e.what());
    session_->Reset();
  }
  return delivered;
}

}  // namespace summit::reviews
