#pragma once
// What services need from the directory, as an interface: DirectoryLookup
// asks the directory service over gRPC; use-case tests give a fake instead
// (tests/support/fake_directory.h) to test one service alone.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "summit/directory/v1/directory_service.pb.h"

namespace summit {

class DirectoryClient {
 public:
  virtual ~DirectoryClient() = default;

  // NOT_FOUND when the directory has no such resource; UNAVAILABLE when it
  // cannot be reached (ServiceClient's mapping).
  virtual absl::StatusOr<directory::v1::Summit> Summit(const std::string& name,
                                                       absl::Time deadline) const = 0;
  virtual absl::StatusOr<directory::v1::Track> Track(const std::string& name,
                                                     absl::Time deadline) const = 0;
  virtual absl::StatusOr<directory::v1::Organization> Organization(const std::string& name,
                                                                   absl::Time deadline) const = 0;
  virtual absl::StatusOr<directory::v1::Person> Person(const std::string& name,
                                                       absl::Time deadline) const = 0;
  // Every person matching the filter (its paging fields are ignored).
  virtual absl::StatusOr<std::vector<directory::v1::Person>> People(
      directory::v1::ListPeopleRequest filter, absl::Time deadline) const = 0;
  // Every person with the role.
  virtual absl::StatusOr<std::vector<directory::v1::Person>> PeopleWithRole(
      directory::v1::Role role, absl::Time deadline) const = 0;
};

}  // namespace summit
