// Parse + normalise + lineage throughput per core, per source format: nayose::ingest::ingest_bytes
// (src/ingest/file_ingest.hpp) over real files of a `nayose generate` output, held in memory (no
// disk I/O in the measured loop). Bytes/s and records/s (identity-bearing records) per thread.
//
//   nayose generate --persons 10000 --out /tmp/bench-src
//   NAYOSE_BENCH_SOURCES=/tmp/bench-src build/release/bench/ingest/bench_ingest
//
// Without NAYOSE_BENCH_SOURCES the benchmarks report an error and skip.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "src/ingest/file_ingest.hpp"
#include "src/keys/hmac_sha256.hpp"
#include "src/parse/source.hpp"

namespace {

namespace fs = std::filesystem;
using nayose::parse::SourceKind;

struct Corpus {
  std::vector<std::pair<std::string, std::string>> files;  // relative path, bytes
  std::uint64_t bytes = 0;
};

// Up to `max_bytes` of files of each kind (sorted paths, so the same files every run).
const std::map<SourceKind, Corpus>& corpora() {
  static const std::map<SourceKind, Corpus> all = [] {
    std::map<SourceKind, Corpus> out;
    const char* dir = std::getenv("NAYOSE_BENCH_SOURCES");
    if (dir == nullptr) return out;
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    constexpr std::uint64_t kMaxBytes = 64ULL << 20;
    for (const auto& p : paths) {
      const std::string rel = p.lexically_relative(dir).generic_string();
      const auto kind = nayose::parse::detect_kind(rel);
      if (!kind) continue;
      Corpus& c = out[*kind];
      if (c.bytes >= kMaxBytes) continue;
      std::string bytes;
      if (!nayose::ingest::read_whole_file(p.string(), kMaxBytes, bytes).empty()) continue;
      c.bytes += bytes.size();
      c.files.emplace_back(rel, std::move(bytes));
    }
    return out;
  }();
  return all;
}

void BM_IngestFiles(benchmark::State& state, SourceKind kind) {
  const auto& all = corpora();
  const auto it = all.find(kind);
  if (it == all.end() || it->second.files.empty()) {
    state.SkipWithError("set NAYOSE_BENCH_SOURCES to a nayose generate output with this kind of file");
    return;
  }
  const Corpus& corpus = it->second;
  const std::string key(32, 'k');
  nayose::keys::HmacSha256 mac(std::as_bytes(std::span<const char>(key)));
  std::uint64_t records = 0;
  for (auto _ : state) {
    for (const auto& [path, bytes] : corpus.files) {
      const auto outcome = nayose::ingest::ingest_bytes(path, bytes, mac);
      records += outcome.records_read();
      benchmark::DoNotOptimize(outcome.identities.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(corpus.bytes));
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  state.counters["files"] = static_cast<double>(corpus.files.size());
  state.counters["MB"] = static_cast<double>(corpus.bytes) / 1e6;
}

BENCHMARK_CAPTURE(BM_IngestFiles, uke, SourceKind::uke)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_IngestFiles, cyo, SourceKind::cyo)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_IngestFiles, ssmix2, SourceKind::ssmix2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_IngestFiles, checkup, SourceKind::checkup)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_IngestFiles, care, SourceKind::care)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_IngestFiles, death, SourceKind::death)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
