#include "src/mpi/timer_report.hpp"

#include <cstdio>

namespace nayose::mpi {

std::vector<PhaseSummary> summarize_phases(const Communicator& comm, const PhaseTimers& timers) {
  std::vector<std::string> names;
  for (const auto& p : timers.phases()) names.push_back(p.name);
  // Rank 0's phase list defines the table; send it as one newline-separated string.
  std::string joined;
  for (const auto& n : names) joined += n + '\n';
  joined = comm.broadcast(joined, 0);
  std::vector<std::string> root_names;
  for (std::size_t start = 0; start < joined.size();) {
    const auto nl = joined.find('\n', start);
    root_names.push_back(joined.substr(start, nl - start));
    start = nl + 1;
  }
  std::vector<double> mine(root_names.size(), 0.0);
  for (std::size_t i = 0; i < root_names.size(); ++i) {
    for (const auto& p : timers.phases()) {
      if (p.name == root_names[i]) mine[i] = p.seconds;
    }
  }
  const auto mins = comm.allreduce<double>(mine, Op::min);
  const auto maxs = comm.allreduce<double>(mine, Op::max);
  const auto sums = comm.allreduce<double>(mine, Op::sum);
  std::vector<PhaseSummary> out;
  for (std::size_t i = 0; i < root_names.size(); ++i) {
    out.push_back({root_names[i], mins[i], sums[i] / comm.size(), maxs[i]});
  }
  return out;
}

std::string format_phase_table(const std::vector<PhaseSummary>& phases) {
  std::string out = "phase                            min s     mean s      max s\n";
  char line[160];
  for (const auto& p : phases) {
    std::snprintf(line, sizeof line, "%-28s %10.3f %10.3f %10.3f\n", p.name.c_str(), p.min_seconds,
                  p.mean_seconds, p.max_seconds);
    out += line;
  }
  return out;
}

JobResult collect_result(const Communicator& comm, const std::string& stage, int threads,
                         std::uint64_t local_records, double seconds) {
  JobResult r;
  r.stage = stage;
  r.ranks = comm.size();
  r.threads = threads;
  r.records = comm.allreduce<std::uint64_t>(local_records, Op::sum);
  r.seconds = comm.allreduce<double>(seconds, Op::max);
  r.peak_rss_bytes_max = comm.allreduce<std::uint64_t>(peak_rss_bytes(), Op::max);
  return r;
}

std::string format_result_line(const JobResult& r) {
  char line[320];
  const double rate = r.seconds > 0 ? static_cast<double>(r.records) / r.seconds : 0.0;
  std::snprintf(line, sizeof line,
                "RESULT stage=%s ranks=%d threads=%d records=%llu seconds=%.3f records_per_s=%.1f peak_rss_mib=%.1f",
                r.stage.c_str(), r.ranks, r.threads, static_cast<unsigned long long>(r.records), r.seconds, rate,
                static_cast<double>(r.peak_rss_bytes_max) / (1024.0 * 1024.0));
  return line;
}

}  // namespace nayose::mpi
