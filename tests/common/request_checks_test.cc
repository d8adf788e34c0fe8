// The generic request checks on messages built here (no server).
#include "services/common/request_checks.h"

#include <gtest/gtest.h>

#include "summit/directory/v1/directory_service.pb.h"
#include "summit/meetings/v1/meeting_service.pb.h"

namespace summit {
namespace {

namespace dv1 = directory::v1;

TEST(IsValidUtf8, AcceptsEveryScriptAndRefusesBrokenSequences) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Жасыл сутегі — 수소 협력, 🇰🇿"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("caf\xC3"));           // cut short
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(CheckEnumValues, NamesTheFieldAtAnyDepthAndIndex) {
  dv1::CreatePersonRequest req;
  req.mutable_person()->add_roles(dv1::ROLE_EXPERT);
  EXPECT_TRUE(CheckEnumValues(req).ok());
  req.mutable_person()->add_roles(static_cast<dv1::Role>(77));
  absl::Status s = CheckEnumValues(req);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "person.roles[1]: 77 is not a value of summit.directory.v1.Role");

  meetings::v1::SetAgendaRequest agenda;
  agenda.add_items()->set_title("Opening");
  EXPECT_TRUE(CheckEnumValues(agenda).ok());
}

TEST(ParseRequest, NamesTheStringFieldThatIsNotUtf8) {
  dv1::CreatePersonRequest req;
  req.set_person_id("aliya");
  req.mutable_person()->set_display_name("Әлия");
  std::string bytes = req.SerializeAsString();
  dv1::CreatePersonRequest parsed;
  ASSERT_TRUE(ParseRequest(bytes, &parsed).ok());
  EXPECT_EQ(parsed.person().display_name(), "Әлия");

  // Replace the display name's bytes by invalid UTF-8 of the same length.
  const size_t at = bytes.find("Әлия");
  bytes.replace(at, 2, "\xFF\xFE");
  absl::Status s = ParseRequest(bytes, &parsed);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "person.display_name: is not valid UTF-8");

  s = ParseRequest(std::string("\x0a\x7f", 2), &parsed);  // a length past the end
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "request: is not a well-formed summit.directory.v1.CreatePersonRequest message");
}

}  // namespace
}  // namespace summit
