// Bad input to every RPC of every hosted service, generated from the protos'
// descriptors: an RPC or field added later is covered without a new line.
// Each request is sent as an admin (the most powerful person), or with a
// service credential to internal services, so nothing but the input check
// can be what refuses it.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/server/service_catalog.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_server.h"

namespace summit::testing {
namespace {

namespace dv1 = directory::v1;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

constexpr int kUnknownEnumNumber = 987654;
constexpr int kMaxDepth = 4;

// One way to break a request: the path of the field (as the server should
// name it) and how to set it on a fresh request.
struct Breakage {
  std::string path;
  std::function<void(Message*)> apply;
};

// Every field of `type`, at any depth up to kMaxDepth, for which `breaks`
// gives a breakage; `reach` makes the parents along the way.
void CollectBreakages(const Descriptor* type, const std::string& prefix,
                      const std::function<Message*(Message*)>& reach, int depth,
                      const std::function<bool(const FieldDescriptor*)>& wanted,
                      const std::function<void(Message*, const FieldDescriptor*)>& set,
                      std::vector<Breakage>* out) {
  if (depth > kMaxDepth) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->is_map()) continue;
    const std::string path = absl::StrCat(prefix.empty() ? "" : absl::StrCat(prefix, "."),
                                          f->name(), f->is_repeated() ? "[0]" : "");
    if (wanted(f)) {
      out->push_back({path, [reach, f, set](Message* m) { set(reach(m), f); }});
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE &&
               f->message_type()->file()->package().rfind("summit.", 0) == 0) {
      auto child = [reach, f](Message* m) -> Message* {
        Message* parent = reach(m);
        return f->is_repeated() ? parent->GetReflection()->AddMessage(parent, f)
                                : parent->GetReflection()->MutableMessage(parent, f);
      };
      CollectBreakages(f->message_type(), path, child, depth + 1, wanted, set, out);
    }
  }
}

std::vector<Breakage> UnknownEnumBreakages(const Descriptor* request) {
  std::vector<Breakage> out;
  CollectBreakages(
      request, "", [](Message* m) { return m; }, 0,
      [](const FieldDescriptor* f) { return f->type() == FieldDescriptor::TYPE_ENUM; },
      [](Message* m, const FieldDescriptor* f) {
        if (f->is_repeated()) {
          m->GetReflection()->AddEnumValue(m, f, kUnknownEnumNumber);
        } else {
          m->GetReflection()->SetEnumValue(m, f, kUnknownEnumNumber);
        }
      },
      &out);
  return out;
}

std::vector<Breakage> InvalidUtf8Breakages(const Descriptor* request) {
  std::vector<Breakage> out;
  CollectBreakages(
      request, "", [](Message* m) { return m; }, 0,
      [](const FieldDescriptor* f) { return f->type() == FieldDescriptor::TYPE_STRING; },
      [](Message* m, const FieldDescriptor* f) {
        const std::string bad = "caf\xC3\x28 \xFF";  // a broken two-byte sequence, then 0xFF
        if (f->is_repeated()) {
          m->GetReflection()->AddString(m, f, bad);
        } else {
          m->GetReflection()->SetString(m, f, bad);
        }
      },
      &out);
  return out;
}

std::vector<Breakage> OutOfRangeTimeBreakages(const Descriptor* request) {
  std::vector<Breakage> out;
  CollectBreakages(
      request, "", [](Message* m) { return m; }, 0,
      [](const FieldDescriptor* f) {
        return f->type() == FieldDescriptor::TYPE_MESSAGE &&
               f->message_type()->full_name() == "google.protobuf.Timestamp";
      },
      [](Message* m, const FieldDescriptor* f) {
        Message* t = f->is_repeated() ? m->GetReflection()->AddMessage(m, f)
                                      : m->GetReflection()->MutableMessage(m, f);
        // Year 10000: past what Timestamp allows.
        t->GetReflection()->SetInt64(t, t->GetDescriptor()->FindFieldByNumber(1), 253402300800);
      },
      &out);
  return out;
}

// Every service the server hosts, internal ones included.
std::vector<const ServiceDescriptor*> AllServices() {
  std::vector<const ServiceDescriptor*> out;
  for (const ServiceModule& m : AllServiceModules()) {
    for (const std::string& name : m.grpc_names) {
      out.push_back(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name));
    }
  }
  out.push_back(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      "summit.feed.internal.v1.EventSourceService"));
  return out;
}

class RequestChecksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = TestServer::Start(2).release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Sends the broken request; expects INVALID_ARGUMENT whose message starts
  // with the field's path and says `rule`.
  void ExpectRefused(const MethodDescriptor* method, const Breakage& breakage,
                     const std::string& rule) {
    std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                         ->GetPrototype(method->input_type())
                                         ->New());
    breakage.apply(request.get());
    std::string bytes;
    ASSERT_TRUE(request->SerializePartialToString(&bytes));
    const std::string path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
    // Internal services take service credentials only; the rest get an admin.
    const bool internal = absl::StrContains(method->service()->full_name(), ".internal.");
    const grpc::Status s = CallRaw(server_->Channel(), path, bytes,
                                   internal ? server_->ServiceToken() : server_->admin_token());
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << path << " with " << breakage.path << ": " << s.error_message();
    EXPECT_TRUE(absl::StartsWith(s.error_message(), absl::StrCat(breakage.path, ": ")))
        << path << " names the wrong field: " << s.error_message();
    EXPECT_TRUE(absl::StrContains(s.error_message(), rule)) << path << ": " << s.error_message();
  }

  static TestServer* server_;
};

