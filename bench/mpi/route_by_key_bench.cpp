// route_by_key throughput: records/s and bytes/s through the bounded-chunk all-to-all, per rank.
// Run: mpirun -np 2 --oversubscribe build/release/bench/mpi/bench_route_by_key
#include <benchmark/benchmark.h>

#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/route_by_key.hpp"

namespace {

struct Record {  // 64 bytes: about the size of a packed identity-record key plus lineage hash
  std::uint64_t key;
  std::uint64_t id;
  std::byte payload[48];
};

std::vector<Record> make_records(int rank, std::size_t n) {
  std::vector<Record> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto h = nayose::kernels::splitmix64((static_cast<std::uint64_t>(rank) << 40) ^ i);
    out[i].key = h;
    out[i].id = i;
  }
  return out;
}

void BM_RouteByKey(benchmark::State& state) {
  const auto world = nayose::mpi::Communicator::world();
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto budget = static_cast<std::size_t>(state.range(1)) << 20;
  const auto records = make_records(world.rank(), n);
  nayose::mpi::RouteOptions options;
  options.max_bytes_per_round = budget;
  nayose::mpi::RouteStats stats;
  for (auto _ : state) {
    auto out = nayose::mpi::route_by_key(world, std::span<const Record>(records),
                                         [](const Record& r) { return r.key; }, options, &stats);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ranks"] = world.size();
  state.counters["rounds"] = static_cast<double>(stats.rounds);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(Record)));
}

}  // namespace

// Arguments: records per rank, budget MiB per round. Fixed iterations: every rank must agree.
BENCHMARK(BM_RouteByKey)->Args({1 << 20, 64})->Args({1 << 20, 4})->Args({1 << 22, 64})->Iterations(5)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
