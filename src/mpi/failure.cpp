#include "src/mpi/failure.hpp"

#include <climits>
#include <vector>

namespace nayose::mpi {

int exit_code_for(const std::exception& e) {
  if (const auto* agreed = dynamic_cast<const AgreedFailure*>(&e)) return agreed->exit_code();
  if (dynamic_cast<const ConfigError*>(&e) != nullptr) return kExitConfigError;
  return kExitFailure;
}

void agree_on_error(const Communicator& comm, const std::string& local_error, int local_exit_code) {
  const bool failed = !local_error.empty();
  const int failed_ranks = comm.allreduce<int>(failed ? 1 : 0, Op::sum);
  if (failed_ranks == 0) return;
  const int origin = comm.allreduce<int>(failed ? comm.rank() : INT_MAX, Op::min);
  std::string message = comm.broadcast(comm.rank() == origin ? local_error : std::string(), origin);
  const int code = comm.broadcast<int>(local_exit_code, origin);
  if (comm.size() > 1) {
    std::string where = "rank " + std::to_string(origin);
    if (failed_ranks > 1) where += " (and " + std::to_string(failed_ranks - 1) + " other rank(s))";
    message = where + ": " + message;
  }
  throw AgreedFailure(origin, failed_ranks, message, code);
}

}  // namespace nayose::mpi
