#pragma once
// Turns what was gathered into a package: the entries in document order
// (track order, then number), the figures, and one Markdown document per
// language. Pure: no I/O, so the layout is unit-tested on its own.

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "services/briefing/briefing_inputs.h"
#include "summit/briefing/v1/resources.pb.h"

namespace summit::briefing {

struct BuiltPackage {
  v1::BriefingPackage package;
  // (language, Markdown), in the package's language order.
  std::vector<std::pair<std::string, std::string>> documents;
};

BuiltPackage BuildPackage(const PackageInputs& inputs, const std::string& name, int version,
                          const std::string& compiled_by, absl::Time compile_time);

// "REC-12" -> 12; anything else sorts last.
int NumberOf(const std::string& number);

}  // namespace summit::briefing
