#include "client/summitctl/server_probe.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace summit::ctl {
namespace {

constexpr int kTimeoutMs = 1500;

bool SplitHostPort(std::string target, std::string* host, std::string* port) {
  if (target.rfind("dns:///", 0) == 0) target = target.substr(7);
  if (target.find("://") != std::string::npos || target.rfind("unix:", 0) == 0 ||
      target.rfind("ipv4:", 0) == 0 || target.rfind("ipv6:", 0) == 0) {
    return false;
  }
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) return false;
  *host = target.substr(0, colon);
  *port = target.substr(colon + 1);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  return !host->empty() && !port->empty();
}

// A connected socket, or -1.
int Connect(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      close(fd);
      fd = -1;
      continue;
    }
    pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
    int error = 0;
    socklen_t len = sizeof error;
    if (poll(&p, 1, kTimeoutMs) != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 ||
        error != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

}  // namespace

ProbeAnswer ProbeServer(const std::string& target) {
  std::string host;
  std::string port;
  if (!SplitHostPort(target, &host, &port)) return ProbeAnswer::kUnknownTarget;
  const int fd = Connect(host, port);
  if (fd < 0) return ProbeAnswer::kNothingListens;
  // The HTTP/2 client preface and an empty SETTINGS frame.
  static const char kPreface[] =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";
  const ssize_t sent = send(fd, kPreface, sizeof kPreface - 1, MSG_NOSIGNAL);
  unsigned char reply[16] = {};
  ssize_t got = 0;
  pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
  if (sent > 0 && poll(&p, 1, kTimeoutMs) == 1) got = recv(fd, reply, sizeof reply, 0);
  close(fd);
  if (got <= 0) return ProbeAnswer::kTlsOnly;  // hung up on plain text, or silent
  if (got >= 5 && std::memcmp(reply, "HTTP/", 5) == 0) return ProbeAnswer::kHttp1;
  if (got >= 4 && reply[3] == 0x04) return ProbeAnswer::kPlaintextGrpc;    // a SETTINGS frame
  if (reply[0] == 0x15 || reply[0] == 0x16) return ProbeAnswer::kTlsOnly;  // a TLS record
  return ProbeAnswer::kSomethingElse;
}

std::string ExplainUnreachable(const std::string& target, bool tls, ProbeAnswer answer) {
  switch (answer) {
    case ProbeAnswer::kNothingListens:
      return "Cannot reach summitd at " + target +
             ": nothing answers there (is it running? is --server right?)";
    case ProbeAnswer::kHttp1:
      return "The server at " + target +
             " answers HTTP/1, not gRPC: is --server the gRPC port of summitd (50051), not the "
             "web app's?";
    case ProbeAnswer::kSomethingElse:
      return "The server at " + target +
             " is not summitd (it does not speak gRPC): is --server "
             "right?";
    case ProbeAnswer::kTlsOnly:
      if (!tls) {
        return "summitd at " + target +
               " expects TLS: add --tls (and --ca-file if its "
               "certificate is not signed by a public CA)";
      }
      return "The TLS handshake with " + target +
             " failed: is --ca-file the CA that signed its "
             "certificate, and does the certificate name this host?";
    case ProbeAnswer::kPlaintextGrpc:
      if (tls) return "summitd at " + target + " speaks plain gRPC, without TLS: drop --tls";
      return "";
    case ProbeAnswer::kUnknownTarget:
      return "";
  }
  return "";
}

}  // namespace summit::ctl
