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
