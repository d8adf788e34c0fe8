#pragma once
// What build this is: `git describe` of the source tree at build time
// (cmake/WriteVersion.cmake), printed by --version.

namespace summit {

extern const char kVersion[];

}  // namespace summit
