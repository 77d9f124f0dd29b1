# Test registration helpers.
#   nayose_add_test(<name> SOURCES ... [LIBS ...] [LABELS ...])
#       a serial GoogleTest binary, one ctest entry.
#   nayose_add_mpi_test(<name> SOURCES ... [LIBS ...] [RANKS 1 2 3 4] [LABELS ...])
#       an MPI GoogleTest binary (tests/support/mpi_gtest_main.cpp) registered once per rank count
#       as <name>.np<N>, run with `mpirun -np N --oversubscribe` (Open MPI), PROCESSORS=N.
# Open MPI refuses root unless OMPI_ALLOW_RUN_AS_ROOT* are set; the tests set them (CI runs as root).
set(NAYOSE_MPIEXEC_FLAGS --oversubscribe)

function(nayose_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main nayose_warnings)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "unit;${ARG_LABELS}")
endfunction()

function(nayose_add_mpi_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;RANKS;LABELS" ${ARGN})
  if(NOT ARG_RANKS)
    set(ARG_RANKS ${NAYOSE_TEST_RANKS})
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/tests/support/mpi_gtest_main.cpp)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} nayose_mpi GTest::gtest nayose_warnings)
  foreach(np IN LISTS ARG_RANKS)
    add_test(NAME ${name}.np${np}
             COMMAND ${MPIEXEC_EXECUTABLE} -np ${np} ${NAYOSE_MPIEXEC_FLAGS} $<TARGET_FILE:${name}>)
    set_tests_properties(${name}.np${np} PROPERTIES
      PROCESSORS ${np} TIMEOUT ${ARG_TIMEOUT} LABELS "mpi;np${np};${ARG_LABELS}"
      ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1")
  endforeach()
endfunction()
