#pragma once
// Browsers' way in: every public RPC of the hosted services as a Connect
// call over HTTP/1.1, `POST /<package>.<Service>/<Method>`, JSON or binary
// protobuf. Each call is passed to the very same gRPC server through its
// in-process channel, so authentication, validation, limits and handlers are
// the gRPC ones: the gateway translates and never decides. It adds only what
// HTTP needs: the session cookie (set by CompleteSignIn, cleared by SignOut,
// turned into the bearer token of each call), the CSRF rule, and the
// client's address for the sign-in limits.

#include <grpcpp/channel.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace google::protobuf {
class MethodDescriptor;
}

namespace summit::web {

struct GatewayOptions {
  // Adds `Secure` to the session cookie: set when browsers reach us by TLS.
  bool secure_cookies = false;
  // Origins besides this server's own that may call (CORS stays off
  // otherwise).
  std::set<std::string> allowed_origins;
  // A unary call without Connect-Timeout-Ms waits at most this long.
  absl::Duration unary_deadline = absl::Seconds(60);
  // A watch lasts at most this long; the app reconnects with its cursor.
  absl::Duration stream_deadline = absl::Minutes(30);
};

class ConnectGateway {
 public:
  // `services`: full names of the gRPC services to expose (internal ones are
  // skipped). `channel`: the server's in-process channel.
  ConnectGateway(GatewayOptions options, std::shared_ptr<grpc::Channel> channel,
                 const std::vector<std::string>& services);

  // Adds the routes: one POST per method, and POST /auth/token (an admin
  // pastes a token; it becomes the session cookie).
  void Register(httplib::Server& server);

  // "/summit.directory.v1.DirectoryService/GetPerson" -> its descriptor.
  const std::map<std::string, const google::protobuf::MethodDescriptor*>& methods() const {
    return methods_;
  }

 private:
  void Unary(const httplib::Request& req, httplib::Response& res,
             const google::protobuf::MethodDescriptor& method) const;
  void ServerStream(const httplib::Request& req, httplib::Response& res,
                    const google::protobuf::MethodDescriptor& method) const;
  void PasteToken(const httplib::Request& req, httplib::Response& res) const;

  GatewayOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::map<std::string, const google::protobuf::MethodDescriptor*> methods_;
};

}  // namespace summit::web
