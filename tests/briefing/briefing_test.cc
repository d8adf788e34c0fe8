// The briefing package over real servers and PostgreSQL: exactly the approved
// recommendations in track order, one document per language, HTML and PDF
// through pandoc, and finalising that adopts each recommendation once.
#include "services/briefing/briefing.h"

#include "absl/strings/match.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "tests/reviews/reviews_test_base.h"

namespace summit::testing {
namespace {

namespace bv1 = briefing::v1;

class BriefingTest : public ReviewsTest {
 protected:
  void SetUp() override {
    ReviewsTest::SetUp();
    briefing_ = bv1::BriefingService::NewStub(server_->Channel());
    // "green" comes first in the package, although "ai" sorts first by name.
    SetTrackOrder("summits/ca-kr-2025/tracks/green", 1);
    SetTrackOrder("summits/ca-kr-2025/tracks/ai", 2);

    // Approved through a full review cycle.
    ai_ = Submitted("Joint AI research centre").name();
    const std::string cycle = OpenCycle(ai_).name();
    Deliver();
    Reviewed(cycle, "people/serik", serik_, wv1::Review::VERDICT_APPROVE);
    Reviewed(cycle, "people/lee", lee_, wv1::Review::VERDICT_APPROVE);
    Deliver();
    wv1::ReviewCycle decided;
    Check(Decide(coordinator_, cycle, wv1::Decision::OUTCOME_APPROVE, &decided));
    Deliver();
    Translate(ai_, "ko", "공동 인공지능 연구센터");

    // Approved directly by a coordinator, in Kazakh, in the green track.
    green_ = Approve(InTrack("Жасыл сутек дәлізі", "kk", "summits/ca-kr-2025/tracks/green"));
    // Not approved: submitted only, and a draft.
    submitted_ = Submitted("Still under review").name();
    draft_ = Draft("Only a draft").name();
  }

  void SetTrackOrder(const std::string& track, int order) {
    dv1::UpdateTrackRequest req;
    req.mutable_track()->set_name(track);
    req.mutable_track()->set_order(order);
    req.mutable_update_mask()->add_paths("order");
    dv1::Track out;
    Check(dir_->UpdateTrack(AuthContext(coordinator_).get(), req, &out));
  }

  std::string InTrack(const std::string& title, const std::string& language,
                      const std::string& track) {
    Rec rec;
    Check(Create(author_, Text(title, "Қысқаша мазмұны.", "# Ұсыныс\nМәтін.\n", language), &rec,
                 track));
    Check(Submit(author_, rec.name(), &rec));
    return rec.name();
  }

  std::string Approve(const std::string& rec) {
    Rec out;
    Check(RecommendationsTest::Review(review_service_, rec, Rec::STATE_IN_REVIEW,
                                      "in-review-" + std::to_string(++events_), &out));
    Check(RecommendationsTest::Review(review_service_, rec, Rec::STATE_APPROVED,
                                      "approved-" + std::to_string(++events_), &out));
    return rec;
  }

  void Translate(const std::string& rec, const std::string& language, const std::string& title) {
    rv1::SetTranslationRequest req;
    req.set_parent(rec);
    req.mutable_translation()->set_language(language);
    req.mutable_translation()->set_title(title);
    req.mutable_translation()->set_summary("요약.");
    req.mutable_translation()->set_body("본문.");
    req.mutable_translation()->set_kind(rv1::Translation::KIND_HUMAN_CHECKED);
    rv1::Translation out;
    Check(recs_->SetTranslation(AuthContext(author_).get(), req, &out));
  }

  grpc::Status Compile(const std::string& token, bv1::BriefingPackage* out,
                       const std::string& request_id = "") {
    bv1::CompileBriefingPackageRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.set_request_id(request_id);
    return briefing_->CompileBriefingPackage(AuthContext(token).get(), req, out);
  }

  grpc::Status Finalize(const std::string& name, bv1::BriefingPackage* out) {
    bv1::FinalizeBriefingPackageRequest req;
    req.set_name(name);
    return briefing_->FinalizeBriefingPackage(AuthContext(coordinator_).get(), req, out);
  }

