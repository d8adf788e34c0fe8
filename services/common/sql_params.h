#pragma once
// Helpers for statement parameters.

#include <string>

namespace summit {

// An optional filter: SQL NULL (matches everything in `$n IS NULL OR ...`)
// when the request left it empty.
inline const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace summit
