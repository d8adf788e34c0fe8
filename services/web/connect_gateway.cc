#include "services/web/connect_gateway.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <grpcpp/client_context.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "services/common/access_log.h"
#include "services/common/proto_service.h"
#include "services/common/trace_context.h"
#include "services/web/connect_protocol.h"
#include "services/web/web_security.h"
#include "summit/directory/v1/directory_service.pb.h"

namespace summit::web {
namespace {

using google::protobuf::MethodDescriptor;

constexpr char kCompleteSignIn[] = "/summit.directory.v1.DirectoryService/CompleteSignIn";
constexpr char kSignOut[] = "/summit.directory.v1.DirectoryService/SignOut";
constexpr char kWhoAmI[] = "/summit.directory.v1.DirectoryService/WhoAmI";

void Refuse(httplib::Response& res, const grpc::Status& status) {
  res.status = HttpStatusOf(status.error_code());
  res.set_content(ErrorJson(status), "application/json");
}

// JSON <-> protobuf bytes straight from the descriptors, without building
// a message in between; one resolver for the process.
google::protobuf::util::TypeResolver* Resolver() {
  static google::protobuf::util::TypeResolver* const kResolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  return kResolver;
}

std::string TypeUrl(const google::protobuf::Descriptor* type) {
  return absl::StrCat("type.googleapis.com/", type->full_name());
}

// A request body as protobuf bytes, or why it is not one.
grpc::Status ToBytes(Codec codec, const std::string& body, const google::protobuf::Descriptor* type,
                     std::string* bytes) {
  if (codec == Codec::kProto) {
    *bytes = body;
    return grpc::Status::OK;
  }
  bytes->clear();
  const auto parsed = google::protobuf::util::JsonToBinaryString(Resolver(), TypeUrl(type),
                                                                 body.empty() ? "{}" : body, bytes);
  if (!parsed.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("request body: not a valid ", type->name(),
                                     " in JSON: ", std::string(parsed.message())));
  }
  return grpc::Status::OK;
}

// A response's bytes in the caller's codec.
std::string FromBytes(Codec codec, const std::string& bytes,
                      const google::protobuf::Descriptor* type) {
  if (codec == Codec::kProto) return bytes;
  std::string json;
  (void)google::protobuf::util::BinaryToJsonString(Resolver(), TypeUrl(type), bytes, &json);
  return json;
}

// The CSRF rule (see web_security.h): refuses and answers false, or true.
bool AcceptsCall(const httplib::Request& req, httplib::Response& res,
                 const std::set<std::string>& allowed_origins) {
  if (!OriginAllowed(req.get_header_value("Origin"), req.get_header_value("Host"),
                     allowed_origins)) {
    Refuse(res, grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                             "Origin: calls from other sites are not allowed"));
    return false;
  }
  if (req.get_header_value("Connect-Protocol-Version") != "1") {
    Refuse(res,
           grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Connect-Protocol-Version: must be 1"));
    return false;
  }
  return true;
}

// The call's metadata from the HTTP request: the bearer token (an
// Authorization header, else the session cookie), request id, deadline and
// the client's address.
void PrepareContext(const httplib::Request& req, absl::Duration default_deadline,
                    grpc::ClientContext* ctx) {
  const std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    ctx->AddMetadata("authorization", authorization);
  } else if (auto session = SessionFromCookies(req.get_header_value("Cookie"))) {
    ctx->AddMetadata("authorization", "Bearer " + *session);
  }
  const std::string request_id = req.get_header_value("X-Request-Id");
  if (!request_id.empty() && request_id.size() <= 128) {
    ctx->AddMetadata(kRequestIdMetadata, request_id);
  }
  // A trace begun in front of summitd (a proxy, the browser) goes on with
  // the call; a malformed one is dropped and the call starts a new trace.
  if (ParseTraceParent(req.get_header_value("traceparent"))) {
    ctx->AddMetadata(kTraceParentMetadata, req.get_header_value("traceparent"));
  }
  absl::Duration deadline = default_deadline;
  if (auto ms = ParseTimeoutMs(req.get_header_value("Connect-Timeout-Ms"))) {
    deadline = std::min(deadline, absl::Milliseconds(*ms));
  }
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  const bool v6 = absl::StrContains(req.remote_addr, ':');
  ctx->AddMetadata(kGatewayProofMetadata, GatewayProof());
  // gRPC's peer format, "ipv4:10.1.2.3:51234".
  ctx->AddMetadata(kClientAddressMetadata, absl::StrCat(v6 ? "ipv6:[" : "ipv4:", req.remote_addr,
                                                        v6 ? "]:" : ":", req.remote_port));
}

