#pragma once
// A real summitd server for a test: all services, a fresh database, port 0
// on loopback, an injected clock, and helpers to make people and tokens.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "services/common/clock.h"
#include "services/server/summit_server.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "tests/support/test_database.h"

namespace summit::testing {

inline constexpr char kTestTokenKey[] = "test-key-0123456789-0123456789-0123456789";

// The injected clock of every test server starts this far ahead of the wall
// clock, so a test that builds times from calendar literals near "today"
// instead of from clock().Now() fails at once rather than on some later date.
inline constexpr absl::Duration kTestClockAhead = absl::Hours(24 * (5 * 365 + 123));

class TestServer final {
 public:
  // Starts on a fresh database, hosting `services`.
  static std::unique_ptr<TestServer> Start(int db_workers = 4, const std::string& services = "all");
  // Another replica on the same database (as a second process would be).
  std::unique_ptr<SummitServer> StartReplica();
  // A replica hosting some services, reaching the others at the addresses
  // given, listening where asked (port 0 picks one).
  std::unique_ptr<SummitServer> StartReplica(const std::string& services,
                                             std::map<std::string, std::string> service_addresses,
                                             const std::string& listen = "127.0.0.1:0");
  ~TestServer();

  TestDatabase& db() { return *db_; }
  FakeClock& clock() { return clock_; }
  SummitServer& server() { return *server_; }
  std::string address() const;

  // Runs the services' pending work (outboxes, the notifier's rounds) until
  // `done` holds, then three more rounds, which must change nothing. False
  // if `done` still failed after `limit`: the activity feed releases an event
  // once every older writer in the database has ended, and a test's own
  // margin must stay well under CTest's timeout so that its failure says so.
  bool RunPendingWorkUntil(const std::function<bool()>& done,
                           absl::Duration limit = absl::Seconds(60));

  std::unique_ptr<directory::v1::DirectoryService::Stub> DirectoryStub();
  // A channel over real loopback TCP.
  std::shared_ptr<grpc::Channel> Channel();

  // The bootstrap admin's token.
  const std::string& admin_token() const { return admin_token_; }
  // Creates `people/{id}` with the roles (as admin) and returns a token.
  std::string MakePerson(const std::string& id, std::initializer_list<directory::v1::Role> roles,
                         const std::string& organization = "");
  std::string TokenFor(const std::string& person_name);
  // A credential of Summit's own servers (`services/test`), as summitd mints
  // for its calls to other services.
  std::string ServiceToken() const;
  // Creates `organizations/{id}` in the country, if missing.
  void MakeOrganization(const std::string& id, const std::string& country);

 private:
  TestServer() : clock_(absl::Now() + kTestClockAhead) {}
  ServerOptions Options() const;

  int db_workers_ = 4;
  std::string services_ = "all";

  std::unique_ptr<TestDatabase> db_;
  FakeClock clock_;
  std::unique_ptr<SummitServer> server_;
  std::string admin_token_;
};

// A client context with the bearer token and a deadline.
std::unique_ptr<grpc::ClientContext> AuthContext(const std::string& token);

}  // namespace summit::testing
