#include "services/common/proto_json.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/sha.h>

#include "absl/strings/escaping.h"

namespace summit {

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  // Only fails for messages that cannot be represented (not ours).
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

absl::Status FromJson(absl::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // rows written by a newer binary
  auto status = google::protobuf::util::JsonStringToMessage(std::string(json), message, options);
  if (!status.ok()) return absl::InternalError("stored document does not parse");
  return absl::OkStatus();
}

std::string ToJsonArray(const std::vector<std::string>& items) {
  google::protobuf::ListValue list;
  for (const std::string& s : items) list.add_values()->set_string_value(s);
  return ToJson(list);
}

std::vector<std::string> FromJsonArray(const std::string& json) {
  google::protobuf::ListValue list;
  std::vector<std::string> out;
  if (!FromJson(json, &list).ok()) return out;
  for (const auto& v : list.values()) out.push_back(v.string_value());
  return out;
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string Fingerprint(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

}  // namespace summit
