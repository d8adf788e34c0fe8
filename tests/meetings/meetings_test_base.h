#pragma once
// Fixture for meetings tests: the recommendations fixture's server and people,
// a meeting stub, and helpers for a meeting's life.
#include <google/protobuf/util/time_util.h>

#include "absl/time/civil_time.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {

namespace mv1 = meetings::v1;
using google::protobuf::util::TimeUtil;
using Mtg = mv1::Meeting;

inline google::protobuf::Timestamp At(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}
inline absl::Time Utc(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone());
}

class MeetingsTest : public RecommendationsTest {
 protected:
  void SetUp() override {
    RecommendationsTest::SetUp();
    meetings_ = mv1::MeetingService::NewStub(server_->Channel());
    SetZone("people/aigerim", "Asia/Almaty");
    SetZone("people/kim", "Asia/Seoul");
    SetZone("people/dana", "Asia/Almaty");
  }

  void SetZone(const std::string& person, const std::string& zone) {
    dv1::UpdatePersonRequest up;
    up.mutable_person()->set_name(person);
    up.mutable_person()->set_time_zone(zone);
    dv1::Person p;
    Check(dir_->UpdatePerson(AuthContext(server_->admin_token()).get(), up, &p));
  }

  static Mtg Valid(absl::Time start, absl::Time end) {
    Mtg m;
    m.set_kind(Mtg::KIND_SEMINAR);
    m.set_title("KISI – IEPR seminar on AI cooperation");
    *m.mutable_start_time() = At(start);
    *m.mutable_end_time() = At(end);
    m.set_time_zone("Asia/Almaty");
    m.set_place("Astana, KISI");
    return m;
  }

  grpc::Status Create(const Mtg& m, Mtg* out, const std::string& id = "seminar") {
    mv1::CreateMeetingRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.set_meeting_id(id);
    *req.mutable_meeting() = m;
    return meetings_->CreateMeeting(AuthContext(coordinator_).get(), req, out);
  }

  grpc::Status Invite(const std::string& name, std::vector<std::string> people, Mtg* out,
                      std::vector<std::string> orgs = {}) {
    mv1::InviteParticipantsRequest inv;
    inv.set_name(name);
    for (const auto& p : people) inv.add_people(p);
    for (const auto& o : orgs) inv.add_organizations(o);
    return meetings_->InviteParticipants(AuthContext(coordinator_).get(), inv, out);
  }

  // A seminar on 11 November, 22:00–23:30 in Astana: 02:00–03:30 on the 12th in Seoul.
  Mtg Seminar() {
    Mtg m;
    Check(Create(Valid(Utc(2025, 11, 11, 17), Utc(2025, 11, 11, 18, 30)), &m));
    Check(Invite(m.name(), {"people/aigerim", "people/kim"}, &m));
    return m;
  }

  grpc::Status Get(const std::string& token, const std::string& name, Mtg* out) {
    mv1::GetMeetingRequest req;
    req.set_name(name);
    return meetings_->GetMeeting(AuthContext(token).get(), req, out);
  }

  grpc::Status Schedule(const std::string& name, Mtg* out) {
    mv1::ScheduleMeetingRequest req;
    req.set_name(name);
    return meetings_->ScheduleMeeting(AuthContext(coordinator_).get(), req, out);
  }
  grpc::Status Hold(const std::string& name, Mtg* out) {
    mv1::HoldMeetingRequest req;
    req.set_name(name);
    return meetings_->HoldMeeting(AuthContext(coordinator_).get(), req, out);
  }
  grpc::Status Cancel(const std::string& name, Mtg* out) {
    mv1::CancelMeetingRequest req;
    req.set_name(name);
    return meetings_->CancelMeeting(AuthContext(coordinator_).get(), req, out);
  }
  grpc::Status Approve(const std::string& name, Mtg* out) {
    mv1::ApproveMinutesRequest req;
    req.set_name(name);
    return meetings_->ApproveMinutes(AuthContext(coordinator_).get(), req, out);
  }
  grpc::Status Minutes(const std::string& token, const std::string& meeting,
                       const std::string& text, mv1::MinutesVersion* out) {
    mv1::CreateMinutesVersionRequest req;
    req.set_parent(meeting);
    req.mutable_minutes()->set_text(text);
    req.mutable_minutes()->add_decisions("Prepare a joint AI research centre proposal");
    return meetings_->CreateMinutesVersion(AuthContext(token).get(), req, out);
  }

  std::unique_ptr<mv1::MeetingService::Stub> meetings_;
};

}  // namespace summit::testing
