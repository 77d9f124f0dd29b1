// Collective write bandwidth of one column through nayose_h5: File::create, write_column, commit
// (flush, MPI_File_sync, close, fsync, rename), i.e. what a stage pays per column, fsync included,
// so the figure is comparable to `dd ... conv=fdatasync` on the same disk.
//
// Columns: float64 measurement-like values (2 decimals, poorly compressible) and uint64 global row
// ids (sequential, very compressible), each stored plain (chunked, no filter) and with deflate
// level 1; 65536-row (512 KiB) chunks. Bytes/s counts the raw column bytes of all ranks.
//
// Run: NAYOSE_BENCH_DIR=/data/scratch mpirun -np 2 --oversubscribe build/release/bench/h5/bench_h5_write
// (NAYOSE_BENCH_DIR defaults to /tmp; the file is removed after each iteration.)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/mpi/communicator.hpp"

namespace {

constexpr std::string_view kBenchSchema = R"({
  "schema_name": "bench_h5_write",
  "schema_version": 1,
  "description": "Benchmark columns; each iteration writes one of them.",
  "attributes": [],
  "datasets": [
    {"path": "f64_plain", "type": "float64", "chunk_rows": 65536, "deflate": 0, "fletcher32": false, "required": false, "description": "b"},
    {"path": "f64_deflate", "type": "float64", "chunk_rows": 65536, "deflate": 1, "fletcher32": false, "required": false, "description": "b"},
    {"path": "u64_plain", "type": "uint64", "chunk_rows": 65536, "deflate": 0, "fletcher32": false, "required": false, "description": "b"},
    {"path": "u64_deflate", "type": "uint64", "chunk_rows": 65536, "deflate": 1, "fletcher32": false, "required": false, "description": "b"}
  ]
})";

std::filesystem::path bench_dir() {
  const char* dir = std::getenv("NAYOSE_BENCH_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// Fixed seed: values depend only on the global row number.
std::vector<double> measurement_values(std::uint64_t first, std::uint64_t count) {
  std::vector<double> out(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto h = nayose::kernels::splitmix64(0x5EEDULL ^ (first + i));
    out[i] = std::round(static_cast<double>(h >> 11) * 0x1.0p-53 * 100000.0) / 100.0;  // [0, 1000), 2 decimals
  }
  return out;
}

std::vector<std::uint64_t> row_ids(std::uint64_t first, std::uint64_t count) {
  std::vector<std::uint64_t> out(count);
  for (std::uint64_t i = 0; i < count; ++i) out[i] = first + i;
  return out;
}

template <typename T>
void write_column_bench(benchmark::State& state, const char* column, std::vector<T> (*make)(std::uint64_t, std::uint64_t)) {
  const auto world = nayose::mpi::Communicator::world();
  const auto rows = static_cast<std::uint64_t>(state.range(0));
  const auto first = rows * static_cast<std::uint64_t>(world.rank());
  const auto values = make(first, rows);
  const auto schema = nayose::h5::Schema::parse(kBenchSchema, "bench schema");
  const auto path = bench_dir() / ("nayose-bench-h5-" + std::string(column) + ".h5");
  std::uint64_t file_bytes = 0;
  bool collective = true;
  for (auto _ : state) {
    auto file = nayose::h5::File::create(world, path, schema);
    const auto report = nayose::h5::write_column(file, column, values);
    collective = collective && report.collective;
    file.commit();
    state.PauseTiming();
    if (world.rank() == 0) {
      file_bytes = std::filesystem::file_size(path);
      std::filesystem::remove(path);
    }
    world.barrier();
    state.ResumeTiming();
  }
  const auto total_rows = rows * static_cast<std::uint64_t>(world.size());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(total_rows * sizeof(T)));
  state.counters["ranks"] = world.size();
  state.counters["file_MiB"] = static_cast<double>(file_bytes) / (1 << 20);
  state.counters["ratio"] = file_bytes == 0 ? 0.0 : static_cast<double>(total_rows * sizeof(T)) / static_cast<double>(file_bytes);
  state.counters["collective"] = collective ? 1 : 0;
}

void BM_WriteFloat64Plain(benchmark::State& state) { write_column_bench<double>(state, "f64_plain", measurement_values); }
void BM_WriteFloat64Deflate(benchmark::State& state) { write_column_bench<double>(state, "f64_deflate", measurement_values); }
void BM_WriteUint64Plain(benchmark::State& state) { write_column_bench<std::uint64_t>(state, "u64_plain", row_ids); }
void BM_WriteUint64Deflate(benchmark::State& state) { write_column_bench<std::uint64_t>(state, "u64_deflate", row_ids); }

}  // namespace

// Argument: rows per rank (1<<22 rows = 32 MiB per rank). Fixed iterations: every rank must agree.
BENCHMARK(BM_WriteFloat64Plain)->Arg(1 << 22)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WriteFloat64Deflate)->Arg(1 << 22)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WriteUint64Plain)->Arg(1 << 22)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WriteUint64Deflate)->Arg(1 << 22)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();
