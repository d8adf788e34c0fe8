#pragma once
// Line-level unified diffs. Lines are compared whole, so multi-byte UTF-8
// text (Cyrillic, Hangul) is never cut inside a character.

#include <string>

#include "absl/strings/string_view.h"

namespace summit::recommendations {

// Empty when a and b are equal. `context` lines around each change.
std::string UnifiedDiff(absl::string_view a, absl::string_view b, absl::string_view from_label,
                        absl::string_view to_label, int context = 3);

}  // namespace summit::recommendations
