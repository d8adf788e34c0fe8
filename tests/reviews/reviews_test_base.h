#pragma once
// Fixture for reviews tests: the recommendations fixture plus reviewers from
// other organisations and a second coordinator. Authors of Draft() are
// aigerim (KISI, KZ) and kim (IEPR, KR).

#include <google/protobuf/util/time_util.h>

#include "summit/reviews/v1/review_service.grpc.pb.h"
#include "tests/recommendations/recommendations_test_base.h"

namespace summit::testing {

namespace wv1 = reviews::v1;

class ReviewsTest : public RecommendationsTest {
 protected:
  void SetUp() override {
    RecommendationsTest::SetUp();
    reviews_ = wv1::ReviewService::NewStub(server_->Channel());
    server_->MakeOrganization("astana-u", "KZ");
    server_->MakeOrganization("kdi", "KR");
    serik_ = server_->MakePerson("serik", {dv1::ROLE_EXPERT}, "organizations/astana-u");
    lee_ = server_->MakePerson("lee", {dv1::ROLE_EXPERT}, "organizations/kdi");
    coordinator2_ = server_->MakePerson("bolat", {dv1::ROLE_COORDINATOR}, "organizations/astana-u");
  }

  // Sends the outbox to the recommendations service now.
  void Deliver() { server_->server().RunPendingWork(); }

  Rec Submitted(const std::string& title = "Digital customs corridor") {
    const Rec rec = Draft(title);
    Rec r;
    Check(Submit(author_, rec.name(), &r));
    return r;
  }

  grpc::Status Open(const std::string& token, const std::string& rec, int required,
                    wv1::BlindMode mode, bool cross_country, wv1::ReviewCycle* out) {
    wv1::OpenReviewCycleRequest req;
    req.set_parent(rec);
    req.mutable_policy()->set_required_reviews(required);
    req.mutable_policy()->set_blind_mode(mode);
    req.mutable_policy()->set_require_cross_country(cross_country);
    return reviews_->OpenReviewCycle(AuthContext(token).get(), req, out);
  }

  wv1::ReviewCycle OpenCycle(const std::string& rec, int required = 2,
                             wv1::BlindMode mode = wv1::BLIND_MODE_SINGLE_BLIND,
                             bool cross_country = false) {
    wv1::ReviewCycle c;
    Check(Open(coordinator_, rec, required, mode, cross_country, &c));
    return c;
  }

  grpc::Status Assign(const std::string& cycle, const std::string& reviewer, wv1::Assignment* out,
                      absl::Duration response_in = absl::Hours(24 * 7)) {
    wv1::CreateAssignmentRequest req;
    req.set_parent(cycle);
    req.set_reviewer(reviewer);
    *req.mutable_response_due_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(server_->clock().Now() + response_in));
    *req.mutable_review_due_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(server_->clock().Now() + response_in + absl::Hours(24)));
    return reviews_->CreateAssignment(AuthContext(coordinator_).get(), req, out);
  }

  grpc::Status Respond(const std::string& token, const std::string& assignment, bool accept,
                       wv1::Assignment* out, const std::string& reason = "") {
    wv1::RespondToAssignmentRequest req;
    req.set_name(assignment);
    req.set_accept(accept);
    req.set_reason(reason);
    return reviews_->RespondToAssignment(AuthContext(token).get(), req, out);
  }

  grpc::Status Review(const std::string& token, const std::string& assignment,
                      wv1::Review::Verdict verdict, wv1::Review* out) {
    wv1::SubmitReviewRequest req;
    req.set_parent(assignment);
    req.mutable_review()->set_verdict(verdict);
    req.mutable_review()->mutable_scores()->set_relevance(4);
    req.mutable_review()->mutable_scores()->set_feasibility(3);
    req.mutable_review()->mutable_scores()->set_impact(5);
    req.mutable_review()->set_comments_to_authors("Strong proposal; add costs.");
    req.mutable_review()->set_confidential_comments("Borderline on feasibility.");
    return reviews_->SubmitReview(AuthContext(token).get(), req, out);
  }

  // Assigns, accepts and submits a review by `token` for `person`.
  void Reviewed(const std::string& cycle, const std::string& person, const std::string& token,
                wv1::Review::Verdict verdict) {
    wv1::Assignment a;
    Check(Assign(cycle, person, &a));
    Check(Respond(token, a.name(), true, &a));
    wv1::Review r;
    Check(Review(token, a.name(), verdict, &r));
  }

  grpc::Status Decide(const std::string& token, const std::string& cycle,
                      wv1::Decision::Outcome outcome, wv1::ReviewCycle* out) {
    wv1::DecideReviewCycleRequest req;
    req.set_name(cycle);
    req.set_outcome(outcome);
    req.set_rationale("Both reviewers support it.");
    return reviews_->DecideReviewCycle(AuthContext(token).get(), req, out);
  }

  Rec::State StateOf(const std::string& rec) {
    Rec r;
    Check(Get(coordinator_, rec, &r));
    return r.state();
  }

  std::unique_ptr<wv1::ReviewService::Stub> reviews_;
  std::string serik_, lee_, coordinator2_;
};

}  // namespace summit::testing
