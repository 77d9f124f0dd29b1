#pragma once
// Phase timers: a job records wall time per named phase on each rank; src/mpi/timer_report.hpp
// aggregates them min/mean/max across ranks. Phases are kept in first-start order.
#include <chrono>
#include <string>
#include <vector>

namespace nayose {

class PhaseTimers {
 public:
  struct Phase {
    std::string name;
    double seconds = 0.0;
  };

  class Scope {
   public:
    Scope(PhaseTimers& owner, std::size_t index);
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope();

   private:
    PhaseTimers& owner_;
    std::size_t index_;
    std::chrono::steady_clock::time_point start_;
  };

  // Times the enclosing scope under `name`; repeated phases accumulate.
  [[nodiscard]] Scope phase(const std::string& name);
  // Adds seconds measured by the caller to `name` (for time interleaved with other work).
  void add(const std::string& name, double seconds);
  const std::vector<Phase>& phases() const { return phases_; }
  double total_seconds() const;

 private:
  std::vector<Phase> phases_;
};

// Peak resident set size of this process so far, in bytes (getrusage).
std::size_t peak_rss_bytes();
// Currently available memory of the node in bytes (MemAvailable in /proc/meminfo), 0 if unknown.
std::size_t available_memory_bytes();

}  // namespace nayose
