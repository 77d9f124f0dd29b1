#pragma once
// RAII MPI environment. The only code allowed to call MPI directly lives in src/mpi/.
// Threading model: oneTBB workers never call MPI; only each rank's main thread does, so
// MPI_THREAD_FUNNELED is what we need. The environment asks for it and refuses to run with less.
#include <string>

namespace nayose::mpi {

enum class ThreadLevel { single = 0, funneled = 1, serialized = 2, multiple = 3 };
const char* thread_level_name(ThreadLevel level);

class Environment {
 public:
  Environment(int& argc, char**& argv, ThreadLevel required = ThreadLevel::funneled);
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  ~Environment();

  ThreadLevel provided() const noexcept { return provided_; }
  ThreadLevel required() const noexcept { return required_; }
  static bool initialized();
  static bool finalized();
  // Terminates every rank of MPI_COMM_WORLD (the last resort of the error policy).
  [[noreturn]] static void abort(int exit_code);
  static std::string library_version();
  static std::string processor_name();

 private:
  ThreadLevel required_;
  ThreadLevel provided_ = ThreadLevel::single;
};

}  // namespace nayose::mpi
