#pragma once
// Fixture for recommendations tests: a real server with every service over a
// fresh PostgreSQL database, and the people of the seed story in each role.

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "summit/recommendations/internal/v1/recommendation_internal_service.grpc.pb.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"
#include "tests/support/test_server.h"

namespace summit::testing {

namespace dv1 = directory::v1;
namespace rv1 = recommendations::v1;
using Rec = rv1::Recommendation;

class RecommendationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start();
    dir_ = server_->DirectoryStub();
    recs_ = rv1::RecommendationService::NewStub(server_->Channel());
    internal_recs_ =
        recommendations::internal::v1::RecommendationInternalService::NewStub(server_->Channel());
    review_service_ = server_->ServiceToken();
    server_->MakeOrganization("kisi", "KZ");
    server_->MakeOrganization("iepr", "KR");
    server_->MakeOrganization("cerr", "UZ");
    // The coordinator's own organisation wrote none of Draft()'s work, so the
    // conflict rules let them decide it.
    server_->MakeOrganization("mfa-kz", "KZ");
    author_ = server_->MakePerson("aigerim", {dv1::ROLE_EXPERT}, "organizations/kisi");
    coauthor_ = server_->MakePerson("kim", {dv1::ROLE_EXPERT}, "organizations/iepr");
    same_org_ = server_->MakePerson("yerlan", {dv1::ROLE_EXPERT}, "organizations/kisi");
    other_expert_ = server_->MakePerson("dilnoza", {dv1::ROLE_EXPERT}, "organizations/cerr");
    reviewer_ = server_->MakePerson("park", {dv1::ROLE_EXPERT}, "organizations/iepr");
    coordinator_ = server_->MakePerson("dana", {dv1::ROLE_COORDINATOR}, "organizations/mfa-kz");
    observer_ = server_->MakePerson("minho", {dv1::ROLE_OBSERVER}, "organizations/iepr");

    dv1::CreateSummitRequest summit;
    summit.set_summit_id("ca-kr-2025");
    dv1::Summit* s = summit.mutable_summit();
    s->set_display_name("Central Asia – Republic of Korea Summit");
    s->set_start_date("2025-12-01");
    s->set_end_date("2025-12-02");
    s->set_time_zone("Asia/Seoul");
    s->add_languages("en");
    *s->mutable_submission_deadline() = google::protobuf::util::TimeUtil::SecondsToTimestamp(
        absl::ToUnixSeconds(server_->clock().Now() + absl::Hours(24 * 10)));
    dv1::Summit out;
    Check(dir_->CreateSummit(AuthContext(coordinator_).get(), summit, &out));
    for (const char* track : {"ai", "green"}) {
      dv1::CreateTrackRequest t;
      t.set_parent("summits/ca-kr-2025");
      t.set_track_id(track);
      t.mutable_track()->set_display_name(track);
      dv1::Track tr;
      Check(dir_->CreateTrack(AuthContext(coordinator_).get(), t, &tr));
    }
  }

  static void Check(const grpc::Status& s) {
    if (!s.ok()) throw std::runtime_error(s.error_message());
  }

  static rv1::RecommendationVersion Text(const std::string& title, const std::string& summary,
                                         const std::string& body, const std::string& language) {
    rv1::RecommendationVersion v;
    v.set_title(title);
    v.set_summary(summary);
    v.set_body(body);
    v.set_language(language);
    return v;
  }

  grpc::Status Create(const std::string& token, const rv1::RecommendationVersion& text, Rec* out,
                      const std::string& track = "summits/ca-kr-2025/tracks/ai",
                      std::vector<std::string> coauthors = {}, const std::string& request_id = "") {
    rv1::CreateRecommendationRequest req;
    req.set_parent("summits/ca-kr-2025");
    req.mutable_recommendation()->set_track(track);
    for (const auto& a : coauthors) req.mutable_recommendation()->add_authors(a);
    *req.mutable_first_version() = text;
    req.set_request_id(request_id);
    return recs_->CreateRecommendation(AuthContext(token).get(), req, out);
  }

  // A draft by aigerim with kim as co-author.
  Rec Draft(const std::string& title = "Digital customs corridor") {
    Rec rec;
    Check(Create(author_,
                 Text(title, "One window for Korea–Kazakhstan freight.",
                      "## Proposal\nA shared customs data exchange.\n", "en"),
                 &rec, "summits/ca-kr-2025/tracks/ai", {"people/kim"}));
    return rec;
  }

  grpc::Status Submit(const std::string& token, const std::string& name, Rec* out) {
    rv1::SubmitRecommendationRequest req;
    req.set_name(name);
    return recs_->SubmitRecommendation(AuthContext(token).get(), req, out);
  }

  grpc::Status Review(const std::string& token, const std::string& name, Rec::State to,
                      const std::string& event_id, Rec* out) {
    recommendations::internal::v1::ApplyReviewEventRequest req;
    req.set_name(name);
    req.set_event_id(event_id);
    req.set_target_state(to);
    return internal_recs_->ApplyReviewEvent(AuthContext(token).get(), req, out);
  }

  grpc::Status Get(const std::string& token, const std::string& name, Rec* out) {
    rv1::GetRecommendationRequest req;
    req.set_name(name);
    return recs_->GetRecommendation(AuthContext(token).get(), req, out);
  }

  int Count(const std::string& sql) { return std::stoi(server_->db().QueryValue(sql)); }

  // A small PDF sent whole by `token` to `rec`; the upload (not yet attached).
  rv1::Upload SendSmallPdf(const std::string& token, const std::string& rec,
                           const std::string& filename = "annex.pdf") {
    const std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< >>\nendobj\n";
    rv1::StartUploadRequest start;
    start.set_parent(rec);
    start.set_filename(filename);
    start.set_size_bytes(static_cast<int64_t>(pdf.size()));
    rv1::Upload upload;
    Check(recs_->StartUpload(AuthContext(token).get(), start, &upload));
    rv1::AppendUploadChunkRequest chunk;
    chunk.set_name(upload.name());
    chunk.set_data(pdf);
    Check(recs_->AppendUploadChunk(AuthContext(token).get(), chunk, &upload));
    return upload;
  }

  // The same, attached to the current version.
  rv1::Attachment AttachSmallPdf(const std::string& token, const std::string& rec,
                                 const std::string& filename = "annex.pdf") {
    rv1::AttachUploadRequest req;
    req.set_name(SendSmallPdf(token, rec, filename).name());
    rv1::Attachment attachment;
    Check(recs_->AttachUpload(AuthContext(token).get(), req, &attachment));
    return attachment;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<dv1::DirectoryService::Stub> dir_;
  std::unique_ptr<rv1::RecommendationService::Stub> recs_;
  std::unique_ptr<recommendations::internal::v1::RecommendationInternalService::Stub>
      internal_recs_;
  // Stands in for the review service, the only one that drives review states.
  std::string review_service_;
  std::string author_, coauthor_, same_org_, other_expert_, reviewer_, coordinator_, observer_;
};

}  // namespace summit::testing
