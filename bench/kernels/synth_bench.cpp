// Persons per second of the synthetic population generator (kernels/synth/population), fixed seed.
//   BM_GenerateBlock          one block (1024 persons) per iteration, one thread
//   BM_GeneratePopulation     100k persons per iteration, blocks in parallel (tbb), all threads
//   BM_GeneratorSetup         the per-spec precomputation (samplers, calibration)
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <atomic>

#include "kernels/synth/embedded_tables.hpp"
#include "kernels/synth/population.hpp"

namespace {

using nayose::synth::PopulationGenerator;
using nayose::synth::PopulationSpec;
using nayose::synth::Tables;

PopulationSpec bench_spec(std::uint64_t persons) {
  PopulationSpec spec;
  spec.seed = 42;
  spec.persons = persons;
  spec.period_start = {2024, 4, 1};
  spec.period_end = {2025, 4, 1};
  return spec;
}

void BM_GenerateBlock(benchmark::State& state) {
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  const PopulationGenerator generator(Tables::embedded(), bench_spec(1'000'000));
  std::uint64_t block = 0;
  std::int64_t persons = 0;
  for (auto _ : state) {
    auto people = generator.block(block);
    persons += static_cast<std::int64_t>(people.size());
    benchmark::DoNotOptimize(people.data());
    block = (block + 1) % generator.blocks();
  }
  state.counters["persons/s"] = benchmark::Counter(static_cast<double>(persons), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateBlock)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GeneratePopulation(benchmark::State& state) {
  const PopulationGenerator generator(Tables::embedded(), bench_spec(100'000));
  std::int64_t persons = 0;
  for (auto _ : state) {
    std::atomic<std::int64_t> n{0};
    tbb::parallel_for(std::uint64_t{0}, generator.blocks(), [&](std::uint64_t b) {
      n += static_cast<std::int64_t>(generator.block(b).size());
    });
    persons += n.load();
  }
  state.counters["persons/s"] = benchmark::Counter(static_cast<double>(persons), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GeneratePopulation)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GeneratorSetup(benchmark::State& state) {
  (void)Tables::embedded();  // parse outside the timing
  for (auto _ : state) {
    PopulationGenerator generator(Tables::embedded(), bench_spec(126'000'000));
    benchmark::DoNotOptimize(generator.blocks());
  }
}
BENCHMARK(BM_GeneratorSetup)->Unit(benchmark::kMillisecond);

void BM_TablesParse(benchmark::State& state) {
  for (auto _ : state) {
    auto tables = Tables::parse(nayose::embedded_synth_tables());
    benchmark::DoNotOptimize(tables.given_names.data());
  }
}
BENCHMARK(BM_TablesParse)->Unit(benchmark::kMillisecond);

}  // namespace
