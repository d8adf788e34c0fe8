// The directory cache: answers are kept for at most max_age, a committed
// directory change in this process drops its entry at once (also when it
// races a lookup), refusals are never kept, and the size stays bounded.
#include "services/common/directory_cache.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/commit_signal.h"

namespace summit {
namespace {

namespace dv1 = directory::v1;

// Answers every person as "<name> v<version>", counting the calls.
class CountingDirectory final : public DirectoryClient {
 public:
  mutable int calls = 0;
  int version = 1;
  std::function<void()> during_lookup;

  absl::StatusOr<dv1::Person> Person(const std::string& name, absl::Time) const override {
    ++calls;
    if (during_lookup) during_lookup();
    if (name == "people/nobody") return absl::NotFoundError(name);
    dv1::Person p;
    p.set_name(name);
    p.set_display_name(absl::StrCat(name, " v", version));
    return p;
  }
  absl::StatusOr<dv1::Summit> Summit(const std::string&, absl::Time) const override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<dv1::Track> Track(const std::string&, absl::Time) const override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<dv1::Organization> Organization(const std::string&, absl::Time) const override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<std::vector<dv1::Person>> People(dv1::ListPeopleRequest,
                                                  absl::Time) const override {
    ++calls;
    return std::vector<dv1::Person>{};
  }
  absl::StatusOr<std::vector<dv1::Person>> PeopleWithRole(dv1::Role, absl::Time) const override {
    ++calls;
    return std::vector<dv1::Person>{};
  }
};

// What a directory transaction that changed `resource` does on commit.
void CommitChangeOf(const std::string& resource) {
  CommitSignal::TransactionStarted();
  CommitSignal::EventWritten(resource);
  CommitSignal::Process().TransactionCommitted();
}

const absl::Time kDeadline = absl::InfiniteFuture();

TEST(CachedDirectory, KeepsAnswersUntilTheirAge) {
  CountingDirectory directory;
  absl::Time now = absl::FromUnixSeconds(1000000);
  CachedDirectory cache(&directory, {.max_age = absl::Seconds(2), .now = [&] { return now; }});
  EXPECT_EQ(cache.Person("people/a", kDeadline)->display_name(), "people/a v1");
  directory.version = 2;
  now += absl::Seconds(2);
  EXPECT_EQ(cache.Person("people/a", kDeadline)->display_name(), "people/a v1");
  EXPECT_EQ(directory.calls, 1);
  now += absl::Milliseconds(1);  // past max_age it asks again
  EXPECT_EQ(cache.Person("people/a", kDeadline)->display_name(), "people/a v2");
  EXPECT_EQ(directory.calls, 2);
}

TEST(CachedDirectory, ACommittedChangeDropsItsEntryAtOnce) {
  CountingDirectory directory;
  CachedDirectory cache(&directory, {.max_age = absl::Hours(1)});
  ASSERT_TRUE(cache.Person("people/a", kDeadline).ok());
  ASSERT_TRUE(cache.Person("people/b", kDeadline).ok());
  directory.version = 2;
  CommitChangeOf("people/a");
  EXPECT_EQ(cache.Person("people/a", kDeadline)->display_name(), "people/a v2");
  EXPECT_EQ(cache.Person("people/b", kDeadline)->display_name(), "people/b v1");
  EXPECT_EQ(directory.calls, 3);
}

TEST(CachedDirectory, ALookupThatRacedAChangeIsNotKept) {
  CountingDirectory directory;
  CachedDirectory cache(&directory, {.max_age = absl::Hours(1)});
  // The change commits while the lookup is out: its (old) answer is used
  // once but not kept.
  directory.during_lookup = [&] { CommitChangeOf("people/a"); };
  ASSERT_TRUE(cache.Person("people/a", kDeadline).ok());
  directory.during_lookup = nullptr;
  directory.version = 2;
  EXPECT_EQ(cache.Person("people/a", kDeadline)->display_name(), "people/a v2");
}

TEST(CachedDirectory, RefusalsAndListsAreNeverKept) {
  CountingDirectory directory;
  CachedDirectory cache(&directory);
  EXPECT_EQ(cache.Person("people/nobody", kDeadline).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(cache.Person("people/nobody", kDeadline).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(cache.PeopleWithRole(dv1::ROLE_COORDINATOR, kDeadline).ok());
  ASSERT_TRUE(cache.PeopleWithRole(dv1::ROLE_COORDINATOR, kDeadline).ok());
  EXPECT_EQ(directory.calls, 4);
}

TEST(CachedDirectory, StaysWithinItsSize) {
  CountingDirectory directory;
  CachedDirectory cache(&directory, {.max_age = absl::Hours(1), .max_entries = 10});
  for (int i = 0; i < 25; ++i)
    ASSERT_TRUE(cache.Person(absl::StrCat("people/p", i), kDeadline).ok());
  const int before = directory.calls;
  // The last ones are kept; the first were dropped on the way.
  ASSERT_TRUE(cache.Person("people/p24", kDeadline).ok());
  EXPECT_EQ(directory.calls, before);
  ASSERT_TRUE(cache.Person("people/p0", kDeadline).ok());
  EXPECT_EQ(directory.calls, before + 1);
}

}  // namespace
}  // namespace summit
