#pragma once
// The load client and the echo server find methods and message types by name
// in protobuf's generated pool; a file's descriptors are only there when the
// program links something of that file. Naming one message of each does.

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpc/health/v1/health.pb.h"
#include "summit/briefing/v1/briefing_service.pb.h"
#include "summit/directory/v1/directory_service.pb.h"
#include "summit/feed/v1/feed_service.pb.h"
#include "summit/meetings/v1/meeting_service.pb.h"
#include "summit/notifications/v1/notification_service.pb.h"
#include "summit/recommendations/v1/recommendation_service.pb.h"
#include "summit/reviews/v1/review_service.pb.h"

namespace summit::bench {

inline void LinkGeneratedTypes() {
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  (void)summit::briefing::v1::GetBriefingPackageRequest::descriptor();
  (void)summit::directory::v1::GetPersonRequest::descriptor();
  (void)summit::feed::v1::ListEventsRequest::descriptor();
  (void)summit::meetings::v1::GetMeetingRequest::descriptor();
  (void)summit::notifications::v1::ListNotificationsRequest::descriptor();
  (void)summit::recommendations::v1::GetRecommendationRequest::descriptor();
  (void)summit::reviews::v1::GetReviewCycleRequest::descriptor();
}

// The method named as gRPC names it, /package.Service/Method; null when no
// linked file declares it.
inline const google::protobuf::MethodDescriptor* FindMethod(const std::string& path) {
  LinkGeneratedTypes();
  const std::vector<std::string> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
  if (parts.size() != 2) return nullptr;
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      absl::StrCat(parts[0], ".", parts[1]));
}

}  // namespace summit::bench
