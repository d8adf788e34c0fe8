#pragma once
// W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent`
// header "00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>" that
// lets one user action be followed across services and their logs.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace summit {

struct TraceParent {
  std::string trace_id;  // 32 lowercase hex digits, not all zero
  std::string span_id;   // 16 lowercase hex digits, not all zero
  std::string flags = "01";

  std::string ToHeader() const;
};

// The header's fields; nullopt when it is absent or malformed (version ff, an
// all-zero id, upper case, wrong lengths). A later version's extra fields are
// ignored, as the specification asks.
std::optional<TraceParent> ParseTraceParent(absl::string_view header);

// A new trace with a new span.
TraceParent NewTrace();
// A new span in the same trace, this one as its parent.
TraceParent ChildOf(const TraceParent& parent);

}  // namespace summit
