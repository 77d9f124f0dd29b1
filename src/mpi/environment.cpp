#include "src/mpi/environment.hpp"

#include <mpi.h>

#include <cstdlib>

#include "src/common/error.hpp"
#include "src/mpi/check.hpp"

namespace nayose::mpi {

namespace detail {
std::string error_string(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS) return "unknown MPI error " + std::to_string(rc);
  return std::string(text, static_cast<std::size_t>(len));
}

void check(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw MpiError(std::string(call) + " failed: " + error_string(rc));
}
}  // namespace detail

namespace {
int to_mpi(ThreadLevel level) {
  switch (level) {
    case ThreadLevel::single: return MPI_THREAD_SINGLE;
    case ThreadLevel::funneled: return MPI_THREAD_FUNNELED;
    case ThreadLevel::serialized: return MPI_THREAD_SERIALIZED;
    case ThreadLevel::multiple: return MPI_THREAD_MULTIPLE;
  }
  return MPI_THREAD_SINGLE;
}
ThreadLevel from_mpi(int level) {
  if (level == MPI_THREAD_MULTIPLE) return ThreadLevel::multiple;
  if (level == MPI_THREAD_SERIALIZED) return ThreadLevel::serialized;
  if (level == MPI_THREAD_FUNNELED) return ThreadLevel::funneled;
  return ThreadLevel::single;
}
}  // namespace

const char* thread_level_name(ThreadLevel level) {
  switch (level) {
    case ThreadLevel::single: return "MPI_THREAD_SINGLE";
    case ThreadLevel::funneled: return "MPI_THREAD_FUNNELED";
    case ThreadLevel::serialized: return "MPI_THREAD_SERIALIZED";
    case ThreadLevel::multiple: return "MPI_THREAD_MULTIPLE";
  }
  return "?";
}

Environment::Environment(int& argc, char**& argv, ThreadLevel required) : required_(required) {
  if (initialized()) throw MpiError("MPI is already initialised: only one nayose::mpi::Environment may exist");
  int provided = MPI_THREAD_SINGLE;
  const int rc = MPI_Init_thread(&argc, &argv, to_mpi(required), &provided);
  if (rc != MPI_SUCCESS) throw MpiError("MPI_Init_thread failed (error code " + std::to_string(rc) + ")");
  // From here on MPI calls report errors by return code; detail::check turns them into exceptions.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  provided_ = from_mpi(provided);
  if (provided_ < required_) {
    const std::string msg = std::string("MPI provides only ") + thread_level_name(provided_) + ", nayose needs " +
                            thread_level_name(required_);
    MPI_Finalize();
    throw MpiError(msg);
  }
}

Environment::~Environment() {
  if (initialized() && !finalized()) MPI_Finalize();
}

bool Environment::initialized() {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag != 0;
}

bool Environment::finalized() {
  int flag = 0;
  MPI_Finalized(&flag);
  return flag != 0;
}

void Environment::abort(int exit_code) {
  if (initialized() && !finalized()) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

std::string Environment::library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  detail::check(MPI_Get_library_version(text, &len), "MPI_Get_library_version");
  std::string s(text, static_cast<std::size_t>(len));
  if (const auto nl = s.find_first_of("\r\n,"); nl != std::string::npos) s.resize(nl);
  return s;
}

std::string Environment::processor_name() {
  char text[MPI_MAX_PROCESSOR_NAME];
  int len = 0;
  detail::check(MPI_Get_processor_name(text, &len), "MPI_Get_processor_name");
  return std::string(text, static_cast<std::size_t>(len));
}

}  // namespace nayose::mpi
