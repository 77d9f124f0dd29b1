#pragma once
// The MPI_Comm behind a Communicator, for libraries that must be handed one (parallel HDF5).
// Include only from src/ code that needs it; it brings in mpi.h.
#include <mpi.h>

#include <cstdint>
#include <cstring>

#include "src/mpi/communicator.hpp"

namespace nayose::mpi {
// MPI_Comm is a pointer in Open MPI and an int in MPICH; either fits the opaque handle.
static_assert(sizeof(MPI_Comm) <= sizeof(std::uintptr_t));

inline MPI_Comm comm_from_handle(std::uintptr_t handle) {
  MPI_Comm comm;
  std::memcpy(&comm, &handle, sizeof comm);
  return comm;
}

inline std::uintptr_t handle_from_comm(MPI_Comm comm) {
  std::uintptr_t handle = 0;
  std::memcpy(&handle, &comm, sizeof comm);
  return handle;
}

inline MPI_Comm native(const Communicator& comm) {
  return comm_from_handle(*static_cast<const std::uintptr_t*>(comm.native_handle()));
}
}  // namespace nayose::mpi
