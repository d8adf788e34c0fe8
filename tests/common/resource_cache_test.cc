// ResourceCache's rule for the recommendations kept by reviews: an event
// about a resource drops it and every resource it is under (a new version
// changes its recommendation), never a sibling or what is under it.
#include "services/common/resource_cache.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/commit_signal.h"
#include "summit/recommendations/v1/recommendation_service.pb.h"

namespace summit {
namespace {

using Rec = recommendations::v1::Recommendation;

constexpr char kRec[] = "summits/s/recommendations/r1";
constexpr char kSibling[] = "summits/s/recommendations/r10";

// Answers every recommendation with `title`, counting the fetches.
struct Source {
  int fetches = 0;
  std::string title = "v1";
  absl::StatusOr<Rec> Fetch(const std::string& name) {
    ++fetches;
    Rec r;
    r.set_name(name);
    r.set_title(title);
    return r;
  }
};

void CommitEventAbout(const std::string& resource) {
  CommitSignal::TransactionStarted();
  CommitSignal::EventWritten(resource);
  CommitSignal::Process().TransactionCommitted();
}

std::string TitleOf(const ResourceCache& cache, Source& source, const std::string& name) {
  absl::StatusOr<Rec> r = cache.Lookup<Rec>(name, [&] { return source.Fetch(name); });
  return r.ok() ? r->title() : std::string(r.status().message());
}

TEST(ResourceCache, AnEventAboutAVersionDropsItsRecommendation) {
  Source source;
  ResourceCache cache(ResourceCache::Forgets::kTheResourceAndParents, {.max_age = absl::Hours(1)});
  ASSERT_EQ(TitleOf(cache, source, kRec), "v1");
  ASSERT_EQ(TitleOf(cache, source, kSibling), "v1");
  source.title = "v2";
  CommitEventAbout(absl::StrCat(kRec, "/versions/2"));
  EXPECT_EQ(TitleOf(cache, source, kRec), "v2");
  EXPECT_EQ(TitleOf(cache, source, kSibling), "v1");  // a name that only starts alike stays
  EXPECT_EQ(source.fetches, 3);
}

TEST(ResourceCache, AnEventAboutTheParentLeavesWhatIsUnderIt) {
  Source source;
  ResourceCache cache(ResourceCache::Forgets::kTheResourceAndParents, {.max_age = absl::Hours(1)});
  ASSERT_EQ(TitleOf(cache, source, kRec), "v1");
  source.title = "v2";
  CommitEventAbout("summits/s");
  CommitEventAbout("summits/s/recommendations/r2");
  EXPECT_EQ(TitleOf(cache, source, kRec), "v1");
  CommitEventAbout(kRec);
  EXPECT_EQ(TitleOf(cache, source, kRec), "v2");
  EXPECT_EQ(source.fetches, 2);
}

TEST(ResourceCache, TheExactRuleKeepsTheParent) {
  Source source;
  ResourceCache cache(ResourceCache::Forgets::kTheResource, {.max_age = absl::Hours(1)});
  ASSERT_EQ(TitleOf(cache, source, kRec), "v1");
  source.title = "v2";
  CommitEventAbout(absl::StrCat(kRec, "/versions/2"));
  EXPECT_EQ(TitleOf(cache, source, kRec), "v1");
  EXPECT_EQ(source.fetches, 1);
}

}  // namespace
}  // namespace summit