// Moves a new session's token from the answer into the HttpOnly cookie.
void KeepSessionInCookie(std::string* bytes, bool secure, httplib::Response& res) {
  directory::v1::CompleteSignInResponse signed_in;
  if (!signed_in.ParseFromString(*bytes)) return;
  const auto& credential = signed_in.credential();
  std::optional<absl::Duration> max_age;
  if (credential.has_expire_time()) {
    max_age = absl::FromUnixSeconds(credential.expire_time().seconds()) - absl::Now();
  }
  res.set_header("Set-Cookie", SessionCookie(credential.token(), max_age, secure));
  signed_in.mutable_credential()->clear_token();
  *bytes = signed_in.SerializeAsString();
}

grpc::ByteBuffer BufferOf(const std::string& bytes) {
  grpc::ByteBuffer buffer;
  SetBytes(bytes, &buffer);
  return buffer;
}

// One unary call to the gRPC server, bytes in and out.
grpc::Status CallUnary(grpc::ChannelInterface* channel, const char* path, grpc::ClientContext* ctx,
                       const std::string& request, std::string* response) {
  grpc::ByteBuffer out;
  const grpc::Status status = grpc::internal::BlockingUnaryCall(
      channel, grpc::internal::RpcMethod(path, grpc::internal::RpcMethod::NORMAL_RPC), ctx,
      BufferOf(request), &out);
  if (status.ok()) *response = BytesOf(out);
  return status;
}

}  // namespace

ConnectGateway::ConnectGateway(GatewayOptions options, std::shared_ptr<grpc::Channel> channel,
                               const std::vector<std::string>& services)
    : options_(std::move(options)), channel_(std::move(channel)) {
  for (const std::string& name : services) {
    if (absl::StrContains(name, ".internal.")) continue;
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      if (method->client_streaming()) continue;  // none today; Connect-web cannot send them
      methods_[absl::StrCat("/", service->full_name(), "/", method->name())] = method;
    }
  }
}

void ConnectGateway::Register(httplib::Server& server) {
  for (const auto& [path, method] : methods_) {
    const MethodDescriptor* m = method;
    server.Post(path, [this, m](const httplib::Request& req, httplib::Response& res) {
      if (m->server_streaming()) {
        ServerStream(req, res, *m);
      } else {
        Unary(req, res, *m);
      }
    });
  }
  server.Post("/auth/token", [this](const httplib::Request& req, httplib::Response& res) {
    PasteToken(req, res);
  });
}

void ConnectGateway::Unary(const httplib::Request& req, httplib::Response& res,
                           const MethodDescriptor& method) const {
  if (!AcceptsCall(req, res, options_.allowed_origins)) return;
  const std::optional<Codec> codec = UnaryCodecOf(req.get_header_value("Content-Type"));
  if (!codec) {
    res.status = 415;
    res.set_content(ErrorJson(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                           "Content-Type: application/json or application/proto")),
                    "application/json");
    return;
  }
  std::string request_bytes;
  if (grpc::Status s = ToBytes(*codec, req.body, method.input_type(), &request_bytes); !s.ok()) {
    return Refuse(res, s);
  }
  const std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  grpc::ClientContext ctx;
  PrepareContext(req, options_.unary_deadline, &ctx);
  std::string bytes;
  const grpc::Status status = CallUnary(channel_.get(), path.c_str(), &ctx, request_bytes, &bytes);
  if (path == kSignOut &&
      (status.ok() || status.error_code() == grpc::StatusCode::UNAUTHENTICATED)) {
    res.set_header("Set-Cookie", ClearedSessionCookie(options_.secure_cookies));
  }
  if (!status.ok()) return Refuse(res, status);
  if (path == kCompleteSignIn) KeepSessionInCookie(&bytes, options_.secure_cookies, res);
  res.set_header("Cache-Control", "no-store");
  res.set_content(FromBytes(*codec, bytes, method.output_type()),
                  *codec == Codec::kJson ? "application/json" : "application/proto");
}

