# -DSUMMIT_SANITIZE=ON: AddressSanitizer and UndefinedBehaviorSanitizer on
# every target (tests/sanitize/run.sh builds with clang this way).
# -DSUMMIT_FUZZ=ON (clang only): coverage for libFuzzer on every target and
# the fuzz targets in tests/fuzz.
option(SUMMIT_SANITIZE "Build with ASan and UBSan" OFF)
option(SUMMIT_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(SUMMIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SUMMIT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SUMMIT_FUZZ needs clang (libFuzzer)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
