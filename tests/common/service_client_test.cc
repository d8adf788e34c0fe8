// The one mapping of another service's answer (services/common/service_client.h).
#include "services/common/service_client.h"

#include <gtest/gtest.h>

#include "services/common/inline_attempt.h"

namespace summit {
namespace {

TEST(ServiceClient, MapsTheOtherServicesAnswerOneWay) {
  const ServiceClient client(
      "directory", [] { return nullptr; }, [] { return "Bearer x"; });
  EXPECT_TRUE(client.Result(grpc::Status::OK, "people/kim").ok());
  absl::Status s = client.Result(grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"), "people/kim");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "people/kim does not exist");
  for (grpc::StatusCode kept :
       {grpc::StatusCode::INVALID_ARGUMENT, grpc::StatusCode::FAILED_PRECONDITION,
        grpc::StatusCode::ALREADY_EXISTS, grpc::StatusCode::ABORTED}) {
    s = client.Result(grpc::Status(kept, "a rule"), "people/kim");
    EXPECT_EQ(static_cast<int>(s.code()), static_cast<int>(kept));
    EXPECT_EQ(s.message(), "people/kim: the directory service: a rule");
  }
  s = client.Result(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, ""), "people/kim");
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  // This server's own credential refused: a deployment fault, not the caller's.
  for (grpc::StatusCode refused :
       {grpc::StatusCode::UNAUTHENTICATED, grpc::StatusCode::PERMISSION_DENIED}) {
    s = client.Result(grpc::Status(refused, "no"), "people/kim");
    EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  }
  for (grpc::StatusCode down : {grpc::StatusCode::UNAVAILABLE, grpc::StatusCode::RESOURCE_EXHAUSTED,
                                grpc::StatusCode::INTERNAL, grpc::StatusCode::UNKNOWN}) {
    s = client.Result(grpc::Status(down, "x"), "people/kim");
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_EQ(client.Channel().status().code(), absl::StatusCode::kUnavailable);
}

TEST(ServiceClient, IsNotCalledFromAnInlineAttempt) {
  int channels_asked = 0;
  const ServiceClient client(
      "directory",
      [&]() -> std::shared_ptr<grpc::Channel> {
        ++channels_asked;
        return nullptr;
      },
      [] { return "Bearer x"; });
  {
    // The other service's answer would need a free gRPC thread, and an
    // inline attempt occupies one: it is given up before asking.
    const InlineAttempt attempt;
    EXPECT_EQ(client.Channel().status().code(), absl::StatusCode::kUnavailable);
    EXPECT_TRUE(attempt.given_up());
    EXPECT_EQ(attempt.why(), "a call to another service");
    EXPECT_EQ(channels_asked, 0);
  }
  EXPECT_FALSE(InlineAttempt::Active());
  EXPECT_EQ(client.Channel().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(channels_asked, 1);
}

}  // namespace
}  // namespace summit
