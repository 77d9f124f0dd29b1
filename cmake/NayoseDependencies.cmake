# Every dependency is a Debian 12 package (jobs/setup.sh installs them). No downloads.
find_package(Threads REQUIRED)

# Open MPI's mpi.h drags in the deprecated C++ bindings unless told not to.
add_compile_definitions(OMPI_SKIP_MPICXX=1 MPICH_SKIP_MPICXX=1)
find_package(MPI REQUIRED COMPONENTS C)

# FindHDF5 picks the serial library when libhdf5-dev is also installed unless this is set first.
set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR
    "nayose needs the PARALLEL HDF5 library (Debian: libhdf5-openmpi-dev), but CMake found a serial one "
    "(include dirs: ${HDF5_INCLUDE_DIRS}). Install libhdf5-openmpi-dev or pass "
    "-DHDF5_C_COMPILER_EXECUTABLE=/usr/bin/h5pcc.openmpi.")
endif()
# Double-check at compile time that the header we build against really has H5_HAVE_PARALLEL.
include(CheckSymbolExists)
set(CMAKE_REQUIRED_INCLUDES ${HDF5_INCLUDE_DIRS} ${MPI_C_INCLUDE_DIRS})
set(CMAKE_REQUIRED_DEFINITIONS -DOMPI_SKIP_MPICXX=1)
check_symbol_exists(H5_HAVE_PARALLEL "hdf5.h" NAYOSE_H5_HAVE_PARALLEL)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_DEFINITIONS)
if(NOT NAYOSE_H5_HAVE_PARALLEL)
  message(FATAL_ERROR "hdf5.h in ${HDF5_INCLUDE_DIRS} does not define H5_HAVE_PARALLEL: not a parallel HDF5 build.")
endif()
add_library(nayose_hdf5 INTERFACE)
target_include_directories(nayose_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(nayose_hdf5 INTERFACE ${HDF5_C_LIBRARIES} MPI::MPI_C)
target_compile_definitions(nayose_hdf5 INTERFACE ${HDF5_DEFINITIONS})

find_package(TBB REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json 3.10 REQUIRED)

# xxHash is used header-only (XXH_INLINE_ALL), so kernels need its header but no library.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
add_library(nayose_xxhash INTERFACE)
target_include_directories(nayose_xxhash SYSTEM INTERFACE ${XXHASH_INCLUDE_DIR})

if(NAYOSE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(NAYOSE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

find_program(MPIEXEC_EXECUTABLE NAMES mpirun mpiexec REQUIRED)
message(STATUS "MPI: ${MPI_C_LIBRARIES}; launcher ${MPIEXEC_EXECUTABLE}")
message(STATUS "HDF5 ${HDF5_VERSION} (parallel): ${HDF5_C_LIBRARIES}")
message(STATUS "TBB ${TBB_VERSION}, OpenSSL ${OPENSSL_VERSION}, Boost ${Boost_VERSION}, ICU ${ICU_VERSION}")