TestServer* RequestChecksTest::server_ = nullptr;

TEST_F(RequestChecksTest, UnknownEnumValuesAreRefusedInEveryRequestOfEveryService) {
  int checked = 0;
  for (const ServiceDescriptor* service : AllServices()) {
    ASSERT_NE(service, nullptr);
    for (int i = 0; i < service->method_count(); ++i) {
      for (const Breakage& b : UnknownEnumBreakages(service->method(i)->input_type())) {
        ExpectRefused(service->method(i), b,
                      absl::StrCat(kUnknownEnumNumber, " is not a value of "));
        ++checked;
      }
    }
  }
  // The known cases from the issue are among them, so the walk did reach them.
  EXPECT_GE(checked, 20);
}

TEST_F(RequestChecksTest, TimestampsOutsideYears1To9999AreRefusedInEveryRequest) {
  int checked = 0;
  for (const ServiceDescriptor* service : AllServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      for (const Breakage& b : OutOfRangeTimeBreakages(service->method(i)->input_type())) {
        ExpectRefused(service->method(i), b, "must be between years 1 and 9999");
        ++checked;
      }
    }
  }
  // Summit deadlines, meeting times, action item due times, assignment dates…
  EXPECT_GE(checked, 8);
}

TEST_F(RequestChecksTest, InvalidUtf8IsRefusedNamingTheFieldInEveryRequestOfEveryService) {
  int checked = 0;
  int methods = 0;
  for (const ServiceDescriptor* service : AllServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      ++methods;
      for (const Breakage& b : InvalidUtf8Breakages(service->method(i)->input_type())) {
        ExpectRefused(service->method(i), b, "is not valid UTF-8");
        ++checked;
      }
    }
  }
  EXPECT_GE(methods, 70);
  EXPECT_GT(checked, methods);
}

// Every method of every internal service refuses people, admins included,
// before it looks at the request; a service credential gets past that check.
TEST_F(RequestChecksTest, InternalServicesRefuseEveryPersonAndAdmitServices) {
  const std::string coordinator =
      server_->MakePerson("internal-probe", {dv1::ROLE_COORDINATOR}, "");
  int checked = 0;
  for (const ServiceModule& m : AllServiceModules()) {
    for (const std::string& name : m.grpc_names) {
      if (!absl::StrContains(name, ".internal.")) continue;
      const ServiceDescriptor* s =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
      ASSERT_NE(s, nullptr) << name;
      for (int i = 0; i < s->method_count(); ++i) {
        const std::string path = absl::StrCat("/", name, "/", s->method(i)->name());
        for (const std::string& person : {server_->admin_token(), coordinator}) {
          const grpc::Status refused = CallRaw(server_->Channel(), path, "", person);
          EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << path;
        }
        const grpc::Status service = CallRaw(server_->Channel(), path, "", server_->ServiceToken());
        EXPECT_NE(service.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << ": " << service.error_message();
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 3);  // ListRevokedTokens, ApplyReviewEvent, SetReviewers
  // The feed's event sources are internal too: people are refused there.
  const grpc::Status s =
      CallRaw(server_->Channel(), "/summit.feed.internal.v1.EventSourceService/ListSourceEvents",
              "", server_->admin_token());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(RequestChecksTest, AMalformedMessageIsInvalidArgumentNotUnimplemented) {
  const grpc::Status s =
      CallRaw(server_->Channel(), "/summit.directory.v1.DirectoryService/GetPerson",
              std::string("\x0a\x7f", 2), server_->admin_token());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "request: is not a well-formed summit.directory.v1.GetPersonRequest message");
}

TEST_F(RequestChecksTest, TheCasesFromTheReportAreRefused) {
  dv1::CreateOrganizationRequest org;
  org.set_organization_id("odd");
  org.mutable_organization()->set_display_name("Odd");
  org.mutable_organization()->set_country_code("KZ");
  org.mutable_organization()->set_kind(static_cast<dv1::Organization::Kind>(17));
  dv1::Organization out;
  grpc::Status s = server_->DirectoryStub()->CreateOrganization(
      AuthContext(server_->admin_token()).get(), org, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "organization.kind: 17 is not a value of summit.directory.v1.Organization.Kind");

  dv1::CreatePersonRequest person;
  person.set_person_id("odd");
  person.mutable_person()->set_display_name("Odd");
  person.mutable_person()->set_email("odd@test.example");
  person.mutable_person()->add_roles(dv1::ROLE_EXPERT);
  person.mutable_person()->add_roles(static_cast<dv1::Role>(77));
  dv1::Person p;
  s = server_->DirectoryStub()->CreatePerson(AuthContext(server_->admin_token()).get(), person, &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "person.roles[1]: 77 is not a value of summit.directory.v1.Role");
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT count(*) FROM directory.organizations WHERE name = 'organizations/odd'"),
            "0");
}

TEST_F(RequestChecksTest, UnauthenticatedCallersLearnNothingAboutTheirInput) {
  const grpc::Status s =
      CallRaw(server_->Channel(), "/summit.directory.v1.DirectoryService/GetPerson",
              std::string("\x0a\x7f", 2), "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace summit::testing
