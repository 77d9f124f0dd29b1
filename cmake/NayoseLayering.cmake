# The layering rule (DESIGN.md): kernels/ is pure compute. It may link oneTBB, ICU and header-only
# helpers, never MPI, HDF5, Boost, OpenSSL or anything that does I/O. Checked at configure time so a
# careless target_link_libraries fails the build, not a code review.
function(nayose_check_kernels_layering target)
  get_target_property(libs ${target} LINK_LIBRARIES)
  get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
  foreach(lib IN LISTS libs ilibs)
    if(lib MATCHES "MPI|mpi|HDF5|hdf5|Boost|OpenSSL|ssl|crypto|nlohmann")
      message(FATAL_ERROR "layering violation: ${target} (kernels/) links ${lib}; kernels may link only oneTBB and ICU")
    endif()
    if(NOT lib MATCHES "^(TBB::|ICU::|nayose_warnings$|nayose_xxhash$|Threads::)" AND NOT lib MATCHES "^\\$<" AND NOT lib STREQUAL "libs-NOTFOUND" AND NOT lib STREQUAL "ilibs-NOTFOUND")
      message(FATAL_ERROR "layering violation: ${target} (kernels/) links ${lib}; kernels may link only oneTBB and ICU")
    endif()
  endforeach()
endfunction()
nayose_check_kernels_layering(nayose_kernels)
