// Work whose caller has given up never reaches the database.
#include <gtest/gtest.h>

#include <pqxx/transaction>
#include <thread>

#include "tests/support/test_server.h"

namespace summit::testing {
namespace {

namespace dv1 = directory::v1;

std::unique_ptr<grpc::ClientContext> ContextWithin(const std::string& token,
                                                   std::chrono::milliseconds timeout) {
  auto ctx = AuthContext(token);
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
  return ctx;
}

TEST(Deadlines, QueuedWorkPastItsDeadlineNeverStarts) {
  auto t = TestServer::Start(/*db_workers=*/1);
  auto stub = t->DirectoryStub();
  dv1::CreateSummitRequest create;
  create.set_summit_id("s1");
  dv1::Summit* s = create.mutable_summit();
  s->set_display_name("Summit");
  s->set_start_date("2025-11-11");
  s->set_end_date("2025-11-12");
  s->set_time_zone("Asia/Seoul");
  s->add_languages("en");
  dv1::Summit summit;
  ASSERT_TRUE(stub->CreateSummit(AuthContext(t->admin_token()).get(), create, &summit).ok());

  // Hold the summit's row so the only database worker blocks on it.
  pqxx::connection blocker(t->db().conninfo());
  pqxx::work lock(blocker);
  lock.exec("SELECT 1 FROM directory.summits WHERE name = 'summits/s1' FOR UPDATE");

  grpc::Status busy_status;
  std::thread busy([&] {
    dv1::UpdateSummitRequest update;
    update.mutable_summit()->set_name("summits/s1");
    update.mutable_summit()->set_place("Astana");
    dv1::Summit out;
    busy_status = stub->UpdateSummit(
        ContextWithin(t->admin_token(), std::chrono::seconds(20)).get(), update, &out);
  });

  // Wait until the worker is really stuck on the lock.
  const std::string waiting =
      "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
      "AND datname = current_database()";
  for (int i = 0; i < 500 && t->db().QueryValue(waiting) != "1"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(t->db().QueryValue(waiting), "1");

  // Queued behind it; its caller gives up after 200 ms.
  dv1::CreateOrganizationRequest org;
  org.set_organization_id("late");
  org.mutable_organization()->set_display_name("Too late");
  org.mutable_organization()->set_kind(dv1::Organization::KIND_OTHER);
  org.mutable_organization()->set_country_code("KZ");
  dv1::Organization org_out;
  grpc::Status late = stub->CreateOrganization(
      ContextWithin(t->admin_token(), std::chrono::milliseconds(200)).get(), org, &org_out);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  lock.commit();  // the worker moves on: the update, then the expired create
  busy.join();
  EXPECT_TRUE(busy_status.ok()) << busy_status.error_message();
  // One worker, first come first served: once this read is answered, the
  // expired create has had its turn.
  dv1::GetSummitRequest get;
  get.set_name("summits/s1");
  ASSERT_TRUE(stub->GetSummit(AuthContext(t->admin_token()).get(), get, &summit).ok());
  EXPECT_EQ(summit.place(), "Astana");
  EXPECT_EQ(t->db().QueryValue(
                "SELECT count(*) FROM directory.organizations WHERE name = 'organizations/late'"),
            "0");
  EXPECT_EQ(t->db().QueryValue(
                "SELECT count(*) FROM directory.events WHERE resource = 'organizations/late'"),
            "0");
}

}  // namespace
}  // namespace summit::testing
