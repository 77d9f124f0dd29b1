// Google Benchmark main for MPI benchmarks: every rank runs the benchmarks (they call collectives),
// only rank 0 prints. Benchmarks must fix their iteration counts so all ranks agree.
#include <benchmark/benchmark.h>

#include "src/mpi/environment.hpp"
#include "src/mpi/communicator.hpp"

namespace {
class NullReporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};
}  // namespace

int main(int argc, char** argv) {
  nayose::mpi::Environment env(argc, argv);
  const auto world = nayose::mpi::Communicator::world();
  benchmark::Initialize(&argc, argv);
  if (world.rank() == 0) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    NullReporter quiet;
    benchmark::RunSpecifiedBenchmarks(&quiet);
  }
  benchmark::Shutdown();
  return 0;
}
