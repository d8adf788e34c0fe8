// The assembled server: health, reflection, schema checks, shutdown.
#include "services/server/summit_server.h"

#include <gtest/gtest.h>

#include <pqxx/nontransaction>
#include <pqxx/result>

#include "absl/strings/str_cat.h"
#include "services/directory/directory.h"
#include "services/server/database_budget.h"
#include "services/server/service_catalog.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_server.h"

namespace summit::testing {
namespace {

ServerOptions OptionsFor(const TestDatabase& db) {
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  o.database = db.conninfo();
  o.token_key = kTestTokenKey;
  return o;
}

TEST(ServiceCatalog, SelectsByNameAndRefusesUnknownServices) {
  ASSERT_TRUE(SelectServices("all").ok());
  EXPECT_EQ(SelectServices("directory")->size(), 1u);
  absl::Status s = SelectServices("directory,bogus").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("bogus"), absl::string_view::npos);
}

// The rule of services/server/database_budget.h, on the real catalog.
TEST(DatabaseBudget, SplitsABudgetOverThePoolsAfterTheBackgroundSessions) {
  const std::vector<ServiceModule> all = *SelectServices("all");
  // Six services with tables; monitor + reviews outbox + notifier (2).
  const ConnectionPlan fixed = PlanWithWorkers(all, 8);
  EXPECT_EQ(fixed.pools, 6);
  EXPECT_EQ(fixed.background, 4);
  EXPECT_EQ(fixed.total(), 52);
  absl::StatusOr<ConnectionPlan> budget = PlanWithinBudget(all, 18);
  ASSERT_TRUE(budget.ok()) << budget.status();
  EXPECT_EQ(budget->workers_per_pool, 2);
  EXPECT_LE(budget->total(), 18);
  const absl::Status too_few = PlanWithinBudget(all, 9).status();
  EXPECT_EQ(too_few.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_few.message().find("at least 10"), absl::string_view::npos);
  // The directory alone: its pool and the monitor.
  absl::StatusOr<ConnectionPlan> directory = PlanWithinBudget(*SelectServices("directory"), 8);
  ASSERT_TRUE(directory.ok());
  EXPECT_EQ(directory->workers_per_pool, 7);
  EXPECT_EQ(directory->total(), 8);
}

// Every integration test runs on an injected clock years ahead of the wall
// clock (kTestClockAhead): a test that passes today and builds its times from
// the clock keeps passing on any later date.
TEST(TestServerClock, StartsYearsAheadOfTheWallClock) {
  auto t = TestServer::Start(1, "directory");
  EXPECT_GT(t->clock().Now(), absl::Now() + absl::Hours(24 * 365 * 5));
  // Tokens minted on the injected clock authenticate on it.
  directory::v1::WhoAmIResponse me;
  ASSERT_TRUE(t->DirectoryStub()->WhoAmI(AuthContext(t->admin_token()).get(), {}, &me).ok());
}

TEST(SummitServer, RefusesToStartOnAnUnmigratedDatabase) {
  auto db = TestDatabase::Create();
  db->QueryValue("DROP SCHEMA directory CASCADE");
  absl::StatusOr<std::unique_ptr<SummitServer>> server = SummitServer::Start(OptionsFor(*db));
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(server.status().message().find("summitd migrate"), absl::string_view::npos);
}

// Migrations are additive (migrations.h): the previous release keeps running
// while the next one's migrations are applied, and its own `migrate` (an old
// pod's init container, mid-rollout) changes nothing instead of failing.
TEST(SummitServer, ThePreviousReleaseRunsOnANewerSchema) {
  auto db = TestDatabase::Create();
  db->QueryValue("INSERT INTO directory.schema_migrations (version, file) VALUES (999, 'x.sql')");
  absl::StatusOr<int> applied = ApplyMigrations(db->conn(), directory::Migrations());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 0);
  EXPECT_EQ(db->QueryValue("SELECT max(version) FROM directory.schema_migrations"), "999");
  absl::StatusOr<std::unique_ptr<SummitServer>> server = SummitServer::Start(OptionsFor(*db));
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Shutdown(absl::ZeroDuration());
}

TEST(SummitServer, RefusesAShortTokenKey) {
  auto db = TestDatabase::Create();
  ServerOptions o = OptionsFor(*db);
  o.token_key = "short";
  EXPECT_FALSE(SummitServer::Start(o).ok());
}

