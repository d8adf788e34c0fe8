#include "services/common/update_mask.h"

#include <google/protobuf/util/field_mask_util.h>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"

namespace summit {

absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(
    const google::protobuf::Message& patch, const google::protobuf::FieldMask& mask,
    const std::vector<std::string>& mutable_fields) {
  if (mask.paths_size() == 1 && mask.paths(0) == "*") return mutable_fields;
  std::vector<std::string> paths;
  if (mask.paths_size() == 0) {
    std::vector<const google::protobuf::FieldDescriptor*> set_fields;
    patch.GetReflection()->ListFields(patch, &set_fields);
    for (const auto* f : set_fields) {
      // Identity and output-only fields may be echoed back unchanged.
      if (f->name() == "name" || f->name() == "etag" || f->name() == "create_time" ||
          f->name() == "update_time") {
        continue;
      }
      if (!absl::c_linear_search(mutable_fields, f->name())) {
        return InvalidField("update_mask", absl::StrCat("\"", f->name(),
                                                        "\" is set but cannot be changed by "
                                                        "this call; changeable fields: ",
                                                        absl::StrJoin(mutable_fields, ", ")));
      }
      paths.push_back(f->name());
    }
    if (paths.empty()) return InvalidField("update_mask", "names no field to change");
    return paths;
  }
  for (const std::string& path : mask.paths()) {
    if (!absl::c_linear_search(mutable_fields, path)) {
      return InvalidField("update_mask",
                          absl::StrCat("\"", path, "\" cannot be changed; changeable fields: ",
                                       absl::StrJoin(mutable_fields, ", ")));
    }
    if (!absl::c_linear_search(paths, path)) paths.push_back(path);
  }
  return paths;
}

void ApplyUpdateMask(const google::protobuf::Message& patch, const std::vector<std::string>& paths,
                     google::protobuf::Message* target) {
  google::protobuf::FieldMask mask;
  for (const std::string& p : paths) mask.add_paths(p);
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, mask, options, target);
}

}  // namespace summit
