#pragma once
// Fixture for directory tests: a real server on loopback over a fresh
// PostgreSQL database, with KISI (KZ) and IEPR (KR) and people in roles.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "tests/support/test_server.h"

namespace summit::testing {

namespace dv1 = directory::v1;

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    stub_ = server_->DirectoryStub();
    admin_ = server_->admin_token();
    server_->MakeOrganization("kisi", "KZ");
    server_->MakeOrganization("iepr", "KR");
    coordinator_ = server_->MakePerson("dana", {dv1::ROLE_COORDINATOR}, "organizations/kisi");
    expert_ = server_->MakePerson("aigerim", {dv1::ROLE_EXPERT}, "organizations/kisi");
    observer_ = server_->MakePerson("minho", {dv1::ROLE_OBSERVER}, "organizations/iepr");
  }

  // Events recorded for a resource.
  int EventCount(const std::string& resource) {
    return std::stoi(server_->db().QueryValue(
        "SELECT count(*) FROM directory.events WHERE resource = '" + resource + "'"));
  }

  static dv1::Summit ValidSummit() {
    dv1::Summit s;
    s.set_display_name("Central Asia – Republic of Korea Summit 2025");
    s.set_start_date("2025-11-11");
    s.set_end_date("2025-11-12");
    s.set_place("Seoul");
    s.set_time_zone("Asia/Seoul");
    s.add_languages("en");
    s.add_languages("ko");
    s.add_languages("ru");
    return s;
  }

  grpc::Status CreateSummit(const std::string& token, const std::string& id, dv1::Summit* out,
                            const std::string& request_id = "") {
    dv1::CreateSummitRequest req;
    req.set_summit_id(id);
    *req.mutable_summit() = ValidSummit();
    req.set_request_id(request_id);
    return stub_->CreateSummit(AuthContext(token).get(), req, out);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<dv1::DirectoryService::Stub> stub_;
  std::string admin_, coordinator_, expert_, observer_;
};

}  // namespace summit::testing
