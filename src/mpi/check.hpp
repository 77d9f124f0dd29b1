#pragma once
#include <string>

namespace nayose::mpi::detail {
// Throws nayose::MpiError naming the call and carrying MPI_Error_string unless rc == MPI_SUCCESS.
void check(int rc, const char* call);
std::string error_string(int rc);
}  // namespace nayose::mpi::detail
