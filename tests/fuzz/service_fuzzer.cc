// A libFuzzer target for one service (SUMMIT_FUZZ_SERVICE, set per binary
// in tests/CMakeLists.txt): each input picks a method and a caller and is
// sent as that method's request bytes to a real in-process server over a
// real PostgreSQL database, through the same handlers as production. Bad
// input must be answered with a status naming what is wrong: an INTERNAL or
// UNKNOWN, a crash or a sanitizer report is a finding.
//
// Input: byte 0 chooses the method, byte 1 the caller, the rest is the
// request. tests/fuzz/make_seeds.sh writes the seed corpus in this form.
#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_server.h"

namespace {

using summit::testing::TestServer;
namespace dv1 = summit::directory::v1;

struct Target {
  std::unique_ptr<TestServer> server;
  std::vector<std::string> paths;  // unary methods only: a stream would stay open
  std::vector<std::string> tokens;
};

Target* target = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  target = new Target();
  target->server = TestServer::Start(2);
  TestServer& s = *target->server;
  s.MakeOrganization("kisi", "KZ");
  s.MakeOrganization("iepr", "KR");
  target->tokens = {"",
                    s.admin_token(),
                    s.MakePerson("dana", {dv1::ROLE_COORDINATOR}, "organizations/iepr"),
                    s.MakePerson("aigerim", {dv1::ROLE_EXPERT}, "organizations/kisi"),
                    s.MakePerson("minho", {dv1::ROLE_OBSERVER}, "organizations/iepr"),
                    s.ServiceToken()};
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(SUMMIT_FUZZ_SERVICE);
  if (service == nullptr) {
    std::fprintf(stderr, "no service %s\n", SUMMIT_FUZZ_SERVICE);
    std::abort();
  }
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* m = service->method(i);
    if (m->server_streaming() || m->client_streaming()) continue;
    target->paths.push_back(absl::StrCat("/", service->full_name(), "/", m->name()));
  }
  // libFuzzer ends with exit(): the server's background threads (the
  // notifier reads the feed all the time) must stop before static objects
  // they use (libpqxx's) are destroyed. Registered last, so it runs first.
  std::atexit([] { target->server.reset(); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || target->paths.empty()) return 0;
  const std::string& path = target->paths[data[0] % target->paths.size()];
  const std::string& token = target->tokens[data[1] % target->tokens.size()];
  const std::string request(reinterpret_cast<const char*>(data + 2), size - 2);
  const grpc::Status s = summit::testing::CallRaw(target->server->Channel(), path, request, token);
  if (s.error_code() == grpc::StatusCode::INTERNAL || s.error_code() == grpc::StatusCode::UNKNOWN) {
    std::fprintf(stderr, "%s answered %d: %s\n", path.c_str(), s.error_code(),
                 s.error_message().c_str());
    std::abort();
  }
  return 0;
}
