#include "services/reviews/outbox.h"

#include <algorithm>
#include <pqxx/result>
#include <pqxx/transaction>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/logging.h"
#include "services/common/proto_json.h"
#include "services/common/service_client.h"
#include "services/common/validation.h"
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
      claimer_(absl::StrCat("deliverer-", GenerateId())),
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

namespace {

// A claimed row, as read in the claiming transaction.
struct OutboxRow {
  int64_t id = 0;
  std::string recommendation;
  std::string kind;
  std::string target_state;
  std::string reviewers_json;
  std::string reason;
  bool double_blind = false;
};

constexpr int kBatch = 20;
// Long enough for a whole batch at the per-call deadline, with a margin.
constexpr int kLeaseSeconds = 30 + kBatch * 6;
constexpr absl::Duration kCallDeadline = absl::Seconds(5);

}  // namespace

int OutboxDeliverer::DeliverNow() {
  absl::MutexLock round(&deliver_mu_);
  std::shared_ptr<grpc::Channel> channel = recommendations_();
  if (!channel) return 0;
  auto stub = recommendations::internal::v1::RecommendationInternalService::NewStub(channel);
  const ServiceClient client(
      "recommendations", [channel] { return channel; }, authorization_);
  int delivered = 0;
  try {
    absl::StatusOr<pqxx::connection_base*> conn = session_->Connection();
    if (!conn.ok()) return 0;
    // 1. Claim a batch with a lease, in a short transaction.
    std::vector<OutboxRow> rows;
    {
      pqxx::work txn(**conn);
      txn.exec_prepared(sql::kLockOutboxClaims);
      for (const pqxx::row& r :
           txn.exec_prepared(sql::kClaimPending, claimer_, kBatch, kLeaseSeconds)) {
        rows.push_back(OutboxRow{
            .id = r["id"].as<int64_t>(),
            .recommendation = r["recommendation"].as<std::string>(),
            .kind = r["kind"].as<std::string>(),
            .target_state = r["target_state"].is_null() ? "" : r["target_state"].as<std::string>(),
            .reviewers_json = r["reviewers"].is_null() ? "[]" : r["reviewers"].as<std::string>(),
            .reason = r["reason"].as<std::string>(),
            .double_blind = r["double_blind"].as<bool>()});
      }
      txn.commit();
    }
    std::sort(rows.begin(), rows.end(),
              [](const OutboxRow& a, const OutboxRow& b) { return a.id < b.id; });
    // 2. Deliver each outside any transaction; record each outcome on its own.
    for (const OutboxRow& row : rows) {
      const std::string event_id = absl::StrCat("reviews-outbox-", row.id);
      std::unique_ptr<grpc::ClientContext> ctx = client.Context(absl::Now() + kCallDeadline);
      grpc::Status status;
      if (row.kind == "state") {
        recommendations::internal::v1::ApplyReviewEventRequest req;
        req.set_name(row.recommendation);
        req.set_event_id(event_id);
        rv1::Recommendation::State state = rv1::Recommendation::STATE_UNSPECIFIED;
        rv1::Recommendation::State_Parse(row.target_state, &state);
        req.set_target_state(state);
        req.set_reason(row.reason);
        rv1::Recommendation out;
        status = stub->ApplyReviewEvent(ctx.get(), req, &out);
      } else {
        recommendations::internal::v1::SetReviewersRequest req;
        req.set_name(row.recommendation);
        req.set_event_id(event_id);
        for (const std::string& p : FromJsonArray(row.reviewers_json)) req.add_reviewers(p);
        req.set_double_blind(row.double_blind);
        recommendations::internal::v1::SetReviewersResponse out;
        status = stub->SetReviewers(ctx.get(), req, &out);
      }
      pqxx::work txn(**conn);
      if (status.ok()) {
        txn.exec_prepared(sql::kMarkDelivered, row.id);
        ++delivered;
      } else if (IsFinal(status.error_code())) {
        // Kept as refused: the status board shows it to coordinators.
        log::Error("outbox {} refused: {}", event_id, status.error_message());
        txn.exec_prepared(sql::kMarkRefused, row.id, status.error_message());
      } else {
        // Keep the order: this row and the rest wait for the next round, and
        // another deliverer may take them at once.
        txn.exec_prepared(sql::kMarkFailed, row.id, status.error_message());
        txn.exec_prepared(sql::kReleaseClaims, claimer_);
        txn.commit();
        break;
      }
      txn.commit();
    }
  } catch (const std::exception& e) {
    log::Warn("outbox delivery failed: {}", e.what());
    session_->Reset();
  }
  return delivered;
}

}  // namespace summit::reviews