  bv1::BriefingDocument Export(const std::string& name, const std::string& language,
                               bv1::DocumentFormat format) {
    bv1::ExportBriefingPackageRequest req;
    req.set_name(name);
    req.set_language(language);
    req.set_format(format);
    bv1::BriefingDocument doc;
    auto ctx = AuthContext(other_expert_);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    Check(briefing_->ExportBriefingPackage(ctx.get(), req, &doc));
    return doc;
  }

  int Adoptions(const std::string& rec) {
    return Count("SELECT count(*) FROM recommendations.events WHERE resource = '" + rec +
                 "' AND after->>'state' = 'STATE_ADOPTED' AND (before->>'state') IS DISTINCT FROM "
                 "'STATE_ADOPTED'");
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::unique_ptr<bv1::BriefingService::Stub> briefing_;
  int events_ = 0;
  std::string ai_, green_, submitted_, draft_;
};

TEST_F(BriefingTest, HoldsExactlyTheApprovedRecommendationsInTrackOrder) {
  bv1::BriefingPackage p;
  Check(Compile(coordinator_, &p));
  EXPECT_EQ(p.name(), "summits/ca-kr-2025/briefingPackages/v1");
  EXPECT_EQ(p.state(), bv1::BriefingPackage::STATE_COMPILED);
  ASSERT_EQ(p.entries_size(), 2);
  EXPECT_EQ(p.entries(0).recommendation(), green_);
  EXPECT_EQ(p.entries(1).recommendation(), ai_);
  const bv1::PackageEntry& ai = p.entries(1);
  EXPECT_EQ(ai.version(), 1);
  ASSERT_EQ(ai.review_rounds_size(), 1);
  EXPECT_EQ(ai.review_rounds(0).outcome(), "approve");
  ASSERT_EQ(ai.authors_size(), 2);
  EXPECT_EQ(ai.authors(0).country(), "KZ");
  EXPECT_EQ(ai.authors(1).country(), "KR");
  EXPECT_EQ(p.figures().recommendations(), 2);
  ASSERT_EQ(p.figures().by_track_size(), 2);
  EXPECT_EQ(p.figures().by_track(0).key(), "summits/ca-kr-2025/tracks/green");
  EXPECT_EQ(p.figures().by_track(0).count(), 1);
  // The summit's language, the Kazakh original and the Korean translation.
  EXPECT_EQ(std::vector<std::string>(p.languages().begin(), p.languages().end()),
            (std::vector<std::string>{"en", "kk", "ko"}));

  const std::string en = Export(p.name(), "en", bv1::DOCUMENT_FORMAT_MARKDOWN).content();
  const size_t green_at = en.find("Жасыл сутек дәлізі");
  const size_t ai_at = en.find("Joint AI research centre");
  ASSERT_NE(green_at, std::string::npos);
  ASSERT_NE(ai_at, std::string::npos);
  EXPECT_LT(en.find("# green {#track-0}"), en.find("# ai {#track-1}"));
  EXPECT_LT(en.find("{#" + Lower(p.entries(0).number()) + "}"),
            en.find("{#" + Lower(p.entries(1).number()) + "}"));
  EXPECT_EQ(en.find("Still under review"), std::string::npos);
  EXPECT_EQ(en.find("Only a draft"), std::string::npos);
  EXPECT_NE(en.find("(Organisation kisi, KZ)"), std::string::npos) << en;
  EXPECT_NE(en.find("# Contents"), std::string::npos);
  EXPECT_NE(en.find("| KZ | 2 |"), std::string::npos) << en;
  const std::string ko = Export(p.name(), "ko", bv1::DOCUMENT_FORMAT_MARKDOWN).content();
  EXPECT_NE(ko.find("공동 인공지능 연구센터"), std::string::npos);
  EXPECT_NE(ko.find("# 목차"), std::string::npos);
}

TEST_F(BriefingTest, ListsEachRecommendationsAnnexes) {
  // A draft with a PDF annex, then submitted and approved.
  Rec rec;
  Check(Create(author_, Text("Customs data exchange", "Одно окно.", "Текст.", "ru"), &rec));
  const rv1::Attachment attachment = AttachSmallPdf(author_, rec.name(), "Tariffs_*2026*.pdf");
  Check(Submit(author_, rec.name(), &rec));
  Approve(rec.name());

  bv1::BriefingPackage p;
  Check(Compile(coordinator_, &p));
  const bv1::PackageEntry* entry = nullptr;
  for (const bv1::PackageEntry& e : p.entries()) {
    if (e.recommendation() == rec.name()) entry = &e;
    if (e.recommendation() == ai_) EXPECT_EQ(e.annexes_size(), 0);
  }
  ASSERT_NE(entry, nullptr);
  ASSERT_EQ(entry->annexes_size(), 1);
  EXPECT_EQ(entry->annexes(0).attachment(), attachment.name());
  EXPECT_EQ(entry->annexes(0).filename(), "Tariffs_*2026*.pdf");
  EXPECT_EQ(entry->annexes(0).content_type(), "application/pdf");
  EXPECT_EQ(entry->annexes(0).sha256(), attachment.sha256());
  const std::string ru = Export(p.name(), "ru", bv1::DOCUMENT_FORMAT_MARKDOWN).content();
  // Listed under its recommendation, the name shown as itself (not emphasis).
  const size_t annexes = ru.find("**Приложения:**");
  ASSERT_NE(annexes, std::string::npos) << ru;
  EXPECT_GT(annexes, ru.find("Customs data exchange"));
  EXPECT_NE(ru.find("- Tariffs\\_\\*2026\\*.pdf (", annexes), std::string::npos) << ru;
  EXPECT_NE(ru.find(attachment.sha256().substr(0, 16), annexes), std::string::npos) << ru;
}

TEST_F(BriefingTest, TraceFollowsARecommendationFromMeetingToBriefing) {
  namespace mv1 = meetings::v1;
  auto meetings = mv1::MeetingService::NewStub(server_->Channel());
  // A seminar discussed the AI centre and decided about it.
  mv1::CreateMeetingRequest create;
  create.set_parent("summits/ca-kr-2025");
  create.set_meeting_id("ai-seminar");
  mv1::Meeting* m = create.mutable_meeting();
  m->set_kind(mv1::Meeting::KIND_SEMINAR);
  m->set_title("AI cooperation seminar");
  *m->mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(server_->clock().Now() - absl::Hours(2)));
  *m->mutable_end_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(server_->clock().Now() - absl::Hours(1)));
  m->set_time_zone("Asia/Almaty");
  m->set_place("Astana");
  mv1::Meeting meeting;
  Check(meetings->CreateMeeting(AuthContext(coordinator_).get(), create, &meeting));
  mv1::SetAgendaRequest agenda;
  agenda.set_name(meeting.name());
  agenda.add_items()->set_title("The AI centre");
  agenda.mutable_items(0)->set_duration_minutes(30);
  agenda.mutable_items(0)->add_recommendations(ai_);
  Check(meetings->SetAgenda(AuthContext(coordinator_).get(), agenda, &meeting));
  mv1::ScheduleMeetingRequest schedule;
  schedule.set_name(meeting.name());
  Check(meetings->ScheduleMeeting(AuthContext(coordinator_).get(), schedule, &meeting));
  mv1::HoldMeetingRequest hold;
  hold.set_name(meeting.name());
  Check(meetings->HoldMeeting(AuthContext(coordinator_).get(), hold, &meeting));
  mv1::CreateMinutesVersionRequest minutes;
  minutes.set_parent(meeting.name());
  minutes.mutable_minutes()->set_text("Agreed.");
  mv1::Decision* d = minutes.mutable_minutes()->add_linked_decisions();
  d->set_text("Put the AI centre in the briefing");
  d->add_recommendations(ai_);
  mv1::MinutesVersion v;
  Check(meetings->CreateMinutesVersion(AuthContext(coordinator_).get(), minutes, &v));
  bv1::BriefingPackage p;
  Check(Compile(coordinator_, &p));

