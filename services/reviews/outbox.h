#pragma once
// Delivers the reviews outbox to the recommendations service: rows in id
// order, each sent with event id "reviews-outbox-<id>" so the receiver
// applies it once however often it arrives. A row stays until acknowledged,
// so nothing is lost if this process or the receiver dies; delivery stops at
// the first row that could not be delivered, keeping the order.
//
// Rows are claimed with a lease in a short transaction and delivered outside
// any transaction, so no database transaction stays open across the calls;
// replicas deliver different recommendations side by side, and rows of a
// deliverer that died are taken over once its lease expires.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/db_pool.h"

namespace summit::reviews {

class OutboxDeliverer final {
 public:
  OutboxDeliverer(std::unique_ptr<DbSession> session,
                  std::function<std::shared_ptr<grpc::Channel>()> recommendations,
                  std::function<std::string()> authorization, absl::Duration interval);
  ~OutboxDeliverer();

  void Start();
  void Stop();
  // Wakes the loop now (after a commit that wrote rows).
  void Poke();
  // One round of delivery on the caller's thread; how many rows went out.
  int DeliverNow();

 private:
  void Loop();

  absl::Mutex deliver_mu_;  // one round at a time
  std::unique_ptr<DbSession> session_ ABSL_GUARDED_BY(deliver_mu_);
  std::function<std::shared_ptr<grpc::Channel>()> recommendations_;
  std::function<std::string()> authorization_;
  // Who holds a lease: one name per deliverer.
  const std::string claimer_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool poked_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace summit::reviews
