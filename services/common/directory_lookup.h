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
#include "services/common/service_client.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"

namespace summit {

class DirectoryLookup final {
 public:
  DirectoryLookup(std::function<std::shared_ptr<grpc::Channel>()> channel,
                  std::function<std::string()> authorization)
      : client_("directory", std::move(channel), std::move(authorization)) {}

  // Statuses as ServiceClient maps them: NOT_FOUND when the directory has no
  // such resource, UNAVAILABLE when it cannot be reached.
  absl::StatusOr<directory::v1::Summit> Summit(const std::string& name, absl::Time deadline) const;
  absl::StatusOr<directory::v1::Track> Track(const std::string& name, absl::Time deadline) const;
  absl::StatusOr<directory::v1::Organization> Organization(const std::string& name,
                                                           absl::Time deadline) const;
  absl::StatusOr<directory::v1::Person> Person(const std::string& name, absl::Time deadline) const;
  // Every person matching the filter (its paging fields are ignored).
  absl::StatusOr<std::vector<directory::v1::Person>> People(directory::v1::ListPeopleRequest filter,
                                                            absl::Time deadline) const;
  // Every person with the role, all pages.
  absl::StatusOr<std::vector<directory::v1::Person>> PeopleWithRole(directory::v1::Role role,
                                                                    absl::Time deadline) const;

 private:
  absl::StatusOr<std::unique_ptr<directory::v1::DirectoryService::Stub>> Stub() const;

  ServiceClient client_;
};

}  // namespace summit