  rv1::TraceRecommendationRequest req;
  req.set_name(ai_);
  rv1::RecommendationTrace trace;
  Check(recs_->TraceRecommendation(AuthContext(coordinator_).get(), req, &trace));
  EXPECT_EQ(trace.recommendation().name(), ai_);
  std::map<rv1::TraceStep::Kind, std::vector<std::string>> by_kind;
  for (int i = 0; i < trace.steps_size(); ++i) {
    by_kind[trace.steps(i).kind()].push_back(trace.steps(i).summary());
    if (i > 0) {
      EXPECT_LE(
          google::protobuf::util::TimeUtil::TimestampToMicroseconds(trace.steps(i - 1).time()),
          google::protobuf::util::TimeUtil::TimestampToMicroseconds(trace.steps(i).time()))
          << "steps are oldest first";
    }
  }
  using K = rv1::TraceStep;
  EXPECT_EQ(by_kind[K::KIND_VERSION], std::vector<std::string>{"Version 1"});
  EXPECT_EQ(by_kind[K::KIND_SUBMITTED].size(), 1u);
  EXPECT_EQ(by_kind[K::KIND_MEETING], std::vector<std::string>{"AI cooperation seminar (held)"});
  EXPECT_EQ(by_kind[K::KIND_MEETING_DECISION],
            std::vector<std::string>{"Put the AI centre in the briefing"});
  EXPECT_EQ(by_kind[K::KIND_REVIEW_ROUND].size(), 1u);
  EXPECT_EQ(by_kind[K::KIND_REVIEW_DECISION], std::vector<std::string>{"Round 1: approve"});
  EXPECT_EQ(by_kind[K::KIND_BRIEFING_PACKAGE],
            std::vector<std::string>{"Briefing package version 1 (compiled)"});
  // Reviewers are never named.
  const std::string bytes = trace.SerializeAsString();
  EXPECT_EQ(bytes.find("serik"), std::string::npos);
  EXPECT_EQ(bytes.find("people/lee"), std::string::npos);

