#pragma once
// Collective failure agreement: all ranks fail together, and the message is printed once.
//
// `agree(comm, fn)` runs purely local work on every rank. If it throws on any rank, every rank
// throws CollectiveFailure carrying the message of the lowest failing rank (and the process exit
// code that error type maps to), so all ranks unwind together and can finalise MPI cleanly.
// Work passed to agree() must not itself call collectives on `comm` (a rank that threw early
// would never reach them).
//
// An exception that escapes outside agree() cannot be agreed on (the other ranks may be blocked in
// a collective), so the job runner prints it from the failing rank and aborts every rank with
// MPI_Abort: still all ranks stop, with the message printed once, but without a clean finalise.
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include "src/common/error.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::mpi {

// Exit codes used by every nayose job.
inline constexpr int kExitFailure = 1;      // a run-time failure (input, I/O, MPI, HDF5, keys)
inline constexpr int kExitConfigError = 2;  // invalid configuration or command line
int exit_code_for(const std::exception& e);

// Raises CollectiveFailure on every rank if `local_error` is non-empty on any rank (collective).
void agree_on_error(const Communicator& comm, const std::string& local_error, int local_exit_code);

template <typename Fn>
auto agree(const Communicator& comm, Fn&& fn) -> std::invoke_result_t<Fn&> {
  using Result = std::invoke_result_t<Fn&>;
  std::string error;
  int code = 0;
  if constexpr (std::is_void_v<Result>) {
    try {
      fn();
    } catch (const CollectiveFailure&) {
      throw;  // already agreed inside fn: every rank has it
    } catch (const std::exception& e) {
      error = e.what();
      code = exit_code_for(e);
      if (error.empty()) error = "unknown error";
    }
    agree_on_error(comm, error, code);
  } else {
    static_assert(std::is_default_constructible_v<Result>, "agree() needs a default-constructible result");
    Result result{};
    try {
      result = fn();
    } catch (const CollectiveFailure&) {
      throw;
    } catch (const std::exception& e) {
      error = e.what();
      code = exit_code_for(e);
      if (error.empty()) error = "unknown error";
    }
    agree_on_error(comm, error, code);
    return result;
  }
}

// The exit code a CollectiveFailure carries (the originating error's code).
class AgreedFailure : public CollectiveFailure {
 public:
  AgreedFailure(int origin_rank, int failed_ranks, const std::string& message, int exit_code)
      : CollectiveFailure(origin_rank, failed_ranks, message), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace nayose::mpi
