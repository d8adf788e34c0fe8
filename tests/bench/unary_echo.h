// summit_echo served the way summitd serves a call, taking on summitd's
// per-call duties one at a time: a staircase from the bare round trip to
// summitd, each step measured by run_bench.py --echo-duties.
//   - the method is a raw callback unary handler, as ProtoService registers
//     it (not the generic bidi reactor of the plain echo);
//   - with an Authenticator, each call's bearer token is checked by the same
//     code as summitd's, over the same key (verified tokens remembered);
//   - with `log_calls`, each call keeps summitd's access entry (request id,
//     trace span, peer, principal) and writes its line and metrics sample
//     when it answers.
// No authorization, request checks, transaction or decoding: what summitd
// does beyond the last step is the rest of its own code.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/server_callback.h>

#include <memory>
#include <optional>
#include <string>

#include "minimal_read.h"
#include "services/common/access_log.h"
#include "services/common/authenticator.h"
#include "services/common/proto_service.h"

namespace summit::bench {

struct UnaryReplay {
  std::string path;  // "/package.Service/Method"
  const google::protobuf::Message* request_prototype;
  const google::protobuf::Message* response;     // serialised for every call, as summitd does
  const MinimalRead* read = nullptr;             // the statement a call runs, if any
  const Authenticator* authenticator = nullptr;  // checks each call's token when set
  bool log_calls = false;                        // an access entry a call when set
};

// One call's reactor, deleting itself when gRPC is done, as summitd's CallReactor.
class UnaryEchoReactor final : public grpc::ServerUnaryReactor {
 public:
  UnaryEchoReactor(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                   grpc::ByteBuffer* out, const UnaryReplay& replay) {
    if (replay.log_calls) entry_.emplace(*ctx, replay.path);
    if (replay.authenticator != nullptr) {
      absl::StatusOr<Principal> caller = replay.authenticator->Authenticate(ctx->client_metadata());
      if (!caller.ok()) {
        Answer(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                            std::string(caller.status().message())));
        return;
      }
      if (entry_) entry_->set_principal(caller->subject);
    }
    // The request's bytes and the response's as ProtoService takes and gives them.
    std::unique_ptr<google::protobuf::Message> request(replay.request_prototype->New());
    if (!request->ParseFromString(BytesOf(*in))) {
      Answer(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request does not parse"));
      return;
    }
    std::string error;
    if (replay.read != nullptr && !replay.read->Run(&error)) {
      Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the statement failed: " + error));
      return;
    }
    SetBytes(replay.response->SerializeAsString(), out);
    Answer(grpc::Status::OK);
  }

  void OnDone() override { delete this; }

 private:
  void Answer(const grpc::Status& status) {
    if (entry_) entry_->Write(status.error_code());
    Finish(status);
  }

  std::optional<CallLogEntry> entry_;
};

// A service of the one method, registered as ProtoService registers each of
// summitd's.
class UnaryEchoService final : public grpc::Service {
 public:
  explicit UnaryEchoService(const UnaryReplay* replay) {
    AddMethod(new grpc::internal::RpcServiceMethod(replay->path.c_str(),
                                                   grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
    MarkMethodRawCallback(
        0, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
               [replay](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                        grpc::ByteBuffer* out) -> grpc::ServerUnaryReactor* {
                 return new UnaryEchoReactor(ctx, in, out, *replay);
               }));
  }
};

}  // namespace summit::bench