  // Coordinators only.
  EXPECT_EQ(recs_->TraceRecommendation(AuthContext(author_).get(), req, &trace).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(recs_->TraceRecommendation(AuthContext(serik_).get(), req, &trace).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.set_name(draft_);
  EXPECT_EQ(recs_->TraceRecommendation(AuthContext(coordinator_).get(), req, &trace).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BriefingTest, RendersToHtmlAndPdf) {
  bv1::BriefingPackage p;
  Check(Compile(coordinator_, &p));
  const bv1::BriefingDocument html = Export(p.name(), "ko", bv1::DOCUMENT_FORMAT_HTML);
  EXPECT_TRUE(absl::StartsWith(html.content(), "<!DOCTYPE html>")) << html.content().substr(0, 200);
  EXPECT_NE(html.content().find("공동 인공지능 연구센터"), std::string::npos);
  EXPECT_NE(html.content().find("<style>"), std::string::npos);
  EXPECT_EQ(html.file_name(), "briefing-ca-kr-2025-v1-ko.html");
  const bv1::BriefingDocument pdf = Export(p.name(), "kk", bv1::DOCUMENT_FORMAT_PDF);
  EXPECT_TRUE(absl::StartsWith(pdf.content(), "%PDF-")) << pdf.content().substr(0, 100);
  EXPECT_GT(pdf.content().size(), 5000u);
  EXPECT_EQ(pdf.media_type(), "application/pdf");
  // Again: the kept rendering, byte for byte, with its name and type.
  const bv1::BriefingDocument again = Export(p.name(), "kk", bv1::DOCUMENT_FORMAT_PDF);
  EXPECT_EQ(again.content(), pdf.content());
  EXPECT_EQ(again.file_name(), pdf.file_name());
  EXPECT_EQ(again.media_type(), "application/pdf");
}

TEST_F(BriefingTest, FinalisingAdoptsEachRecommendationOnceEvenIfRetried) {
  bv1::BriefingPackage p;
  Check(Compile(coordinator_, &p));
  // As if an earlier attempt adopted the first one and then died.
  Rec out;
  Check(RecommendationsTest::Review(review_service_, green_, Rec::STATE_ADOPTED,
                                    briefing::AdoptionEventId(p.name(), green_), &out));

  bv1::BriefingPackage final_package;
  Check(Finalize(p.name(), &final_package));
  EXPECT_EQ(final_package.state(), bv1::BriefingPackage::STATE_FINAL);
  EXPECT_EQ(final_package.finalized_by(), "people/dana");
  bv1::BriefingPackage again;
  Check(Finalize(p.name(), &again));
  EXPECT_EQ(again.etag(), final_package.etag());
  EXPECT_EQ(StateOf(ai_), Rec::STATE_ADOPTED);
  EXPECT_EQ(StateOf(green_), Rec::STATE_ADOPTED);
  EXPECT_EQ(StateOf(submitted_), Rec::STATE_SUBMITTED);
  EXPECT_EQ(Adoptions(ai_), 1);
  EXPECT_EQ(Adoptions(green_), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM briefing.events WHERE type = 'briefing.package.finalized'"),
            1);

  // A later package still holds them (adopted), and finalising it is fine.
  bv1::BriefingPackage v2;
  Check(Compile(coordinator_, &v2));
  EXPECT_EQ(v2.version(), 2);
  EXPECT_EQ(v2.entries_size(), 2);
  Check(Finalize(v2.name(), &again));
  EXPECT_EQ(Adoptions(ai_), 1);
  // Newest first, one version a page.
  bv1::ListBriefingPackagesRequest list;
  list.set_parent("summits/ca-kr-2025");
  list.set_page_size(1);
  bv1::ListBriefingPackagesResponse page;
  Check(briefing_->ListBriefingPackages(AuthContext(coordinator_).get(), list, &page));
  ASSERT_EQ(page.briefing_packages_size(), 1);
  EXPECT_EQ(page.briefing_packages(0).version(), 2);
  list.set_page_token(page.next_page_token());
  Check(briefing_->ListBriefingPackages(AuthContext(coordinator_).get(), list, &page));
  ASSERT_EQ(page.briefing_packages_size(), 1);
  EXPECT_EQ(page.briefing_packages(0).version(), 1);
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(BriefingTest, VersionsRequestIdsAndRefusals) {
  bv1::BriefingPackage first, retry, second, out;
  Check(Compile(coordinator_, &first, "compile-1"));
  Check(Compile(coordinator_, &retry, "compile-1"));
  EXPECT_EQ(retry.name(), first.name());
  Check(Compile(coordinator_, &second));
  EXPECT_EQ(second.version(), 2);

  grpc::Status s = Finalize(first.name(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("only the newest"), std::string::npos) << s.error_message();
  EXPECT_EQ(StateOf(ai_), Rec::STATE_APPROVED);

  EXPECT_EQ(Compile(author_, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  bv1::FinalizeBriefingPackageRequest fin;
  fin.set_name(second.name());
  EXPECT_EQ(briefing_->FinalizeBriefingPackage(AuthContext(author_).get(), fin, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Compile("", &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Admins manage people and credentials, not the summit's content.
  EXPECT_EQ(Compile(server_->admin_token(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(briefing_->FinalizeBriefingPackage(AuthContext(server_->admin_token()).get(), fin, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  bv1::CompileBriefingPackageRequest bad;
  bad.set_parent("summits/no-such-summit");
  s = briefing_->CompileBriefingPackage(AuthContext(coordinator_).get(), bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "parent")) << s.error_message();

  bv1::ExportBriefingPackageRequest wrong_language;
  wrong_language.set_name(second.name());
  wrong_language.set_language("fr");
  wrong_language.set_format(bv1::DOCUMENT_FORMAT_MARKDOWN);
  bv1::BriefingDocument doc;
  s = briefing_->ExportBriefingPackage(AuthContext(coordinator_).get(), wrong_language, &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "language")) << s.error_message();

  bv1::ListBriefingPackagesRequest list;
  list.set_parent("summits/ca-kr-2025");
  bv1::ListBriefingPackagesResponse listed;
  Check(briefing_->ListBriefingPackages(AuthContext(other_expert_).get(), list, &listed));
  ASSERT_EQ(listed.briefing_packages_size(), 2);
  EXPECT_EQ(listed.briefing_packages(0).version(), 2);
}

}  // namespace
}  // namespace summit::testing
