#pragma once
// The HTTP endpoint Prometheus scrapes: GET /metrics on --metrics-listen, in
// the text exposition format, from the process's metrics registry. Kept off
// the public ports: it is for the cluster's monitoring, not for browsers.

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace prometheus {
class Exposer;
}

namespace summit {

class MetricsEndpoint final {
 public:
  // host:port; port 0 picks a free one.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen);
  ~MetricsEndpoint();

  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace summit
