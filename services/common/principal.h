#pragma once
// Who is calling, derived from the bearer token of this one call.

#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit {

struct Principal {
  // `people/{person}` or `services/{service}`.
  std::string subject;
  // Credential id of the token.
  std::string token_id;
  std::vector<directory::v1::Role> roles;

  bool Has(directory::v1::Role role) const { return absl::c_linear_search(roles, role); }
  bool IsService() const { return subject.rfind("services/", 0) == 0; }
};

}  // namespace summit
