#include "services/server/metrics_endpoint.h"

#include <prometheus/exposer.h>

#include "absl/strings/str_cat.h"
#include "services/common/metrics.h"

namespace summit {

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& listen) {
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  try {
    // Two threads: scrapes are rare and cheap.
    endpoint->exposer_ = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("--metrics-listen: cannot listen on ", listen, ": ", e.what()));
  }
  endpoint->exposer_->RegisterCollectable(metrics::Registry());
  const std::vector<int> ports = endpoint->exposer_->GetListeningPorts();
  endpoint->port_ = ports.empty() ? 0 : ports.front();
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() = default;

}  // namespace summit
