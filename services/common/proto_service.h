#pragma once
// A gRPC service built from its proto descriptor and one list of use-case
// methods, so that every service has the same shape and an RPC is one line:
//   service.Handle("GetPerson", &directory, &Directory::GetPerson);
// Each call: authenticate; parse the request here, so that invalid UTF-8 or
// a malformed message is INVALID_ARGUMENT naming the field (gRPC's own
// parser answers an empty UNIMPLEMENTED); refuse unknown enum values; run the
// use case on the service's database pool; map the status. A service in an
// internal package (`summit.<svc>.internal.v1`) answers only Summit's own
// servers: people, admins included, get PERMISSION_DENIED.

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/service_type.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/rpc.h"

namespace summit {

// PERMISSION_DENIED unless `caller` is one of Summit's own services: the
// rule of every internal service (`summit.<svc>.internal.v1`).
absl::Status RequireServiceCaller(const Principal& caller, absl::string_view service);

// A call's bytes, in and out.
std::string BytesOf(const grpc::ByteBuffer& buffer);
void SetBytes(const std::string& bytes, grpc::ByteBuffer* buffer);

class ProtoService final : public grpc::Service {
 public:
  // The use case of one method: request in, serialized response out.
  using Handler = std::function<absl::StatusOr<std::string>(const CallContext&, DbSession&,
                                                            const google::protobuf::Message&)>;

  // `full_name`, e.g. "summit.directory.v1.DirectoryService", must be a
  // service linked into this binary.
  ProtoService(absl::string_view full_name, RpcRunner* runner);

  template <typename Impl, typename Request, typename Response>
  void Handle(absl::string_view method, const Impl* impl,
              absl::StatusOr<Response> (Impl::*use_case)(const CallContext&, DbSession&,
                                                         const Request&) const) {
    HandleWith<Request, Response>(
        method, [impl, use_case](const CallContext& call, DbSession& db, const Request& request) {
          return (impl->*use_case)(call, db, request);
        });
  }

  template <typename Request, typename Response>
  void HandleWith(
      absl::string_view method,
      std::function<absl::StatusOr<Response>(const CallContext&, DbSession&, const Request&)> fn) {
    Add(method, Request::descriptor(), Response::descriptor(), &Request::default_instance(),
        [fn = std::move(fn)](
            const CallContext& call, DbSession& db,
            const google::protobuf::Message& request) -> absl::StatusOr<std::string> {
          absl::StatusOr<Response> response = fn(call, db, static_cast<const Request&>(request));
          if (!response.ok()) return response.status();
          return response->SerializeAsString();
        });
  }

  // Lets `method` be called without credentials (signing in). Its use case
  // sees an empty principal and must do its own rate limiting.
  void AllowAnonymous(absl::string_view method) { anonymous_.emplace_back(method); }

  // OK once every method of the descriptor has its handler, with the
  // descriptor's request and response types; otherwise what is wrong.
  absl::Status CheckComplete() const;

  const google::protobuf::ServiceDescriptor* descriptor() const { return descriptor_; }
  // The full paths of the methods it serves ("/<service>/<method>").
  const std::deque<std::string>& paths() const { return paths_; }

  // Whether a method is a read by the API's naming (Get, List, BatchGet,
  // Search): those are tried inline (RpcRunner::Execute). A read that turns
  // out to write, lock or call another service just runs on the pool.
  static bool IsRead(absl::string_view method);

 private:
  void Add(absl::string_view method, const google::protobuf::Descriptor* request_type,
           const google::protobuf::Descriptor* response_type,
           const google::protobuf::Message* prototype, Handler handler);
  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                                 grpc::ByteBuffer* out, const std::string& method,
                                 const google::protobuf::Message* prototype, const Handler* handler,
                                 InlinePolicy* inline_policy);

  const google::protobuf::ServiceDescriptor* descriptor_;
  RpcRunner* runner_;
  // gRPC keeps the method paths as char pointers: stable storage.
  std::deque<std::string> paths_;
  std::deque<Handler> handlers_;
  std::deque<InlinePolicy> inline_policies_;
  std::vector<std::string> problems_;
  bool services_only_ = false;
  std::vector<std::string> anonymous_;
};

}  // namespace summit
