#pragma once
// Reading the process's metrics (services/common/metrics.h) in a test that
// runs the server in-process. The registry is shared by every test in the
// process: compare a series before and after, never its absolute value.

#include <prometheus/metric_family.h>

#include <map>
#include <string>

#include "services/common/metrics.h"

namespace summit::testing {

// The first series of `family_name` carrying all of `labels` (a counter's
// or a gauge's value); 0 while there is none.
inline double MetricValue(const std::string& family_name,
                          const std::map<std::string, std::string>& labels) {
  for (const prometheus::MetricFamily& family : metrics::Registry()->Collect()) {
    if (family.name != family_name) continue;
    for (const prometheus::ClientMetric& m : family.metric) {
      size_t matched = 0;
      for (const prometheus::ClientMetric::Label& l : m.label) {
        auto it = labels.find(l.name);
        if (it != labels.end() && it->second == l.value) ++matched;
      }
      if (matched == labels.size()) {
        return family.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
      }
    }
  }
  return 0;
}

}  // namespace summit::testing
