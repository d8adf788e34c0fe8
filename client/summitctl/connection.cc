#include "client/summitctl/connection.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace summit::ctl {

std::string DefaultCredentialsFile() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.config/summit/credentials";
}

StoredCredentials ReadCredentialsFile(const std::string& path) {
  StoredCredentials creds;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos || line[0] == '#') continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    if (key == "server") creds.server = value;
    if (key == "token") creds.token = value;
  }
  return creds;
}

bool WriteCredentialsFile(const std::string& path, const StoredCredentials& creds) {
  // The folder too is private (0700) when summitctl makes it: others must not
  // even list what credentials there are.
  const mode_t old = umask(077);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::trunc);
  umask(old);
  if (!out) return false;
  out << "# summitctl credentials: keep private\nserver=" << creds.server
      << "\ntoken=" << creds.token << "\n";
  chmod(path.c_str(), 0600);
  return static_cast<bool>(out);
}

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) {
  if (options_.credentials_file.empty()) options_.credentials_file = DefaultCredentialsFile();
  const StoredCredentials stored = ReadCredentialsFile(options_.credentials_file);
  if (options_.token.empty()) options_.token = stored.token;
  if (options_.server.empty()) options_.server = stored.server;
  if (options_.server.empty()) options_.server = "localhost:50051";
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (options_.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options_.ca_file.empty()) {
      std::ifstream in(options_.ca_file);
      std::stringstream pem;
      pem << in.rdbuf();
      ssl.pem_root_certs = pem.str();
    }
    creds = grpc::SslCredentials(ssl);
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  channel_ = grpc::CreateCustomChannel(options_.server, creds, args);
}

std::unique_ptr<grpc::ClientContext> Connection::Context() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) ctx->AddMetadata("authorization", "Bearer " + options_.token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(options_.timeout_seconds));
  return ctx;
}

std::string DescribeError(const grpc::Status& status, const std::string& server) {
  std::string what;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      what =
          "Not signed in, or the token was not accepted. Set SUMMIT_TOKEN, pass --token, "
          "or run `summitctl login --token ...`";
      break;
    case grpc::StatusCode::PERMISSION_DENIED:
      what = "You are signed in but not allowed to do this";
      break;
    case grpc::StatusCode::INVALID_ARGUMENT:
      what = "The request has a field to fix";
      break;
    case grpc::StatusCode::NOT_FOUND:
      what = "Not found (or not visible to you)";
      break;
    case grpc::StatusCode::ALREADY_EXISTS:
      what = "It already exists";
      break;
    case grpc::StatusCode::ABORTED:
      what = "Someone changed it since you read it; get it again and retry with the new etag";
      break;
    case grpc::StatusCode::FAILED_PRECONDITION:
      what = "Not allowed in the current state";
      break;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      what = "The server is busy; try again in a moment";
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      what = "The server did not answer in time (raise --timeout?)";
      break;
    case grpc::StatusCode::UNAVAILABLE:
      what = "Cannot reach summitd at " + server + " (is it running? is --server right?)";
      break;
    default:
      what = "The server failed to handle the request";
  }
  return what + ": " + status.error_message();
}

}  // namespace summit::ctl