void ConnectGateway::ServerStream(const httplib::Request& req, httplib::Response& res,
                                  const MethodDescriptor& method) const {
  if (!AcceptsCall(req, res, options_.allowed_origins)) return;
  const std::optional<Codec> codec = StreamCodecOf(req.get_header_value("Content-Type"));
  if (!codec) {
    res.status = 415;
    return;
  }
  const std::optional<std::string> payload = SingleEnvelope(req.body);
  std::string request_bytes;
  grpc::Status bad = payload ? ToBytes(*codec, *payload, method.input_type(), &request_bytes)
                             : grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                            "request body: one uncompressed Connect envelope");
  const std::string content_type =
      *codec == Codec::kJson ? "application/connect+json" : "application/connect+proto";
  res.set_header("Cache-Control", "no-store");
  if (!bad.ok()) {
    // Stream errors travel in the end-of-stream message, with HTTP 200.
    res.set_content(EndStream(bad), content_type);
    return;
  }
  struct Stream {
    std::string path;
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader;
    bool finished = false;
  };
  auto stream = std::make_shared<Stream>();
  stream->path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
  PrepareContext(req, options_.stream_deadline, &stream->ctx);
  stream->reader.reset(grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
      channel_.get(),
      grpc::internal::RpcMethod(stream->path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING),
      &stream->ctx, BufferOf(request_bytes)));
  const Codec out_codec = *codec;
  const google::protobuf::Descriptor* out_type = method.output_type();
  res.set_chunked_content_provider(
      content_type,
      [stream, out_codec, out_type](size_t, httplib::DataSink& sink) {
        grpc::ByteBuffer message;
        if (stream->reader->Read(&message)) {
          const std::string frame = Envelope(0, FromBytes(out_codec, BytesOf(message), out_type));
          if (!sink.write(frame.data(), frame.size())) {
            stream->ctx.TryCancel();
            return false;
          }
          return true;
        }
        const std::string end = EndStream(stream->reader->Finish());
        stream->finished = true;
        sink.write(end.data(), end.size());
        sink.done();
        return true;
      },
      [stream](bool) {
        if (stream->finished) return;
        // The browser went away: end the watch and collect its status.
        stream->ctx.TryCancel();
        grpc::ByteBuffer rest;
        while (stream->reader->Read(&rest)) {
        }
        (void)stream->reader->Finish();
      });
}

void ConnectGateway::PasteToken(const httplib::Request& req, httplib::Response& res) const {
  if (!AcceptsCall(req, res, options_.allowed_origins)) return;
  std::string token;
  // {"token": "..."}: checked by asking the server who it is.
  {
    google::protobuf::Struct parsed;
    if (google::protobuf::util::JsonStringToMessage(req.body, &parsed).ok() &&
        parsed.fields().count("token")) {
      token = parsed.fields().at("token").string_value();
    }
  }
  if (token.empty()) {
    return Refuse(res, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                    "token: required, as {\"token\": \"...\"}"));
  }
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + options_.unary_deadline));
  std::string bytes;
  const grpc::Status status = CallUnary(channel_.get(), kWhoAmI, &ctx,
                                        directory::v1::WhoAmIRequest().SerializeAsString(), &bytes);
  if (!status.ok()) return Refuse(res, status);
  directory::v1::WhoAmIResponse who;
  who.ParseFromString(bytes);
  // Kept until the browser closes; the token's own expiry still rules.
  res.set_header("Set-Cookie", SessionCookie(token, std::nullopt, options_.secure_cookies));
  res.set_header("Cache-Control", "no-store");
  res.set_content(FromBytes(Codec::kJson, who.SerializeAsString(), who.GetDescriptor()),
                  "application/json");
}

}  // namespace summit::web
