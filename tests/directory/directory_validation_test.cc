// Every validation refusal: INVALID_ARGUMENT naming the field, nothing written.
#include <functional>

#include "tests/directory/directory_test_base.h"

namespace summit::testing {
namespace {

struct Refusal {
  const char* what;
  std::function<void(dv1::CreateSummitRequest*)> mutate;
  const char* field;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Refusal& r, std::ostream* os) { *os << r.what; }

class SummitRefusalTest : public DirectoryTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(SummitRefusalTest, IsInvalidArgumentNamingTheField) {
  dv1::CreateSummitRequest req;
  req.set_summit_id("s1");
  *req.mutable_summit() = ValidSummit();
  GetParam().mutate(&req);
  dv1::Summit out;
  grpc::Status s = stub_->CreateSummit(AuthContext(coordinator_).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().rfind(GetParam().field, 0), 0u) << s.error_message();
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM directory.summits"), "0");
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT count(*) FROM directory.events WHERE resource LIKE 'summits/%'"),
            "0");
}

INSTANTIATE_TEST_SUITE_P(
    Summits, SummitRefusalTest,
    ::testing::Values(
        Refusal{"empty name", [](auto* r) { r->mutable_summit()->set_display_name("  "); },
                "summit.display_name"},
        Refusal{"NUL byte",
                [](auto* r) { r->mutable_summit()->set_place(std::string("Se\0oul", 6)); },
                "summit.place"},
        Refusal{"over-long",
                [](auto* r) { r->mutable_summit()->set_display_name(std::string(201, 'a')); },
                "summit.display_name"},
        Refusal{"unknown zone",
                [](auto* r) { r->mutable_summit()->set_time_zone("Asia/Atlantis"); },
                "summit.time_zone"},
        Refusal{"bad date", [](auto* r) { r->mutable_summit()->set_start_date("2025-13-01"); },
                "summit.start_date"},
        Refusal{"end before start",
                [](auto* r) { r->mutable_summit()->set_end_date("2025-11-01"); },
                "summit.end_date"},
        Refusal{"deadline order",
                [](auto* r) {
                  r->mutable_summit()->mutable_submission_deadline()->set_seconds(2000);
                  r->mutable_summit()->mutable_review_deadline()->set_seconds(1000);
                },
                "summit.review_deadline"},
        Refusal{"no languages", [](auto* r) { r->mutable_summit()->clear_languages(); },
                "summit.languages"},
        Refusal{"bad language", [](auto* r) { r->mutable_summit()->add_languages("korean"); },
                "summit.languages[3]"},
        Refusal{"bad id", [](auto* r) { r->set_summit_id("Summit 2025"); }, "summit_id"},
        Refusal{"bad request id", [](auto* r) { r->set_request_id("has space"); }, "request_id"}),
    [](const auto& info) {
      std::string name = info.param.what;
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST_F(DirectoryTest, OrganizationRefusals) {
  struct Case {
    std::function<void(dv1::Organization*)> mutate;
    const char* field;
  };
  const Case cases[] = {
      {[](auto* o) { o->set_country_code("XX"); }, "organization.country_code"},
      {[](auto* o) { o->set_country_code("kz"); }, "organization.country_code"},
      {[](auto* o) { o->set_kind(dv1::Organization::KIND_UNSPECIFIED); }, "organization.kind"},
      {[](auto* o) { o->set_display_name(""); }, "organization.display_name"},
      {[](auto* o) { o->set_website("kisi.kz"); }, "organization.website"},
      {[](auto* o) { o->set_short_name(std::string(51, 'K')); }, "organization.short_name"},
  };
  for (const Case& c : cases) {
    dv1::CreateOrganizationRequest req;
    req.set_organization_id("new-org");
    req.mutable_organization()->set_display_name("Institute");
    req.mutable_organization()->set_kind(dv1::Organization::KIND_UNIVERSITY);
    req.mutable_organization()->set_country_code("UZ");
    c.mutate(req.mutable_organization());
    dv1::Organization out;
    grpc::Status s = stub_->CreateOrganization(AuthContext(admin_).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(s.error_message().rfind(c.field, 0), 0u) << s.error_message();
  }
  EXPECT_EQ(
      server_->db().QueryValue(
          "SELECT count(*) FROM directory.organizations WHERE name = 'organizations/new-org'"),
      "0");
}

TEST_F(DirectoryTest, PersonRefusals) {
  struct Case {
    std::function<void(dv1::Person*)> mutate;
    const char* field;
  };
  const Case cases[] = {
      {[](auto* p) { p->set_email("not-an-email"); }, "person.email"},
      {[](auto* p) { p->set_display_name(""); }, "person.display_name"},
      {[](auto* p) { p->set_display_name(std::string("Ai\0gerim", 8)); }, "person.display_name"},
      {[](auto* p) { p->clear_roles(); }, "person.roles"},
      {[](auto* p) { p->add_roles(dv1::ROLE_EXPERT); }, "person.roles[1]"},
      {[](auto* p) { p->clear_organization(); }, "person.organization"},
      {[](auto* p) { p->set_organization("organizations/nowhere"); }, "person.organization"},
      {[](auto* p) { p->set_time_zone("Asia/Nowhere"); }, "person.time_zone"},
      {[](auto* p) { p->add_expertise_tracks("summits/x/tracks/none"); },
       "person.expertise_tracks[0]"},
      {[](auto* p) { p->add_alternate_names()->set_language("ru"); },
       "person.alternate_names[0].text"},
  };
  for (const Case& c : cases) {
    dv1::CreatePersonRequest req;
    req.set_person_id("newcomer");
    req.mutable_person()->set_display_name("Newcomer");
    req.mutable_person()->set_email("newcomer@kisi.kz");
    req.mutable_person()->set_organization("organizations/kisi");
    req.mutable_person()->add_roles(dv1::ROLE_EXPERT);
    c.mutate(req.mutable_person());
    dv1::Person out;
    grpc::Status s = stub_->CreatePerson(AuthContext(admin_).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field << ": " << s.error_message();
    EXPECT_EQ(s.error_message().rfind(c.field, 0), 0u) << s.error_message();
  }
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT count(*) FROM directory.people WHERE name = 'people/newcomer'"),
            "0");
}

TEST_F(DirectoryTest, MalformedNamesAndPageSizesAreRefused) {
  dv1::GetSummitRequest get;
  get.set_name("summit/ca-kr-2025");
  dv1::Summit s;
  grpc::Status st = stub_->GetSummit(AuthContext(expert_).get(), get, &s);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message().rfind("name:", 0), 0u);

  dv1::ListPeopleRequest list;
  list.set_page_size(-5);
  dv1::ListPeopleResponse resp;
  st = stub_->ListPeople(AuthContext(expert_).get(), list, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message().rfind("page_size", 0), 0u);

  dv1::GetSummitRequest missing;
  missing.set_name("summits/nowhere");
  EXPECT_EQ(stub_->GetSummit(AuthContext(expert_).get(), missing, &s).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DirectoryTest, UpdateMaskNamingAnUnchangeableFieldIsRefused) {
  dv1::UpdateOrganizationRequest req;
  req.mutable_organization()->set_name("organizations/kisi");
  req.mutable_update_mask()->add_paths("create_time");
  dv1::Organization out;
  grpc::Status s = stub_->UpdateOrganization(AuthContext(admin_).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("update_mask", 0), 0u);
}

}  // namespace
}  // namespace summit::testing
