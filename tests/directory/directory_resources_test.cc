// Happy paths, etags, idempotency, pagination and filters of the directory,
// through a real channel to a real server over PostgreSQL.
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/directory/directory_test_base.h"

namespace summit::testing {
namespace {

TEST_F(DirectoryTest, CoordinatorCreatesReadsAndUpdatesASummit) {
  dv1::Summit created;
  ASSERT_TRUE(CreateSummit(coordinator_, "ca-kr-2025", &created).ok());
  EXPECT_EQ(created.name(), "summits/ca-kr-2025");
  EXPECT_EQ(created.time_zone(), "Asia/Seoul");
  EXPECT_FALSE(created.etag().empty());

  dv1::GetSummitRequest get;
  get.set_name("summits/ca-kr-2025");
  dv1::Summit read;
  ASSERT_TRUE(stub_->GetSummit(AuthContext(expert_).get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), created.display_name());

  dv1::UpdateSummitRequest update;
  update.mutable_summit()->set_name(created.name());
  update.mutable_summit()->set_etag(created.etag());
  update.mutable_summit()->set_place("Seoul, COEX");
  update.mutable_update_mask()->add_paths("place");
  dv1::Summit updated;
  ASSERT_TRUE(stub_->UpdateSummit(AuthContext(coordinator_).get(), update, &updated).ok());
  EXPECT_EQ(updated.place(), "Seoul, COEX");
  EXPECT_EQ(updated.display_name(), created.display_name());  // untouched
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(EventCount("summits/ca-kr-2025"), 2);  // created, updated
}

TEST_F(DirectoryTest, StaleEtagIsRefusedAndNothingIsOverwritten) {
  dv1::Summit created;
  ASSERT_TRUE(CreateSummit(coordinator_, "s1", &created).ok());
  dv1::UpdateSummitRequest first;
  first.mutable_summit()->set_name(created.name());
  first.mutable_summit()->set_etag(created.etag());
  first.mutable_summit()->set_place("Astana");
  dv1::Summit after_first;
  ASSERT_TRUE(stub_->UpdateSummit(AuthContext(coordinator_).get(), first, &after_first).ok());

  dv1::UpdateSummitRequest stale = first;
  stale.mutable_summit()->set_place("Tashkent");
  dv1::Summit ignored;
  grpc::Status s = stub_->UpdateSummit(AuthContext(coordinator_).get(), stale, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_NE(s.error_message().find("changed since it was read"), std::string::npos);

  dv1::GetSummitRequest get;
  get.set_name(created.name());
  dv1::Summit now;
  ASSERT_TRUE(stub_->GetSummit(AuthContext(coordinator_).get(), get, &now).ok());
  EXPECT_EQ(now.place(), "Astana");
  EXPECT_EQ(now.etag(), after_first.etag());
}

TEST_F(DirectoryTest, RetryWithTheSameRequestIdReturnsTheFirstResult) {
  dv1::Summit first, second;
  ASSERT_TRUE(CreateSummit(coordinator_, "", &first, "9b2f-retry-1").ok());
  ASSERT_TRUE(CreateSummit(coordinator_, "", &second, "9b2f-retry-1").ok());
  EXPECT_EQ(first.name(), second.name());  // the generated id was not generated twice
  EXPECT_EQ(first.create_time().seconds(), second.create_time().seconds());
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM directory.summits"), "1");
  EXPECT_EQ(EventCount(first.name()), 1);

  // The same key for a different request is a client bug, said plainly.
  dv1::CreateSummitRequest other;
  *other.mutable_summit() = ValidSummit();
  other.mutable_summit()->set_place("Almaty");
  other.set_request_id("9b2f-retry-1");
  dv1::Summit out;
  grpc::Status s = stub_->CreateSummit(AuthContext(coordinator_).get(), other, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("request_id"), std::string::npos);
}

TEST_F(DirectoryTest, ConcurrentRetriesCreateOnce) {
  std::vector<std::thread> threads;
  std::vector<dv1::Summit> results(6);
  std::vector<grpc::Status> statuses(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = CreateSummit(coordinator_, "", &results[i], "same-key"); });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(results[i].name(), results[0].name());
  }
  EXPECT_EQ(server_->db().QueryValue("SELECT count(*) FROM directory.summits"), "1");
}

TEST_F(DirectoryTest, TracksBelongToASummitAndNameACoordinatorLead) {
  dv1::Summit summit;
  ASSERT_TRUE(CreateSummit(coordinator_, "ca-kr-2025", &summit).ok());
  dv1::CreateTrackRequest req;
  req.set_parent(summit.name());
  req.set_track_id("ai");
  req.mutable_track()->set_display_name("Artificial intelligence");
  auto* kk = req.mutable_track()->add_titles();
  kk->set_language("kk");
  kk->set_text("Жасанды интеллект");
  auto* ko = req.mutable_track()->add_titles();
  ko->set_language("ko");
  ko->set_text("인공지능");
  req.mutable_track()->set_lead_coordinator("people/dana");
  dv1::Track track;
  ASSERT_TRUE(stub_->CreateTrack(AuthContext(coordinator_).get(), req, &track).ok());
  EXPECT_EQ(track.name(), "summits/ca-kr-2025/tracks/ai");
  EXPECT_EQ(track.titles(1).text(), "인공지능");

  req.set_track_id("robotics");
  req.mutable_track()->set_lead_coordinator("people/aigerim");  // an expert, not a coordinator
  grpc::Status s = stub_->CreateTrack(AuthContext(coordinator_).get(), req, &track);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("track.lead_coordinator"), std::string::npos);

