#pragma once
// What services need from the directory, asked through
// the directory's gRPC API (never its tables) with this server's service
// credentials and the caller's deadline.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/directory_client.h"
#include "services/common/service_client.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace summit {

// The directory service over gRPC, through a ServiceClient.
class DirectoryLookup final : public DirectoryClient {
 public:
  DirectoryLookup(std::function<std::shared_ptr<grpc::Channel>()> channel,
                  std::function<std::string()> authorization)
      : client_("directory", std::move(channel), std::move(authorization)) {}

  absl::StatusOr<directory::v1::Summit> Summit(const std::string& name,
                                               absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Track> Track(const std::string& name,
                                             absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Organization> Organization(const std::string& name,
                                                           absl::Time deadline) const override;
  absl::StatusOr<directory::v1::Person> Person(const std::string& name,
                                               absl::Time deadline) const override;
  absl::StatusOr<std::vector<directory::v1::Person>> People(directory::v1::ListPeopleRequest filter,
                                                            absl::Time deadline) const override;
  absl::StatusOr<std::vector<directory::v1::Person>> PeopleWithRole(
      directory::v1::Role role, absl::Time deadline) const override;

 private:
  absl::StatusOr<std::unique_ptr<directory::v1::DirectoryService::Stub>> Stub() const;

  ServiceClient client_;
};

}  // namespace summit
