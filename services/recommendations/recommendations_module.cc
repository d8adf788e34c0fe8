#include "services/recommendations/recommendations_module.h"

#include "services/common/directory_cache.h"
#include "services/common/directory_lookup.h"
#include "services/common/proto_service.h"
#include "services/recommendations/recommendations.h"
#include "services/recommendations/recommendations_events.h"
#include "services/recommendations/sql/queries.h"
#include "services/recommendations/trace_sources.h"
#include "summit/recommendations/internal/v1/recommendation_internal_service.grpc.pb.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"

namespace summit::recommendations {
namespace {

class HostedRecommendations final : public HostedService {
 public:
  explicit HostedRecommendations(const ServiceEnv& env)
      : lookup_(env.ChannelTo("directory"), env.service_authorization),
        directory_(&lookup_),
        trace_(env.channel_for, env.service_authorization),
        recommendations_({.clock = env.clock,
                          .directory = &directory_,
                          .trace = &trace_,
                          .max_attachment_bytes = env.max_attachment_bytes}),
        rpcs_(v1::RecommendationService::service_full_name(), env.runner),
        internal_rpcs_(internal::v1::RecommendationInternalService::service_full_name(),
                       env.runner) {
    rpcs_.Handle("CreateRecommendation", &recommendations_, &Recommendations::CreateRecommendation);
    rpcs_.Handle("GetRecommendation", &recommendations_, &Recommendations::GetRecommendation);
    rpcs_.Handle("ListRecommendations", &recommendations_, &Recommendations::ListRecommendations);
    rpcs_.Handle("UpdateRecommendation", &recommendations_, &Recommendations::UpdateRecommendation);
    rpcs_.Handle("CreateVersion", &recommendations_, &Recommendations::CreateVersion);
    rpcs_.Handle("GetVersion", &recommendations_, &Recommendations::GetVersion);
    rpcs_.Handle("ListVersions", &recommendations_, &Recommendations::ListVersions);
    rpcs_.Handle("DiffVersions", &recommendations_, &Recommendations::DiffVersions);
    rpcs_.Handle("SetTranslation", &recommendations_, &Recommendations::SetTranslation);
    rpcs_.Handle("ListTranslations", &recommendations_, &Recommendations::ListTranslations);
    rpcs_.Handle("SubmitRecommendation", &recommendations_, &Recommendations::SubmitRecommendation);
    rpcs_.Handle("WithdrawRecommendation", &recommendations_,
                 &Recommendations::WithdrawRecommendation);
    rpcs_.Handle("StartUpload", &recommendations_, &Recommendations::StartUpload);
    rpcs_.Handle("AppendUploadChunk", &recommendations_, &Recommendations::AppendUploadChunk);
    rpcs_.Handle("AttachUpload", &recommendations_, &Recommendations::AttachUpload);
    rpcs_.Handle("ImportVersion", &recommendations_, &Recommendations::ImportVersion);
    rpcs_.Handle("ListAttachments", &recommendations_, &Recommendations::ListAttachments);
    rpcs_.Handle("ReadAttachment", &recommendations_, &Recommendations::ReadAttachment);
    rpcs_.Handle("TraceRecommendation", &recommendations_, &Recommendations::TraceRecommendation);
    rpcs_.Handle("ShareWithMeeting", &recommendations_, &Recommendations::ShareWithMeeting);
    rpcs_.Handle("UnshareWithMeeting", &recommendations_, &Recommendations::UnshareWithMeeting);
    internal_rpcs_.Handle("SetMeetingReaders", &recommendations_,
                          &Recommendations::SetMeetingReaders);
    internal_rpcs_.Handle("ApplyReviewEvent", &recommendations_,
                          &Recommendations::ApplyReviewEvent);
    internal_rpcs_.Handle("SetReviewers", &recommendations_, &Recommendations::SetReviewers);
  }
  std::vector<grpc::Service*> grpc_services() override { return {&rpcs_, &internal_rpcs_}; }
  const EventSource* event_source() const override { return &events_; }

 private:
  const EventSource events_ = RecommendationsEventSource();
  DirectoryLookup lookup_;
  // Summits, tracks, organisations and people, kept for up to 2 s.
  CachedDirectory directory_;
  TraceSources trace_;
  Recommendations recommendations_;
  ProtoService rpcs_;
  ProtoService internal_rpcs_;
};

}  // namespace

ServiceModule RecommendationsModule() {
  return ServiceModule{
      .name = "recommendations",
      .grpc_names = {v1::RecommendationService::service_full_name(),
                     internal::v1::RecommendationInternalService::service_full_name()},
      .migrations = &Migrations(),
      .statements = &sql::Statements(),
      .create = [](const ServiceEnv& env) { return std::make_unique<HostedRecommendations>(env); },
      .has_events = true,
  };
}

}  // namespace summit::recommendations
