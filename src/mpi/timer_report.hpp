#pragma once
// Phase timers aggregated across ranks (min / mean / max), and the RESULT line every job prints.
#include <cstdint>
#include <string>
#include <vector>

#include "src/common/timer.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::mpi {

struct PhaseSummary {
  std::string name;
  double min_seconds = 0.0;
  double mean_seconds = 0.0;
  double max_seconds = 0.0;
};

// Collective. Phases are rank 0's, in its order; a rank that never ran a phase counts 0 s for it.
std::vector<PhaseSummary> summarize_phases(const Communicator& comm, const PhaseTimers& timers);
// A fixed-width table for the log.
std::string format_phase_table(const std::vector<PhaseSummary>& phases);

struct JobResult {
  std::string stage;
  int ranks = 1;
  int threads = 1;
  std::uint64_t records = 0;  // summed over ranks by the caller
  double seconds = 0.0;
  std::uint64_t peak_rss_bytes_max = 0;  // max over ranks
};
// Collective: sums `local_records`, takes max of peak RSS, and returns the JobResult (same on all ranks).
JobResult collect_result(const Communicator& comm, const std::string& stage, int threads,
                         std::uint64_t local_records, double seconds);
// "RESULT stage=doctor ranks=4 threads=1 records=4 seconds=0.123 records_per_s=32.5 peak_rss_mib=12.3"
std::string format_result_line(const JobResult& result);

}  // namespace nayose::mpi
