#include "services/common/proto_service.h"

#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/server_callback.h>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/request_checks.h"
#include "services/common/status.h"

namespace summit {

absl::Status RequireServiceCaller(const Principal& caller, absl::string_view service) {
  if (caller.IsService()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(service, " is internal: only Summit's own services may call it"));
}

std::string BytesOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

void SetBytes(const std::string& bytes, grpc::ByteBuffer* buffer) {
  grpc::Slice slice(bytes);
  grpc::ByteBuffer filled(&slice, 1);
  buffer->Swap(&filled);
}

bool ProtoService::IsRead(absl::string_view method) {
  return absl::StartsWith(method, "Get") || absl::StartsWith(method, "List") ||
         absl::StartsWith(method, "BatchGet") || absl::StartsWith(method, "Search");
}

ProtoService::ProtoService(absl::string_view full_name, RpcRunner* runner)
    : descriptor_(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(full_name))),
      runner_(runner) {
  if (descriptor_ == nullptr) {
    problems_.push_back(absl::StrCat("no service ", full_name, " is linked in"));
    return;
  }
  services_only_ = absl::StrContains(descriptor_->full_name(), ".internal.");
}

void ProtoService::Add(absl::string_view method, const google::protobuf::Descriptor* request_type,
                       const google::protobuf::Descriptor* response_type,
                       const google::protobuf::Message* prototype, Handler handler) {
  if (descriptor_ == nullptr) return;
  const google::protobuf::MethodDescriptor* m = descriptor_->FindMethodByName(std::string(method));
  if (m == nullptr || m->input_type() != request_type || m->output_type() != response_type ||
      m->client_streaming() || m->server_streaming()) {
    problems_.push_back(absl::StrCat(method, " is not a unary method of ", descriptor_->full_name(),
                                     " with these request and response types"));
    return;
  }
  paths_.push_back(absl::StrCat("/", descriptor_->full_name(), "/", m->name()));
  handlers_.push_back(std::move(handler));
  const Handler* stored = &handlers_.back();
  const std::string* path = &paths_.back();
  InlinePolicy* inline_policy = IsRead(m->name()) ? &inline_policies_.emplace_back() : nullptr;
  AddMethod(new grpc::internal::RpcServiceMethod(paths_.back().c_str(),
                                                 grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
  MarkMethodRawCallback(
      static_cast<int>(paths_.size() - 1),
      new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
          [this, prototype, stored, path, inline_policy](
              grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in, grpc::ByteBuffer* out) {
            return Call(ctx, in, out, *path, prototype, stored, inline_policy);
          }));
}

absl::Status ProtoService::CheckComplete() const {
  std::vector<std::string> problems = problems_;
  if (descriptor_ != nullptr) {
    for (int i = 0; i < descriptor_->method_count(); ++i) {
      const std::string path =
          absl::StrCat("/", descriptor_->full_name(), "/", descriptor_->method(i)->name());
      if (std::count(paths_.begin(), paths_.end(), path) != 1) {
        problems.push_back(
            absl::StrCat(descriptor_->method(i)->name(), " needs exactly one handler"));
      }
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InternalError(absl::StrJoin(problems, "; "));
}

grpc::ServerUnaryReactor* ProtoService::Call(grpc::CallbackServerContext* ctx,
                                             const grpc::ByteBuffer* in, grpc::ByteBuffer* out,
                                             const std::string& method,
                                             const google::protobuf::Message* prototype,
                                             const Handler* handler, InlinePolicy* inline_policy) {
  auto* reactor = new CallReactor(*ctx, method);
  const bool anonymous = absl::c_any_of(anonymous_, [&](const std::string& m) {
    return absl::EndsWith(method, absl::StrCat("/", m));
  });
  absl::StatusOr<CallContext> call =
      anonymous ? runner_->BeginAnonymous(*ctx, *reactor) : runner_->Begin(*ctx, reactor);
  if (!call.ok()) {
    reactor->Respond(ToGrpcStatus(call.status()));
    return reactor;
  }
  std::shared_ptr<google::protobuf::Message> request(prototype->New());
  absl::Status valid = services_only_
                           ? RequireServiceCaller(call->principal, descriptor_->full_name())
                           : absl::OkStatus();
  if (valid.ok()) valid = ReadRequest(BytesOf(*in), request.get());
  if (!valid.ok()) {
    reactor->Respond(ToGrpcStatus(valid));
    return reactor;
  }
  runner_->Execute(
      ctx, reactor, *std::move(call),
      [request, handler, out](const CallContext& c, DbSession& db) -> absl::Status {
        absl::StatusOr<std::string> response = (*handler)(c, db, *request);
        if (!response.ok()) return response.status();
        SetBytes(*response, out);
        return absl::OkStatus();
      },
      inline_policy);
  return reactor;
}

}  // namespace summit
