// Reads tried on the gRPC thread (RpcRunner::Execute, inline_attempt.h), on
// a real server and database: answered there once a connection is open; a
// read that calls another service, writes or outlasts the inline bound runs
// again on the pool and still answers as the pool would.
#include <gtest/gtest.h>

#include <map>
#include <pqxx/transaction>
#include <string>
#include <thread>

#include "services/common/metrics.h"
#include "services/common/rpc.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"
#include "tests/support/metric_value.h"
#include "tests/support/test_server.h"

namespace summit::testing {
namespace {

namespace dv1 = directory::v1;
namespace wv1 = reviews::v1;

// summit_db_inline_reads_total{service, outcome}.
double InlineReads(const std::string& service, const std::string& outcome) {
  return MetricValue("summit_db_inline_reads_total", {{"service", service}, {"outcome", outcome}});
}

// Until every worker of the service's pool has put its connection back (a
// call is answered just before): only then is one there to lend inline.
void AwaitIdlePool(const std::string& service) {
  const absl::Time give_up_by = absl::Now() + absl::Seconds(30);
  while (MetricValue("summit_db_pool_busy_workers", {{"service", service}}) != 0 &&
         absl::Now() < give_up_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(MetricValue("summit_db_pool_busy_workers", {{"service", service}}), 0);
}

TEST(InlineReads, AReadIsAnsweredOnTheGrpcThreadOnceAConnectionIsOpen) {
  auto t = TestServer::Start();
  auto stub = t->DirectoryStub();
  const double answered = InlineReads("directory", "answered");
  const double ran_again = InlineReads("directory", "ran_again");
  dv1::GetPersonRequest req;
  req.set_name("people/admin");
  constexpr int kCalls = 20;
  for (int i = 0; i < kCalls; ++i) {
    dv1::Person person;
    const grpc::Status s = stub->GetPerson(AuthContext(t->admin_token()).get(), req, &person);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(person.name(), "people/admin");
  }
  // The first calls open the pool's connections on its workers; after that,
  // with nothing queued, a read borrows one on the gRPC thread.
  EXPECT_GE(InlineReads("directory", "answered") - answered, kCalls / 2);
  EXPECT_EQ(InlineReads("directory", "ran_again"), ran_again);

  // A refusal is the same answer inline: not run again.
  req.set_name("people/nobody");
  dv1::Person none;
  EXPECT_EQ(stub->GetPerson(AuthContext(t->admin_token()).get(), req, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(InlineReads("directory", "ran_again"), ran_again);
}

TEST(InlineReads, AReadThatCallsAnotherServiceRunsAgainOnThePoolThenGoesThereDirectly) {
  auto t = TestServer::Start();
  const std::string coordinator = t->MakePerson("cora", {dv1::ROLE_COORDINATOR});
  auto reviews = wv1::ReviewService::NewStub(t->Channel());
  wv1::GetStatusBoardRequest req;
  req.set_summit("summits/none");
  const double ran_again = InlineReads("reviews", "ran_again");
  const double answered = InlineReads("reviews", "answered");
  // The status board asks the recommendations service for the summit's
  // recommendations: that needs a free gRPC thread, so an attempt is given
  // up and the pool's run answers (not the attempt's UNAVAILABLE). The first
  // call is tried only if setting up left one of the pool's connections
  // open (it opens them lazily, on its workers); the second finds one.
  for (int call = 1; call <= 2; ++call) {
    wv1::StatusBoard board;
    const grpc::Status s = reviews->GetStatusBoard(AuthContext(coordinator).get(), req, &board);
    // The board of a summit without recommendations.
    ASSERT_TRUE(s.ok()) << "call " << call << ": " << s.error_message();
    AwaitIdlePool("reviews");
  }
  EXPECT_EQ(InlineReads("reviews", "ran_again") - ran_again, 1);

  // For a while the method goes straight to the pool: no second attempt.
  for (int call = 3; call <= 5; ++call) {
    wv1::StatusBoard board;
    const grpc::Status s = reviews->GetStatusBoard(AuthContext(coordinator).get(), req, &board);
    ASSERT_TRUE(s.ok()) << "call " << call << ": " << s.error_message();
  }
  EXPECT_EQ(InlineReads("reviews", "ran_again") - ran_again, 1);
  EXPECT_EQ(InlineReads("reviews", "answered"), answered);
}

TEST(InlineReads, AReadHeldUpPastTheInlineBoundRunsAgainOnThePoolAndAnswers) {
  auto t = TestServer::Start();
  auto stub = t->DirectoryStub();
  dv1::GetPersonRequest req;
  req.set_name("people/admin");
  for (int i = 0; i < 4; ++i) {  // open the directory pool's connections
    dv1::Person person;
    ASSERT_TRUE(stub->GetPerson(AuthContext(t->admin_token()).get(), req, &person).ok());
  }
  AwaitIdlePool("directory");
  const double ran_again = InlineReads("directory", "ran_again");

  // Nothing reads the people while this transaction holds the table.
  pqxx::connection blocker(t->db().conninfo());
  auto lock = std::make_unique<pqxx::work>(blocker);
  lock->exec("LOCK TABLE directory.people IN ACCESS EXCLUSIVE MODE");

  grpc::Status status;
  dv1::Person person;
  std::thread reader([&] {
    auto ctx = AuthContext(t->admin_token());
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    status = stub->GetPerson(ctx.get(), req, &person);
  });
  // The inline attempt gives up at its bound (statement timeout); the call
  // then waits on a database worker. Release the table once it has.
  const absl::Time give_up_by = absl::Now() + absl::Seconds(30);
  while (InlineReads("directory", "ran_again") == ran_again && absl::Now() < give_up_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(InlineReads("directory", "ran_again") - ran_again, 1);
  lock->commit();
  reader.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(person.name(), "people/admin");
}

}  // namespace
}  // namespace summit::testing
