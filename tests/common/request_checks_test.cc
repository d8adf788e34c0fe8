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

TEST(CheckFieldValues, NamesTheFieldAtAnyDepthAndIndex) {
  dv1::CreatePersonRequest req;
  req.mutable_person()->add_roles(dv1::ROLE_EXPERT);
  EXPECT_TRUE(CheckFieldValues(req).ok());
  req.mutable_person()->add_roles(static_cast<dv1::Role>(77));
  absl::Status s = CheckFieldValues(req);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "person.roles[1]: 77 is not a value of summit.directory.v1.Role");

  meetings::v1::SetAgendaRequest agenda;
  agenda.add_items()->set_title("Opening");
  EXPECT_TRUE(CheckFieldValues(agenda).ok());
}

TEST(CheckFieldValues, RefusesTimestampsAndNanosOutsideTheirRange) {
  meetings::v1::CreateMeetingRequest req;
  req.mutable_meeting()->mutable_start_time()->set_seconds(253402300799);  // 9999-12-31
  EXPECT_TRUE(CheckFieldValues(req).ok());
  req.mutable_meeting()->mutable_start_time()->set_seconds(253402300800);  // year 10000
  absl::Status s = CheckFieldValues(req);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "meeting.start_time: must be between years 1 and 9999");
  req.mutable_meeting()->mutable_start_time()->set_seconds(-62135596801);  // before year 1
  EXPECT_EQ(CheckFieldValues(req).message(),
            "meeting.start_time: must be between years 1 and 9999");
  req.mutable_meeting()->mutable_start_time()->set_seconds(0);
  req.mutable_meeting()->mutable_start_time()->set_nanos(1000000000);
  EXPECT_EQ(CheckFieldValues(req).message(),
            "meeting.start_time: nanos must be between 0 and 999999999");
  req.mutable_meeting()->mutable_start_time()->set_nanos(-1);
  EXPECT_FALSE(CheckFieldValues(req).ok());
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
