// The recommendations use cases alone: a real database, but a fake directory
// (tests/support/fake_directory.h) instead of the directory service.
#include <gtest/gtest.h>

#include "services/common/clock.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/sql/queries.h"
#include "tests/support/fake_directory.h"
#include "tests/support/test_database.h"

namespace summit::testing {
namespace {

namespace dv1 = directory::v1;
namespace rv1 = recommendations::v1;

class RecommendationsUseCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    session_ = std::make_unique<DbSession>(db_->conninfo(), &recommendations::sql::Statements());
    dv1::Organization kisi;
    kisi.set_name("organizations/kisi");
    kisi.set_country_code("KZ");
    directory_.Add(kisi);
    dv1::Person aigerim;
    aigerim.set_name("people/aigerim");
    aigerim.set_organization("organizations/kisi");
    aigerim.add_roles(dv1::ROLE_EXPERT);
    directory_.Add(aigerim);
    dv1::Track green;
    green.set_name("summits/s/tracks/green");
    directory_.Add(green);
    call_.principal =
        Principal{.subject = "people/aigerim", .token_id = "t", .roles = {dv1::ROLE_EXPERT}};
    call_.deadline = absl::Now() + absl::Seconds(20);
    call_.request_id = "test";
  }

  rv1::CreateRecommendationRequest Draft(const std::string& track) const {
    rv1::CreateRecommendationRequest req;
    req.set_parent("summits/s");
    req.mutable_recommendation()->set_track(track);
    req.mutable_first_version()->set_title("Green hydrogen corridor");
    req.mutable_first_version()->set_summary("Joint pilots");
    req.mutable_first_version()->set_body("Body");
    req.mutable_first_version()->set_language("en");
    return req;
  }

  int Stored() {
    return std::stoi(db_->QueryValue("SELECT count(*) FROM recommendations.recommendations"));
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<DbSession> session_;
  FakeClock clock_{absl::Now()};
  FakeDirectory directory_;
  recommendations::Recommendations recs_{{.clock = &clock_, .directory = &directory_}};
  CallContext call_;
};

TEST_F(RecommendationsUseCaseTest, CreatesWithTheOwnerCountryTheDirectoryGives) {
  absl::StatusOr<rv1::Recommendation> created =
      recs_.CreateRecommendation(call_, *session_, Draft("summits/s/tracks/green"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->number(), "REC-1");
  EXPECT_EQ(created->owner_organization(), "organizations/kisi");
  EXPECT_EQ(created->owner_country(), "KZ");
  EXPECT_EQ(Stored(), 1);
}

TEST_F(RecommendationsUseCaseTest, AnUnknownTrackIsTheCallersInputToFix) {
  const absl::Status s =
      recs_.CreateRecommendation(call_, *session_, Draft("summits/s/tracks/nowhere")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("recommendation.track", 0), 0u) << s.message();
  EXPECT_EQ(Stored(), 0);
}

TEST_F(RecommendationsUseCaseTest, ADirectoryOutageIsUnavailableAndWritesNothing) {
  directory_.SetDown(absl::UnavailableError("the directory service is unavailable"));
  const absl::Status s =
      recs_.CreateRecommendation(call_, *session_, Draft("summits/s/tracks/green")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Stored(), 0);
}

}  // namespace
}  // namespace summit::testing
