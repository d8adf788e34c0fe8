#pragma once
// The directory's pure rules: what a valid resource looks like and who may
// change what. No database here, so tests build them directly.

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/principal.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit::directory {

absl::Status ValidateSummit(const v1::Summit& summit);
absl::Status ValidateTrack(const v1::Track& track);
absl::Status ValidateOrganization(const v1::Organization& organization);
absl::Status ValidatePerson(const v1::Person& person);
absl::Status ValidateWorkingHours(const v1::WorkingHours& hours);

// Fields an update may name, per resource.
const std::vector<std::string>& SummitMutableFields();
const std::vector<std::string>& TrackMutableFields();
const std::vector<std::string>& OrganizationMutableFields();
const std::vector<std::string>& PersonMutableFields();
// What a person may change on their own profile without the admin role.
const std::vector<std::string>& PersonSelfServiceFields();

// PERMISSION_DENIED unless the caller holds one of the roles.
absl::Status RequireRole(const Principal& caller, std::initializer_list<v1::Role> roles,
                         absl::string_view action);

std::string RoleName(v1::Role role);

}  // namespace summit::directory
