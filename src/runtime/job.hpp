#pragma once
// The frame every `nayose <job>` runs in: MPI environment, configuration (src/config), logging,
// threads per rank, phase timers, the failure policy and the RESULT line. A job supplies its
// options, its semantic checks and its body; everything else is the same for all jobs.
#include <cstdint>
#include <string>
#include <vector>

#include "src/common/timer.hpp"
#include "src/config/options.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/environment.hpp"

namespace nayose::runtime {

struct JobContext {
  const mpi::Communicator& world;
  const mpi::Environment& environment;
  int threads = 1;                 // oneTBB threads per rank in force
  PhaseTimers timers;              // phases the job records; aggregated min/mean/max at the end
  std::uint64_t local_records = 0; // records this rank processed, for the RESULT line
};

class Job {
 public:
  virtual ~Job() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;
  virtual void add_options(config::OptionSet& options) = 0;
  // Semantic checks after parsing (paths exist, ranges...); append every problem found.
  // Runs on every rank; must not call collectives.
  virtual void validate(std::vector<std::string>& problems) const { (void)problems; }
  // The job body. Throws on failure; local work that may fail on one rank should be wrapped in
  // mpi::agree() so that every rank fails together.
  virtual void run(JobContext& context) = 0;
};

// Runs a job as an MPI program with argv = {"nayose", "<job>", options...}. Returns the exit code.
int run_job(Job& job, int argc, char** argv);

// Threads per rank for `requested` (0 = automatic): SLURM_CPUS_PER_TASK if set, otherwise the
// node's hardware threads divided among the ranks on the node, at least 1.
int resolve_threads(int requested, int ranks_on_node);

}  // namespace nayose::runtime