  req.set_parent("summits/nowhere");
  req.mutable_track()->clear_lead_coordinator();
  EXPECT_EQ(stub_->CreateTrack(AuthContext(coordinator_).get(), req, &track).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Tracks list in the summit's order (as in the briefing package), not by id,
// and page through in that order.
TEST_F(DirectoryTest, TracksListInTheirOrderAcrossPages) {
  dv1::Summit summit;
  ASSERT_TRUE(CreateSummit(coordinator_, "ca-kr-2025", &summit).ok());
  const std::vector<std::pair<std::string, int>> tracks = {
      {"a-energy", 3}, {"b-trade", 1}, {"c-culture", 2}, {"d-water", 1}, {"e-digital", 0}};
  for (const auto& [id, order] : tracks) {
    dv1::CreateTrackRequest req;
    req.set_parent(summit.name());
    req.set_track_id(id);
    req.mutable_track()->set_display_name(id);
    req.mutable_track()->set_order(order);
    dv1::Track track;
    ASSERT_TRUE(stub_->CreateTrack(AuthContext(coordinator_).get(), req, &track).ok()) << id;
  }
  std::vector<std::string> listed;
  dv1::ListTracksRequest list;
  list.set_parent(summit.name());
  list.set_page_size(2);
  for (int pages = 1;; ++pages) {
    dv1::ListTracksResponse page;
    ASSERT_TRUE(stub_->ListTracks(AuthContext(coordinator_).get(), list, &page).ok());
    for (const dv1::Track& t : page.tracks()) listed.push_back(t.display_name());
    if (page.next_page_token().empty()) break;
    ASSERT_LT(pages, 5) << "the pages do not end";
    list.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(listed,
            (std::vector<std::string>{"e-digital", "b-trade", "d-water", "c-culture", "a-energy"}));
}

TEST_F(DirectoryTest, PeopleKeepNamesInEveryScriptAndUniqueEmails) {
  dv1::CreatePersonRequest req;
  req.set_person_id("kim-jisoo");
  dv1::Person* p = req.mutable_person();
  p->set_display_name("김지수");
  auto* latin = p->add_alternate_names();
  latin->set_language("en");
  latin->set_text("Kim Jisoo");
  auto* cyr = p->add_alternate_names();
  cyr->set_language("ru");
  cyr->set_text("Ким Джису");
  p->set_email("Jisoo.Kim@IEPR.example");
  p->set_organization("organizations/iepr");
  p->add_roles(dv1::ROLE_EXPERT);
  p->add_languages("ko");
  p->set_time_zone("Asia/Seoul");
  dv1::Person created;
  ASSERT_TRUE(stub_->CreatePerson(AuthContext(admin_).get(), req, &created).ok());
  dv1::GetPersonRequest get;
  get.set_name("people/kim-jisoo");
  dv1::Person read;
  ASSERT_TRUE(stub_->GetPerson(AuthContext(observer_).get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "김지수");
  EXPECT_EQ(read.alternate_names(1).text(), "Ким Джису");

  req.set_person_id("kim-other");
  p->set_email("jisoo.kim@iepr.example");  // same address, other case
  grpc::Status s = stub_->CreatePerson(AuthContext(admin_).get(), req, &created);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(s.error_message().find("person.email"), std::string::npos);
}

TEST_F(DirectoryTest, PaginationWalksEveryRowOnceToTheEnd) {
  for (int i = 0; i < 7; ++i) server_->MakeOrganization(absl::StrCat("uz-org-", i), "UZ");
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    dv1::ListOrganizationsRequest req;
    req.set_country_code("UZ");
    req.set_page_size(3);
    req.set_page_token(token);
    dv1::ListOrganizationsResponse resp;
    ASSERT_TRUE(stub_->ListOrganizations(AuthContext(expert_).get(), req, &resp).ok());
    for (const auto& o : resp.organizations()) {
      EXPECT_EQ(o.country_code(), "UZ");
      EXPECT_TRUE(seen.insert(o.name()).second) << "seen twice: " << o.name();
    }
    EXPECT_LE(resp.organizations_size(), 3);
    token = resp.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
}

TEST_F(DirectoryTest, PageTokenCannotBeReusedWithOtherFilters) {
  for (int i = 0; i < 3; ++i) server_->MakeOrganization(absl::StrCat("uz-org-", i), "UZ");
  dv1::ListOrganizationsRequest req;
  req.set_country_code("UZ");
  req.set_page_size(1);
  dv1::ListOrganizationsResponse resp;
  ASSERT_TRUE(stub_->ListOrganizations(AuthContext(expert_).get(), req, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  req.set_country_code("KZ");
  req.set_page_token(resp.next_page_token());
  grpc::Status s = stub_->ListOrganizations(AuthContext(expert_).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("page_token"), std::string::npos);
}

// Every variation of a real token is refused: one character changed
// anywhere, the tail cut at any length, or one made up from its parts.
TEST_F(DirectoryTest, TamperedTruncatedAndForgedPageTokensAreRefused) {
  for (int i = 0; i < 4; ++i)
    server_->MakePerson(absl::StrCat("zz-expert-", i), {dv1::ROLE_EXPERT}, "organizations/kisi");
  dv1::ListPeopleRequest req;
  req.set_page_size(2);
  dv1::ListPeopleResponse resp;
  ASSERT_TRUE(stub_->ListPeople(AuthContext(admin_).get(), req, &resp).ok());
  const std::string token = resp.next_page_token();
  ASSERT_FALSE(token.empty());
  auto refused = [&](const std::string& bad) {
    dv1::ListPeopleRequest again = req;
    again.set_page_token(bad);
    dv1::ListPeopleResponse out;
    const grpc::Status s = stub_->ListPeople(AuthContext(admin_).get(), again, &out);
    return s.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
           s.error_message() == "page_token: is not a token this server issued";
  };
  int variations = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_TRUE(refused(changed)) << "changed at " << i;
    variations += 1;
    if (i == 0) continue;  // an empty token starts over, as it should
    EXPECT_TRUE(refused(token.substr(0, i))) << "cut to " << i;
    variations += 1;
  }
  EXPECT_GT(variations, 40);
  // The untouched token still continues where the first page ended.
  req.set_page_token(token);
  ASSERT_TRUE(stub_->ListPeople(AuthContext(admin_).get(), req, &resp).ok());
  EXPECT_EQ(resp.people_size(), 2);
}

TEST_F(DirectoryTest, PeopleFilterByOrganizationRoleTrackAndCountry) {
  dv1::Summit summit;
  ASSERT_TRUE(CreateSummit(coordinator_, "ca-kr-2025", &summit).ok());
  dv1::CreateTrackRequest track_req;
  track_req.set_parent(summit.name());
  track_req.set_track_id("green");
  track_req.mutable_track()->set_display_name("Green solutions");
  dv1::Track track;
  ASSERT_TRUE(stub_->CreateTrack(AuthContext(coordinator_).get(), track_req, &track).ok());
  server_->MakePerson("park", {dv1::ROLE_EXPERT}, "organizations/iepr");
  dv1::UpdatePersonRequest upd;
  upd.mutable_person()->set_name("people/park");
  upd.mutable_person()->add_expertise_tracks(track.name());
  dv1::Person park;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(admin_).get(), upd, &park).ok());

  auto names = [&](dv1::ListPeopleRequest req) {
    dv1::ListPeopleResponse resp;
    grpc::Status s = stub_->ListPeople(AuthContext(expert_).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> out;
    for (const auto& p : resp.people()) out.push_back(p.name());
    return out;
  };
  dv1::ListPeopleRequest by_role;
  by_role.set_role(dv1::ROLE_EXPERT);
  EXPECT_EQ(names(by_role), (std::vector<std::string>{"people/aigerim", "people/park"}));
  dv1::ListPeopleRequest by_org;
  by_org.set_organization("organizations/iepr");
  EXPECT_EQ(names(by_org), (std::vector<std::string>{"people/minho", "people/park"}));
  dv1::ListPeopleRequest by_track;
  by_track.set_expertise_track(track.name());
  EXPECT_EQ(names(by_track), std::vector<std::string>{"people/park"});
  dv1::ListPeopleRequest by_country;
  by_country.set_country_code("KZ");
  EXPECT_EQ(names(by_country), (std::vector<std::string>{"people/aigerim", "people/dana"}));
  dv1::ListPeopleRequest combined;
  combined.set_country_code("KR");
  combined.set_role(dv1::ROLE_EXPERT);
  EXPECT_EQ(names(combined), std::vector<std::string>{"people/park"});
}

TEST_F(DirectoryTest, EveryChangeLeavesAnAuditEventWithActorAndStates) {
  dv1::UpdateOrganizationRequest req;
  req.mutable_organization()->set_name("organizations/kisi");
  req.mutable_organization()->set_website("https://kisi.kz");
  dv1::Organization out;
  ASSERT_TRUE(stub_->UpdateOrganization(AuthContext(admin_).get(), req, &out).ok());
  EXPECT_EQ(
      server_->db().QueryValue(
          "SELECT actor || ' ' || type || ' ' || (before->>'website' IS NULL)::text || ' ' || "
          "(after->>'website') FROM directory.events WHERE resource = 'organizations/kisi' "
          "ORDER BY id DESC LIMIT 1"),
      "people/admin directory.organization.updated true https://kisi.kz");
}

TEST_F(DirectoryTest, RowsCannotBeDeletedEvenBySql) {
  EXPECT_THROW(server_->db().QueryValue("DELETE FROM directory.people WHERE name = 'people/minho'"),
               std::exception);
  EXPECT_THROW(server_->db().QueryValue("UPDATE directory.events SET actor = 'x'"), std::exception);
}

}  // namespace
}  // namespace summit::testing
