#pragma once
// Fixture for feed tests: the reviews fixture (summit, tracks, authors,
// reviewers, coordinators) plus a feed stub and helpers to read it whole.

#include <thread>

#include "services/common/event_log.h"
#include "summit/feed/v1/feed_service.grpc.pb.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {

namespace fv1 = feed::v1;

class FeedTest : public ReviewsTest {
 protected:
  void SetUp() override {
    ReviewsTest::SetUp();
    feed_ = fv1::FeedService::NewStub(server_->Channel());
  }

  // Waits until every transaction that has committed so far can be served:
  // the feed only serves transactions older than every writer still running
  // in this database (the outbox deliverer and the notifier included).
  void Settle() {
    const std::string mark = server_->db().QueryValue("SELECT pg_current_xact_id()::text");
    const std::string passed =
        absl::StrCat("SELECT (", kFeedHorizonSql, ")::xid8 > '", mark, "'::xid8");
    for (int i = 0; i < 1000 && server_->db().QueryValue(passed) != "t"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  // Every event the caller may see, from the beginning, page by page.
  std::vector<fv1::Event> ListAll(const std::string& token, const fv1::EventFilter& filter = {},
                                  int page_size = 500) {
    Settle();
    std::vector<fv1::Event> all;
    fv1::ListEventsRequest req;
    *req.mutable_filter() = filter;
    req.set_page_size(page_size);
    for (int pages = 0; pages < 10000; ++pages) {
      fv1::ListEventsResponse resp;
      Check(feed_->ListEvents(AuthContext(token).get(), req, &resp));
      all.insert(all.end(), resp.events().begin(), resp.events().end());
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return all;
  }

  // Every event as text, for scans for what must not leak. The cursor is
  // left out: it is base64 of source names and positions only, and a short
  // secret such as "KZ" turns up in it by chance (one CI run did).
  static std::string Everything(const std::vector<fv1::Event>& events) {
    std::string all;
    for (fv1::Event e : events) {
      e.clear_cursor();
      all += e.DebugString();
    }
    return all;
  }

  static std::string Key(const fv1::Event& e) { return absl::StrCat(e.source(), "/", e.id()); }

  void CreateOrganization(const std::string& id) {
    dv1::CreateOrganizationRequest req;
    req.set_organization_id(id);
    req.mutable_organization()->set_display_name(absl::StrCat("Institute ", id));
    req.mutable_organization()->set_kind(dv1::Organization::KIND_THINK_TANK);
    req.mutable_organization()->set_country_code("UZ");
    dv1::Organization out;
    Check(dir_->CreateOrganization(AuthContext(server_->admin_token()).get(), req, &out));
  }

  void CreateMeeting(const std::string& id) {
    auto meetings = meetings::v1::MeetingService::NewStub(server_->Channel());
    meetings::v1::CreateMeetingRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.set_meeting_id(id);
    meetings::v1::Meeting* m = req.mutable_meeting();
    m->set_kind(meetings::v1::Meeting::KIND_SEMINAR);
    m->set_title(absl::StrCat("Seminar ", id));
    const absl::Time start = server_->clock().Now() + absl::Hours(48);
    *m->mutable_start_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(start));
    *m->mutable_end_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(start + absl::Hours(2)));
    m->set_time_zone("Asia/Almaty");
    m->set_place("Astana");
    meetings::v1::Meeting out;
    Check(meetings->CreateMeeting(AuthContext(coordinator_).get(), req, &out));
  }

  std::unique_ptr<fv1::FeedService::Stub> feed_;
};

}  // namespace summit::testing
