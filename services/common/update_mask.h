#pragma once
// update_mask handling (AIP-134) for flat resources: which top-level fields a
// call changes, and applying them.

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace summit {

// An empty mask means every mutable field set in `patch`; "*" means every
// mutable field; otherwise each path must name a mutable field.
// `field_prefix` names the resource in error messages ("summit").
absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(
    const google::protobuf::Message& patch, const google::protobuf::FieldMask& mask,
    const std::vector<std::string>& mutable_fields);

// Copies the named fields from patch onto target; repeated and message
// fields are replaced, not merged.
void ApplyUpdateMask(const google::protobuf::Message& patch, const std::vector<std::string>& paths,
                     google::protobuf::Message* target);

}  // namespace summit
