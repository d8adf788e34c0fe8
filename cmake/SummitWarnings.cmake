# Warnings for our own targets only (generated code is left alone).
function(summit_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wno-unused-parameter -Werror=unused-result -Werror=return-type)
endfunction()
