# One warnings target, applied PRIVATE to every nayose target.
add_library(nayose_warnings INTERFACE)
target_compile_options(nayose_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
# GCC 12 at -O3 reports -Wrestrict on ordinary std::string assignments inlined from libstdc++
# (a known false positive, GCC PR 105329 / 105651): off for GCC 12 only, so Release + -Werror builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(nayose_warnings INTERFACE -Wno-restrict)
endif()
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
