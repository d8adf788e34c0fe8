#include "services/web/web_server.h"

#include <httplib.h>

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/web/static_files.h"
#include "services/web/web_security.h"

namespace summit::web {

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(
    WebOptions options, std::shared_ptr<grpc::Channel> channel,
    const std::vector<std::string>& services) {
  const size_t colon = options.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http-listen: \"", options.listen, "\" is not host:port"));
  }
  std::string host = options.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto web = std::unique_ptr<WebServer>(new WebServer());
  web->server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *web->server_;
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.max_request_bytes);
  // Headers and body go out in separate writes: without this, Nagle holds the
  // body until the client's delayed ACK of the headers (40 ms a call).
  server.set_tcp_nodelay(true);
  // A browser's connection serves many calls (the library's default closes
  // it after 5, and each new one costs a handshake).
  server.set_keep_alive_max_count(10000);
  server.set_keep_alive_timeout(60);
  httplib::Headers headers;
  for (const auto& [name, value] : SecurityHeaders()) headers.emplace(name, value);
  server.set_default_headers(headers);
  // CORS only for the configured origins: they may call with credentials;
  // everyone else gets no CORS headers, so browsers keep them out.
  const std::set<std::string> origins = options.gateway.allowed_origins;
  server.set_pre_routing_handler([origins](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty() || !origins.count(origin))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Allow-Credentials", "true");
    res.set_header("Vary", "Origin");
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, Authorization, "
                   "X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
    return httplib::Server::HandlerResponse::Handled;
  });
  web->gateway_ = std::make_unique<ConnectGateway>(options.gateway, std::move(channel), services);
  web->gateway_->Register(server);
  if (!options.app_dir.empty()) ServeApp(server, options.app_dir);
  web->port_ =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (web->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("--http-listen: cannot listen on ", options.listen));
  }
  web->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return web;
}

void WebServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

WebServer::~WebServer() { Stop(); }

}  // namespace summit::web
