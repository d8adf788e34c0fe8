#include "services/common/status.h"

#include "absl/strings/str_cat.h"

namespace summit {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status InvalidField(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status NotAllowed(absl::string_view what) { return absl::FailedPreconditionError(what); }

absl::Status ResourceNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status AsFieldError(const absl::Status& status, absl::string_view field) {
  if (status.code() == absl::StatusCode::kNotFound) return InvalidField(field, status.message());
  return status;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace summit
