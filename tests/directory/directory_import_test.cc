// Bulk import of organisations and people from CSV against a real server
// and PostgreSQL: a dry run lists every bad row and why and writes nothing;
// a bad row refuses the whole import; a good one creates everything with
// its audit events, once per request id; only admins import.
#include "absl/strings/match.h"
#include "tests/directory/directory_test_base.h"

namespace summit::testing {
namespace {

class DirectoryImportTest : public DirectoryTest {
 protected:
  grpc::Status Import(const std::string& token, const std::string& orgs, const std::string& people,
                      bool dry_run, dv1::ImportDirectoryResponse* out,
                      const std::string& request_id = "") {
    dv1::ImportDirectoryRequest req;
    req.set_organizations_csv(orgs);
    req.set_people_csv(people);
    req.set_dry_run(dry_run);
    req.set_request_id(request_id);
    return stub_->ImportDirectory(AuthContext(token).get(), req, out);
  }

  std::string Count(const std::string& table) {
    return server_->db().QueryValue("SELECT count(*) FROM directory." + table);
  }
};

// Columns in any order; quoted cells with commas; an organisation created
// by the same import; roles and languages split on ";".
constexpr char kOrgs[] =
    "id,display_name,kind,country_code,short_name\r\n"
    "uwed,\"University of World Economy and Diplomacy, Tashkent\",university,UZ,UWED\r\n"
    "kdi,Korea Development Institute,think_tank,KR,KDI\r\n";
constexpr char kPeople[] =
    "email,id,display_name,organization,roles,languages,time_zone\n"
    "aziz@uwed.example,aziz,Азиз Каримов,uwed,expert,uz;ru,Asia/Tashkent\n"
    "jiwoo@kdi.example,jiwoo,박지우,organizations/kdi,expert;coordinator,ko;en,Asia/Seoul\n";

TEST_F(DirectoryImportTest, ADryRunListsEveryBadRowAndWritesNothing) {
  const std::string orgs = std::string(kOrgs) +
                           "bad id,Nameless,think_tank,KZ,\r\n"   // line 4: id
                           "cer,Center,think_tank,XX,\r\n"        // line 5: country
                           "kisi,KISI again,think_tank,KZ,\r\n";  // line 6: exists
  const std::string people = std::string(kPeople) +
                             "dup@kisi.example,dup,Dup,kisi,expert,kk,\n"  // line 4: good
                             "x@y.example,lost,Lost,nowhere,expert,ru,\n"  // line 5: org
                             "bad-email,bad,Bad,kisi,expert,ru,\n"         // line 6: email
                             "z@y.example,z,Z,kisi,wizard,ru,\n";          // line 7: role
  const std::string before_orgs = Count("organizations"), before_people = Count("people");
  dv1::ImportDirectoryResponse resp;
  ASSERT_TRUE(Import(admin_, orgs, people, /*dry_run=*/true, &resp).ok());
  EXPECT_FALSE(resp.applied());
  std::vector<std::string> found;
  for (const auto& p : resp.problems()) {
    found.push_back(absl::StrCat(p.file(), ":", p.line(), ":", p.column()));
    EXPECT_FALSE(p.message().empty());
  }
  EXPECT_EQ(found,
            (std::vector<std::string>{"organizations_csv:4:id", "organizations_csv:5:country_code",
                                      "organizations_csv:6:id", "people_csv:5:organization",
                                      "people_csv:6:email", "people_csv:7:roles"}))
      << resp.DebugString();
  EXPECT_EQ(Count("organizations"), before_orgs);
  EXPECT_EQ(Count("people"), before_people);

  // Without the dry run the same files are refused whole, naming the rows.
  const grpc::Status refused = Import(admin_, orgs, people, false, &resp);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(refused.error_message(), "nothing was imported: "));
  EXPECT_NE(refused.error_message().find("people_csv line 7: roles"), std::string::npos)
      << refused.error_message();
  EXPECT_EQ(Count("organizations"), before_orgs);
  EXPECT_EQ(Count("people"), before_people);
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM directory.events WHERE resource IN "
                                     "('organizations/uwed', 'people/aziz')"),
            "0");
}

TEST_F(DirectoryImportTest, AGoodImportCreatesEverythingOnceWithItsEvents) {
  dv1::ImportDirectoryResponse dry;
  ASSERT_TRUE(Import(admin_, kOrgs, kPeople, true, &dry).ok());
  EXPECT_EQ(dry.problems_size(), 0);
  EXPECT_EQ(dry.organizations(), 2);
  EXPECT_EQ(dry.people(), 2);
  EXPECT_EQ(EventCount("people/aziz"), 0);

  dv1::ImportDirectoryResponse resp;
  ASSERT_TRUE(Import(admin_, kOrgs, kPeople, false, &resp, "import-1").ok());
  EXPECT_TRUE(resp.applied());
  EXPECT_EQ(resp.organizations(), 2);
  EXPECT_EQ(resp.people(), 2);
  dv1::GetPersonRequest get;
  get.set_name("people/jiwoo");
  dv1::Person jiwoo;
  ASSERT_TRUE(stub_->GetPerson(AuthContext(admin_).get(), get, &jiwoo).ok());
  EXPECT_EQ(jiwoo.display_name(), "박지우");
  EXPECT_EQ(jiwoo.organization(), "organizations/kdi");
  EXPECT_EQ(jiwoo.roles_size(), 2);
  EXPECT_EQ(jiwoo.languages_size(), 2);
  EXPECT_EQ(jiwoo.time_zone(), "Asia/Seoul");
  dv1::GetOrganizationRequest get_org;
  get_org.set_name("organizations/uwed");
  dv1::Organization uwed;
  ASSERT_TRUE(stub_->GetOrganization(AuthContext(admin_).get(), get_org, &uwed).ok());
  EXPECT_EQ(uwed.display_name(), "University of World Economy and Diplomacy, Tashkent");
  EXPECT_EQ(EventCount("people/aziz"), 1);
  EXPECT_EQ(EventCount("organizations/uwed"), 1);

  // The same request again answers the same, creating nothing twice; a new
  // request with the same rows is refused (they exist).
  dv1::ImportDirectoryResponse again;
  ASSERT_TRUE(Import(admin_, kOrgs, kPeople, false, &again, "import-1").ok());
  EXPECT_TRUE(again.applied());
  EXPECT_EQ(EventCount("people/aziz"), 1);
  EXPECT_EQ(Import(admin_, kOrgs, kPeople, false, &again, "import-2").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DirectoryImportTest, OnlyAdminsImportAndMalformedFilesNameTheProblem) {
  dv1::ImportDirectoryResponse resp;
  for (const std::string& token : {coordinator_, expert_, observer_}) {
    EXPECT_EQ(Import(token, kOrgs, "", true, &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  const grpc::Status unknown =
      Import(admin_, "id,display_name,kind,country_code,colour\n", "", true, &resp);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(unknown.error_message().find("unknown column \"colour\""), std::string::npos);
  const grpc::Status missing = Import(admin_, "", "id,display_name\nx,X\n", true, &resp);
  EXPECT_NE(missing.error_message().find("the column \"email\" is missing"), std::string::npos)
      << missing.error_message();
  const grpc::Status quote = Import(
      admin_, "id,display_name,kind,country_code\n\"open,X,think_tank,KZ\n", "", true, &resp);
  EXPECT_EQ(quote.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(quote.error_message(), "organizations_csv: line 2: a quote never closed");
  EXPECT_EQ(Import(admin_, "", "", true, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace summit::testing