TEST(Migrations, ApplyOnceAndRecordEachVersion) {
  auto db = TestDatabase::Create();  // already migrated
  absl::StatusOr<int> again = ApplyMigrations(db->conn(), directory::Migrations());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(db->QueryValue("SELECT max(version) FROM directory.schema_migrations"),
            std::to_string(directory::Migrations().LatestVersion()));
  EXPECT_TRUE(CheckSchemaCurrent(db->conn(), directory::Migrations()).ok());
}

// Each schema's micros() is in every row of its reads: the planner must put
// its expression in place (a function call of its own per column and row
// made reviews' cycle read 2.2x slower). EXPLAIN VERBOSE names the function
// only when it was not inlined.
TEST(Migrations, EverySchemasTimestampHelperIsInlined) {
  auto db = TestDatabase::Create();
  // Held here: a range-for over `*SelectServices(...)` would outlive its StatusOr.
  const absl::StatusOr<std::vector<ServiceModule>> all = SelectServices("all");
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> schemas;
  for (const ServiceModule& m : *all) {
    if (m.migrations) schemas.emplace_back(m.migrations->schema);
  }
  ASSERT_EQ(schemas.size(), 6u);
  pqxx::nontransaction txn(db->conn());
  for (const std::string& schema : schemas) {
    std::string plan;
    for (const pqxx::row& line :
         txn.exec(absl::StrCat("EXPLAIN (VERBOSE, COSTS OFF) SELECT ", schema, ".micros(now())"))) {
      plan += line[0].as<std::string>() + "\n";
    }
    EXPECT_EQ(plan.find("micros("), std::string::npos) << schema << ":\n" << plan;
    EXPECT_NE(plan.find("EXTRACT(epoch FROM now())"), std::string::npos) << schema << ":\n" << plan;
  }
}

TEST(SummitServer, ServesHealthAndStopsServingOnShutdown) {
  auto t = TestServer::Start();
  auto channel = t->Channel();
  // Debian ships health.proto but no C++ for it: a raw call with the
  // request hand-encoded, grpc.health.v1.HealthCheckRequest{service:
  // "summit.directory.v1.DirectoryService"}
  const std::string service = "summit.directory.v1.DirectoryService";
  std::string request = std::string(1, '\x0a') + static_cast<char>(service.size()) + service;
  auto call = [&](std::string* response_bytes) {
    return CallRaw(channel, "/grpc.health.v1.Health/Check", request, "", response_bytes);
  };
  std::string response;
  ASSERT_TRUE(call(&response).ok());
  EXPECT_EQ(response, std::string("\x08\x01"));  // status: SERVING
  t->server().Shutdown(absl::Milliseconds(200));
  // After shutdown the server no longer answers.
  EXPECT_FALSE(call(&response).ok());
}

// Revocation fails closed: a replica that cannot reach the directory to load
// the revoked tokens refuses people (a revoked token would pass otherwise)
// and still answers Summit's own servers.
TEST(SummitServer, AReplicaWithoutTheRevocationListRefusesPeopleUntilItLoadsIt) {
  auto t = TestServer::Start(2, "directory");
  const std::string admin = t->admin_token();
  // Nothing listens on port 1: the first refresh fails at once.
  auto replica = t->StartReplica("recommendations", {{"directory", "127.0.0.1:1"}});
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", replica->port()),
                                     grpc::InsecureChannelCredentials());
  const std::string path = "/summit.recommendations.v1.RecommendationService/GetRecommendation";
  const grpc::Status refused = CallRaw(channel, path, "", admin);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  EXPECT_NE(refused.error_message().find("revoked tokens"), std::string::npos)
      << refused.error_message();
  // A server's own token gets past authentication (to the input check).
  const grpc::Status service = CallRaw(channel, path, "", t->ServiceToken());
  EXPECT_EQ(service.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << service.error_message();

  // Pointed at the directory, the same kind of replica serves people.
  auto healthy = t->StartReplica("recommendations", {{"directory", t->address()}});
  auto healthy_channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", healthy->port()),
                                             grpc::InsecureChannelCredentials());
  EXPECT_EQ(CallRaw(healthy_channel, path, "", admin).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace summit::testing
