# One warnings target, applied PRIVATE to every nayose target.
add_library(nayose_warnings INTERFACE)
target_compile_options(nayose_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(NAYOSE_WERROR)
  target_compile_options(nayose_warnings INTERFACE -Werror)
endif()

if(NAYOSE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer targets (tests/fuzz): clang only. Every library is built with coverage instrumentation
# and ASan+UBSan; the fuzz executables link libFuzzer's main (-fsanitize=fuzzer).
if(NAYOSE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NAYOSE_FUZZ needs clang (cmake --preset fuzz)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
