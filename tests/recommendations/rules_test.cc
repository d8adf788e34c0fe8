// Pure rules of the recommendations service: lifecycle, visibility, diffs.
#include <gtest/gtest.h>

#include "services/recommendations/file_types.h"
#include "services/recommendations/lifecycle.h"
#include "services/recommendations/text_diff.h"
#include "services/recommendations/visibility.h"

namespace summit::recommendations {
namespace {

using R = v1::Recommendation;
using directory::v1::ROLE_COORDINATOR;
using directory::v1::ROLE_EXPERT;
using directory::v1::ROLE_OBSERVER;

TEST(Lifecycle, EveryAllowedTransition) {
  const std::pair<State, State> allowed[] = {
      {R::STATE_DRAFT, R::STATE_SUBMITTED},
      {R::STATE_DRAFT, R::STATE_WITHDRAWN},
      {R::STATE_SUBMITTED, R::STATE_IN_REVIEW},
      {R::STATE_SUBMITTED, R::STATE_WITHDRAWN},
      {R::STATE_IN_REVIEW, R::STATE_CHANGES_REQUESTED},
      {R::STATE_IN_REVIEW, R::STATE_APPROVED},
      {R::STATE_IN_REVIEW, R::STATE_REJECTED},
      {R::STATE_IN_REVIEW, R::STATE_WITHDRAWN},
      {R::STATE_CHANGES_REQUESTED, R::STATE_SUBMITTED},
      {R::STATE_CHANGES_REQUESTED, R::STATE_WITHDRAWN},
      {R::STATE_APPROVED, R::STATE_ADOPTED},
      {R::STATE_APPROVED, R::STATE_WITHDRAWN},
  };
  int allowed_count = 0;
  for (int from = R::State_MIN; from <= R::State_MAX; ++from) {
    for (int to = R::State_MIN; to <= R::State_MAX; ++to) {
      const bool expected = std::find(std::begin(allowed), std::end(allowed),
                                      std::make_pair(State(from), State(to))) != std::end(allowed);
      const absl::Status s = CheckTransition(State(from), State(to));
      EXPECT_EQ(s.ok(), expected) << StateName(State(from)) << " -> " << StateName(State(to));
      if (!expected) {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
      }
      allowed_count += s.ok();
    }
  }
  EXPECT_EQ(allowed_count, 12);
}

TEST(Lifecycle, RefusalSaysWhatIsAllowed) {
  const absl::Status s = CheckTransition(R::STATE_DRAFT, R::STATE_APPROVED);
  EXPECT_EQ(s.message(),
            "cannot go from draft to approved; from draft it can go to: submitted, withdrawn");
  EXPECT_NE(CheckTransition(R::STATE_ADOPTED, R::STATE_WITHDRAWN).message().find("final state"),
            absl::string_view::npos);
}

TEST(Lifecycle, VersionsOnlyWhileAuthorsHoldThePen) {
  EXPECT_TRUE(AcceptsNewVersions(R::STATE_DRAFT));
  EXPECT_TRUE(AcceptsNewVersions(R::STATE_CHANGES_REQUESTED));
  for (State s : {R::STATE_SUBMITTED, R::STATE_IN_REVIEW, R::STATE_APPROVED, R::STATE_ADOPTED,
                  R::STATE_REJECTED, R::STATE_WITHDRAWN}) {
    EXPECT_FALSE(AcceptsNewVersions(s)) << StateName(s);
  }
}

Principal Person(const std::string& name, directory::v1::Role role) {
  return Principal{.subject = name, .token_id = "t", .roles = {role}};
}

TEST(Visibility, ForEachRole) {
  const std::vector<std::string> authors = {"people/aigerim", "people/kim"};
  const std::vector<std::string> reviewers = {"people/park"};
  const Principal author = Person("people/aigerim", ROLE_EXPERT);
  const Principal coauthor = Person("people/kim", ROLE_EXPERT);
  const Principal other_expert = Person("people/dilnoza", ROLE_EXPERT);
  const Principal same_org_expert = Person("people/yerlan", ROLE_EXPERT);  // org plays no part
  const Principal reviewer = Person("people/park", ROLE_EXPERT);
  const Principal coordinator = Person("people/dana", ROLE_COORDINATOR);
  const Principal observer = Person("people/minho", ROLE_OBSERVER);
  struct Row {
    State state;
    bool author, coauthor, other, same_org, reviewer, coordinator, observer;
  };
  const Row table[] = {
      {R::STATE_DRAFT, true, true, false, false, false, false, false},
      {R::STATE_SUBMITTED, true, true, false, false, true, true, false},
      {R::STATE_IN_REVIEW, true, true, false, false, true, true, false},
      {R::STATE_CHANGES_REQUESTED, true, true, false, false, true, true, false},
      {R::STATE_REJECTED, true, true, false, false, true, true, false},
      {R::STATE_WITHDRAWN, true, true, false, false, true, true, false},
      {R::STATE_APPROVED, true, true, true, true, true, true, true},
      {R::STATE_ADOPTED, true, true, true, true, true, true, true},
  };
  for (const Row& row : table) {
    const VisibilityFacts f{row.state, &authors, &reviewers};
    EXPECT_EQ(CanSee(author, f), row.author) << StateName(row.state);
    EXPECT_EQ(CanSee(coauthor, f), row.coauthor) << StateName(row.state);
    EXPECT_EQ(CanSee(other_expert, f), row.other) << StateName(row.state);
    EXPECT_EQ(CanSee(same_org_expert, f), row.same_org) << StateName(row.state);
    EXPECT_EQ(CanSee(reviewer, f), row.reviewer) << StateName(row.state);
    EXPECT_EQ(CanSee(coordinator, f), row.coordinator) << StateName(row.state);
    EXPECT_EQ(CanSee(observer, f), row.observer) << StateName(row.state);
  }
}

TEST(Visibility, ThroughMeetings) {
  const std::vector<std::string> authors = {"people/aigerim"};
  const std::vector<std::string> reviewers;
  // dilnoza takes part in a meeting with it on the agenda; lee in one it was
  // also shared for as a draft.
  const std::vector<std::string> meeting_readers = {"people/dilnoza", "people/lee"};
  const std::vector<std::string> draft_readers = {"people/lee"};
  const std::vector<std::string> shared = {"summits/s/meetings/m1"};
  const std::vector<std::string> none;
  const Principal dilnoza = Person("people/dilnoza", ROLE_EXPERT);
  const Principal lee = Person("people/lee", ROLE_EXPERT);
  const Principal yerlan = Person("people/yerlan", ROLE_EXPERT);
  const Principal server{.subject = "services/summitd", .token_id = "t"};
  for (const State state : {R::STATE_SUBMITTED, R::STATE_IN_REVIEW, R::STATE_REJECTED}) {
    const VisibilityFacts f{state,          &authors, &reviewers, false, &meeting_readers,
                            &draft_readers, &shared};
    EXPECT_TRUE(CanSee(dilnoza, f)) << StateName(state);
    EXPECT_TRUE(CanSee(lee, f)) << StateName(state);
    EXPECT_FALSE(CanSee(yerlan, f)) << StateName(state);
    EXPECT_FALSE(HidesAuthorsFrom(dilnoza, f)) << "meeting readers are not blind reviewers";
  }
  // A draft: only those of a meeting it was shared for.
  const VisibilityFacts draft{R::STATE_DRAFT,   &authors,       &reviewers, false,
                              &meeting_readers, &draft_readers, &shared};
  EXPECT_FALSE(CanSee(dilnoza, draft));
  EXPECT_TRUE(CanSee(lee, draft));
  // The meetings service may check a shared draft it is asked to put on an agenda; no other.
  EXPECT_TRUE(CanSee(server, draft));
  const VisibilityFacts unshared{R::STATE_DRAFT, &authors, &reviewers, false, &none, &none, &none};
  EXPECT_FALSE(CanSee(server, unshared));
  EXPECT_FALSE(CanSee(lee, unshared));
}

TEST(FileTypes, TheContentDecidesAndTheNameMustAgree) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 29);
  const absl::StatusOr<FileType> type = DetectFileType("upload", png);
  ASSERT_TRUE(type.ok()) << type.status();
  EXPECT_EQ(type->content_type, "image/png");
  EXPECT_FALSE(type->importable);
  EXPECT_TRUE(CheckExtensionMatches("filename", "chart.png", *type).ok());
  EXPECT_TRUE(CheckExtensionMatches("filename", "CHART.PNG", *type).ok());
  const absl::Status misnamed = CheckExtensionMatches("filename", "chart.pdf", *type);
  EXPECT_EQ(misnamed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(misnamed.message().find("filename"), std::string::npos) << misnamed;
  EXPECT_NE(misnamed.message().find("a PNG image"), std::string::npos) << misnamed;

  const absl::StatusOr<FileType> pdf = DetectFileType("upload", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->content_type, "application/pdf");
  const absl::StatusOr<FileType> text = DetectFileType("upload", "plain words\n");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(text.status().message().find("text/plain"), std::string::npos) << text.status();

  EXPECT_TRUE(CheckAcceptedExtension("filename", "photo.jpeg").ok());
  EXPECT_TRUE(CheckAcceptedExtension("filename", "photo.JPG").ok());
  EXPECT_EQ(CheckAcceptedExtension("filename", "run.exe").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckAcceptedExtension("filename", "no-extension").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(UnifiedDiff, EqualTextsHaveNoDiff) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", "v1", "v2"), "");
}

TEST(UnifiedDiff, CyrillicAndHangulLinesStayWhole) {
  const std::string v1 =
      "Развитие несырьевой экономики\n"
      "한국과 중앙아시아 협력\n"
      "Третья строка\n";
  const std::string v2 =
      "Развитие несырьевой экономики\n"
      "한국과 중앙아시아의 디지털 협력\n"
      "Третья строка\n"
      "Жаңа жол\n";
  EXPECT_EQ(UnifiedDiff(v1, v2, "body (version 1)", "body (version 2)"),
            "--- body (version 1)\n"
            "+++ body (version 2)\n"
            "@@ -1,3 +1,4 @@\n"
            " Развитие несырьевой экономики\n"
            "-한국과 중앙아시아 협력\n"
            "+한국과 중앙아시아의 디지털 협력\n"
            " Третья строка\n"
            "+Жаңа жол\n");
}

TEST(UnifiedDiff, SeparateHunksWithContext) {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += (i == 2 ? "changed 2" : i == 18 ? "changed 18" : "line " + std::to_string(i)) + "\n";
  }
  const std::string d = UnifiedDiff(a, b, "a", "b");
  EXPECT_NE(d.find("@@ -1,5 +1,5 @@\n line 1\n-line 2\n+changed 2\n"), std::string::npos) << d;
  EXPECT_NE(d.find("@@ -15,6 +15,6 @@\n line 15\n"), std::string::npos) << d;
}

TEST(UnifiedDiff, FromEmptyText) {
  EXPECT_EQ(UnifiedDiff("", "Жаңа\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1 @@\n+Жаңа\n");
}

}  // namespace
}  // namespace summit::recommendations
