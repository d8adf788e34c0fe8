#include "services/common/proto_json.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/type.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <openssl/sha.h>

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/json_string_array.h"

namespace summit {
namespace {

using google::protobuf::util::TypeResolver;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

// protobuf's JSON functions describe every message type from its descriptor
// again on every call (a google.protobuf.Type per message type met); this
// keeps each description once and hands out copies, which cost a fraction.
class CachingTypeResolver final : public TypeResolver {
 public:
  CachingTypeResolver()
      : inner_(google::protobuf::util::NewTypeResolverForDescriptorPool(
            kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool())) {}

  google::protobuf::util::Status ResolveMessageType(const std::string& type_url,
                                                    google::protobuf::Type* type) override {
    return Resolve(type_url, type, messages_, &TypeResolver::ResolveMessageType);
  }
  google::protobuf::util::Status ResolveEnumType(const std::string& type_url,
                                                 google::protobuf::Enum* enum_type) override {
    return Resolve(type_url, enum_type, enums_, &TypeResolver::ResolveEnumType);
  }

 private:
  template <typename T>
  using Cache = absl::flat_hash_map<std::string, std::shared_ptr<const T>>;

  template <typename T>
  google::protobuf::util::Status Resolve(
      const std::string& url, T* out, Cache<T>& cache,
      google::protobuf::util::Status (TypeResolver::*resolve)(const std::string&, T*)) {
    {
      absl::ReaderMutexLock lock(&mu_);
      if (auto it = cache.find(url); it != cache.end()) {
        *out = *it->second;
        return google::protobuf::util::Status();
      }
    }
    auto made = std::make_shared<T>();
    google::protobuf::util::Status status = (inner_.get()->*resolve)(url, made.get());
    if (!status.ok()) return status;
    *out = *made;
    absl::WriterMutexLock lock(&mu_);
    cache.emplace(url, std::move(made));
    return status;
  }

  const std::unique_ptr<TypeResolver> inner_;
  absl::Mutex mu_;
  Cache<google::protobuf::Type> messages_ ABSL_GUARDED_BY(mu_);
  Cache<google::protobuf::Enum> enums_ ABSL_GUARDED_BY(mu_);
};

TypeResolver* Resolver() {
  static TypeResolver* const resolver = new CachingTypeResolver();
  return resolver;
}

// Messages of another pool (dynamic ones) take protobuf's own path.
bool Generated(const google::protobuf::Message& message) {
  return message.GetDescriptor()->file()->pool() ==
         google::protobuf::DescriptorPool::generated_pool();
}

std::string TypeUrl(const google::protobuf::Message& message) {
  return absl::StrCat(kTypeUrlPrefix, "/", message.GetDescriptor()->full_name());
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  // Only fails for messages that cannot be represented (not ours).
  if (!Generated(message)) {
    (void)google::protobuf::util::MessageToJsonString(message, &out, options);
    return out;
  }
  (void)google::protobuf::util::BinaryToJsonString(Resolver(), TypeUrl(message),
                                                   message.SerializeAsString(), &out, options);
  return out;
}

absl::Status FromJson(absl::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // rows written by a newer binary
  if (!Generated(*message)) {
    return google::protobuf::util::JsonStringToMessage(std::string(json), message, options).ok()
               ? absl::OkStatus()
               : absl::InternalError("stored document does not parse");
  }
  std::string binary;
  const auto status = google::protobuf::util::JsonToBinaryString(
      Resolver(), TypeUrl(*message), google::protobuf::StringPiece(json.data(), json.size()),
      &binary, options);
  if (!status.ok() || !message->ParseFromString(binary)) {
    return absl::InternalError("stored document does not parse");
  }
  return absl::OkStatus();
}

std::string ToJsonArray(const std::vector<std::string>& items) {
  google::protobuf::ListValue list;
  for (const std::string& s : items) list.add_values()->set_string_value(s);
  return ToJson(list);
}

std::vector<std::string> FromJsonArray(absl::string_view json) {
  if (std::optional<std::vector<std::string>> direct = ParseJsonStringArray(json)) {
    return *std::move(direct);
  }
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
