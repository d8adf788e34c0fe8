#pragma once
// summitd's HTTP/1.1 listener: the Connect gateway for browsers and the
// built web app, with the security headers and a request size limit on
// every answer. Off unless --http-listen is given.

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "services/web/connect_gateway.h"

namespace httplib {
class Server;
}

namespace summit::web {

struct WebOptions {
  // host:port; port 0 picks a free one.
  std::string listen;
  // The built web app (client/web/dist); empty serves the API alone.
  std::string app_dir;
  GatewayOptions gateway;
  size_t max_request_bytes = 4 * 1024 * 1024;
  // Each open watch holds one thread for its life.
  int threads = 64;
};

class WebServer {
 public:
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(WebOptions options,
                                                          std::shared_ptr<grpc::Channel> channel,
                                                          const std::vector<std::string>& services);
  ~WebServer();

  int port() const { return port_; }
  // Stops listening; calls in flight end first.
  void Stop();

 private:
  WebServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<ConnectGateway> gateway_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace summit::web
