#pragma once
// How summitctl reaches the server: address, token and deadline, from flags,
// then environment variables, then the credentials file.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace summit::ctl {

struct ConnectionOptions {
  std::string server;            // --server, SUMMIT_SERVER
  std::string token;             // --token, SUMMIT_TOKEN
  std::string credentials_file;  // --credentials-file, SUMMIT_CREDENTIALS_FILE
  bool tls = false;              // --tls
  std::string ca_file;           // --ca-file
  int timeout_seconds = 15;
  bool json = false;
};

// ~/.config/summit/credentials unless set.
std::string DefaultCredentialsFile();

struct StoredCredentials {
  std::string server;
  std::string token;
};
StoredCredentials ReadCredentialsFile(const std::string& path);
// Written with mode 0600: it holds a bearer token.
bool WriteCredentialsFile(const std::string& path, const StoredCredentials& creds);

class Connection final {
 public:
  explicit Connection(ConnectionOptions options);
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A context carrying the token and the deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;
  const ConnectionOptions& options() const { return options_; }

 private:
  ConnectionOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A sentence for a person: what went wrong and what to do, then the
// server's own words.
std::string DescribeError(const grpc::Status& status, const std::string& server);

}  // namespace summit::ctl
