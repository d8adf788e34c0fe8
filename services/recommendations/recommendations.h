#pragma once
// The recommendations service's use cases. Each validates, authorizes, asks
// the directory what it needs (before any row is locked), then runs one
// transaction holding the change, its audit event and idempotency record.

#include "absl/status/statusor.h"
#include "services/common/call_context.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/directory_client.h"
#include "services/common/migrations.h"
#include "services/recommendations/recommendation_rows.h"
#include "summit/recommendations/internal/v1/recommendation_internal_service.pb.h"
#include "summit/recommendations/v1/recommendation_service.pb.h"

namespace summit::recommendations {

const MigrationSet& Migrations();

struct RecommendationsDeps {
  const Clock* clock;
  const summit::DirectoryClient* directory;
  // The other services' part of a trace; TraceRecommendation is
  // UNAVAILABLE without it.
  const class TraceSources* trace = nullptr;
  // The largest file StartUpload accepts.
  int64_t max_attachment_bytes = 20 << 20;
};

// What a caller is shown of an attachment (presentation.h's rule: a
// double-blind reviewer does not learn who attached it).
v1::Attachment PresentTo(const Principal& viewer, const RecommendationRow& row,
                         v1::Attachment attachment);

class Recommendations final {
 public:
  explicit Recommendations(RecommendationsDeps deps) : deps_(deps) {}

  absl::StatusOr<v1::Recommendation> CreateRecommendation(
      const CallContext& call, DbSession& db, const v1::CreateRecommendationRequest& req) const;
  absl::StatusOr<v1::Recommendation> GetRecommendation(
      const CallContext& call, DbSession& db, const v1::GetRecommendationRequest& req) const;
  absl::StatusOr<v1::ListRecommendationsResponse> ListRecommendations(
      const CallContext& call, DbSession& db, const v1::ListRecommendationsRequest& req) const;
  absl::StatusOr<v1::Recommendation> UpdateRecommendation(
      const CallContext& call, DbSession& db, const v1::UpdateRecommendationRequest& req) const;

  absl::StatusOr<v1::RecommendationVersion> CreateVersion(
      const CallContext& call, DbSession& db, const v1::CreateVersionRequest& req) const;
  absl::StatusOr<v1::RecommendationVersion> GetVersion(const CallContext& call, DbSession& db,
                                                       const v1::GetVersionRequest& req) const;
  absl::StatusOr<v1::ListVersionsResponse> ListVersions(const CallContext& call, DbSession& db,
                                                        const v1::ListVersionsRequest& req) const;
  absl::StatusOr<v1::DiffVersionsResponse> DiffVersions(const CallContext& call, DbSession& db,
                                                        const v1::DiffVersionsRequest& req) const;

  absl::StatusOr<v1::Translation> SetTranslation(const CallContext& call, DbSession& db,
                                                 const v1::SetTranslationRequest& req) const;
  absl::StatusOr<v1::ListTranslationsResponse> ListTranslations(
      const CallContext& call, DbSession& db, const v1::ListTranslationsRequest& req) const;

  absl::StatusOr<v1::Recommendation> SubmitRecommendation(
      const CallContext& call, DbSession& db, const v1::SubmitRecommendationRequest& req) const;
  absl::StatusOr<v1::Recommendation> WithdrawRecommendation(
      const CallContext& call, DbSession& db, const v1::WithdrawRecommendationRequest& req) const;
  // Files (recommendations_attachments.cc).
  absl::StatusOr<v1::Upload> StartUpload(const CallContext& call, DbSession& db,
                                         const v1::StartUploadRequest& req) const;
  absl::StatusOr<v1::Upload> AppendUploadChunk(const CallContext& call, DbSession& db,
                                               const v1::AppendUploadChunkRequest& req) const;
  absl::StatusOr<v1::Attachment> AttachUpload(const CallContext& call, DbSession& db,
                                              const v1::AttachUploadRequest& req) const;
  absl::StatusOr<v1::RecommendationVersion> ImportVersion(
      const CallContext& call, DbSession& db, const v1::ImportVersionRequest& req) const;
  absl::StatusOr<v1::ListAttachmentsResponse> ListAttachments(
      const CallContext& call, DbSession& db, const v1::ListAttachmentsRequest& req) const;
  absl::StatusOr<v1::ReadAttachmentResponse> ReadAttachment(
      const CallContext& call, DbSession& db, const v1::ReadAttachmentRequest& req) const;

  // Read access through meetings (recommendations_meetings.cc).
  absl::StatusOr<v1::Recommendation> ShareWithMeeting(const CallContext& call, DbSession& db,
                                                      const v1::ShareWithMeetingRequest& req) const;
  absl::StatusOr<v1::Recommendation> UnshareWithMeeting(
      const CallContext& call, DbSession& db, const v1::UnshareWithMeetingRequest& req) const;
  absl::StatusOr<v1::RecommendationTrace> TraceRecommendation(
      const CallContext& call, DbSession& db, const v1::TraceRecommendationRequest& req) const;
  absl::StatusOr<internal::v1::SetMeetingReadersResponse> SetMeetingReaders(
      const CallContext& call, DbSession& db,
      const internal::v1::SetMeetingReadersRequest& req) const;

  // summit.recommendations.internal.v1: for the review and briefing services.
  absl::StatusOr<v1::Recommendation> ApplyReviewEvent(
      const CallContext& call, DbSession& db,
      const internal::v1::ApplyReviewEventRequest& req) const;
  absl::StatusOr<internal::v1::SetReviewersResponse> SetReviewers(
      const CallContext& call, DbSession& db, const internal::v1::SetReviewersRequest& req) const;

 private:
  absl::StatusOr<v1::Recommendation> SetShare(const CallContext& call, DbSession& db,
                                              const std::string& name, const std::string& meeting,
                                              bool shared) const;
  // Each author must exist in the directory and be an expert.
  absl::Status CheckAuthors(const CallContext& call,
                            const google::protobuf::RepeatedPtrField<std::string>& authors) const;
  // The owner organisation must exist; returns its country.
  absl::StatusOr<std::string> OwnerCountry(const CallContext& call,
                                           const std::string& organization) const;

  const RecommendationsDeps deps_;
};

}  // namespace summit::recommendations
