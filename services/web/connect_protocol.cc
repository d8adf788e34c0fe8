#include "services/web/connect_protocol.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace summit::web {
namespace {

struct CodeInfo {
  const char* name;
  int http;
};

// The spec's table (HTTP statuses as in google/rpc/code.proto).
CodeInfo InfoOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return {"canceled", 499};
    case grpc::StatusCode::UNKNOWN:
      return {"unknown", 500};
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {"invalid_argument", 400};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {"deadline_exceeded", 504};
    case grpc::StatusCode::NOT_FOUND:
      return {"not_found", 404};
    case grpc::StatusCode::ALREADY_EXISTS:
      return {"already_exists", 409};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {"permission_denied", 403};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {"resource_exhausted", 429};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {"failed_precondition", 400};
    case grpc::StatusCode::ABORTED:
      return {"aborted", 409};
    case grpc::StatusCode::OUT_OF_RANGE:
      return {"out_of_range", 400};
    case grpc::StatusCode::UNIMPLEMENTED:
      return {"unimplemented", 501};
    case grpc::StatusCode::INTERNAL:
      return {"internal", 500};
    case grpc::StatusCode::UNAVAILABLE:
      return {"unavailable", 503};
    case grpc::StatusCode::DATA_LOSS:
      return {"data_loss", 500};
    case grpc::StatusCode::UNAUTHENTICATED:
      return {"unauthenticated", 401};
    default:
      return {"unknown", 500};
  }
}

// The media type without parameters, lower case.
std::string MediaType(absl::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(content_type.substr(0, semicolon)));
}

google::protobuf::Struct ErrorStruct(const grpc::Status& status) {
  google::protobuf::Struct error;
  (*error.mutable_fields())["code"].set_string_value(ConnectCode(status.error_code()));
  if (!status.error_message().empty()) {
    (*error.mutable_fields())["message"].set_string_value(status.error_message());
  }
  return error;
}

std::string JsonOf(const google::protobuf::Struct& s) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(s, &out);
  return out;
}

}  // namespace

std::string ConnectCode(grpc::StatusCode code) { return InfoOf(code).name; }

int HttpStatusOf(grpc::StatusCode code) { return InfoOf(code).http; }

std::string ErrorJson(const grpc::Status& status) { return JsonOf(ErrorStruct(status)); }

std::optional<Codec> UnaryCodecOf(absl::string_view content_type) {
  const std::string type = MediaType(content_type);
  if (type == "application/json") return Codec::kJson;
  if (type == "application/proto") return Codec::kProto;
  return std::nullopt;
}

std::optional<Codec> StreamCodecOf(absl::string_view content_type) {
  const std::string type = MediaType(content_type);
  if (type == "application/connect+json") return Codec::kJson;
  if (type == "application/connect+proto") return Codec::kProto;
  return std::nullopt;
}

std::string Envelope(uint8_t flags, absl::string_view payload) {
  std::string out(5, '\0');
  out[0] = static_cast<char>(flags);
  const uint32_t n = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
  out.append(payload.data(), payload.size());
  return out;
}

std::optional<std::string> SingleEnvelope(absl::string_view body) {
  if (body.size() < 5) return std::nullopt;
  if ((static_cast<uint8_t>(body[0]) & kCompressedFlag) != 0) return std::nullopt;
  uint32_t n = 0;
  for (int i = 1; i <= 4; ++i) n = (n << 8) | static_cast<uint8_t>(body[i]);
  if (body.size() != 5 + static_cast<size_t>(n)) return std::nullopt;
  return std::string(body.substr(5));
}

std::string EndStream(const grpc::Status& status) {
  if (status.ok()) return Envelope(kEndStreamFlag, "{}");
  google::protobuf::Struct end;
  *(*end.mutable_fields())["error"].mutable_struct_value() = ErrorStruct(status);
  return Envelope(kEndStreamFlag, JsonOf(end));
}

std::optional<int64_t> ParseTimeoutMs(absl::string_view header) {
  int64_t ms = 0;
  if (header.empty() || header.size() > 10 || !absl::SimpleAtoi(header, &ms) || ms <= 0) {
    return std::nullopt;
  }
  return ms;
}

}  // namespace summit::web
