// Throughput of the keyed hashing in src/keys: HMAC-SHA256 per message size, the lineage hash of a
// typical 200-byte identity record, the two ways of resetting a context between messages
// (HmacReinit), and SHA-256 for file digests. Fixed seed; every benchmark reports bytes/s and items/s.
//   build/release/bench/keys/bench_keys --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/keys/hmac_sha256.hpp"
#include "src/keys/lineage.hpp"
#include "src/keys/sha256.hpp"

namespace nayose::keys {
namespace {

constexpr std::uint64_t kSeed = 0x6e61796f7365;  // "nayose"
constexpr std::size_t kRecordSize = 200;         // ~ one identity record (DESIGN.md scale arithmetic)

std::vector<std::byte> fixed_bytes(std::size_t n, std::uint64_t stream) {
  std::vector<std::byte> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::byte>(kernels::splitmix64(kSeed ^ (stream << 40) ^ i) & 0xFF);
  }
  return out;
}

const std::vector<std::byte>& bench_key() {
  static const std::vector<std::byte> key = fixed_bytes(32, 1);
  return key;
}

void set_rates(benchmark::State& state, std::size_t bytes_per_item) {
  state.SetItemsProcessed(state.iterations());
  if (bytes_per_item > 0)
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_item));
}

// One message per iteration through a reused object (the default strategy).
void BM_HmacSha256(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const auto message = fixed_bytes(size, 2);
  HmacSha256 mac(bench_key());
  for (auto _ : state) {
    auto digest = mac.mac(message);
    benchmark::DoNotOptimize(digest);
  }
  set_rates(state, size);
}
BENCHMARK(BM_HmacSha256)->Arg(64)->Arg(200)->Arg(1024)->Arg(64 * 1024);

// The two re-init strategies at short and medium sizes (where the reset cost matters).
void BM_HmacReinit(benchmark::State& state, HmacReinit reinit) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const auto message = fixed_bytes(size, 3);
  HmacSha256 mac(bench_key(), reinit);
  for (auto _ : state) {
    auto digest = mac.mac(message);
    benchmark::DoNotOptimize(digest);
  }
  set_rates(state, size);
}
BENCHMARK_CAPTURE(BM_HmacReinit, init_in_place, HmacReinit::init_in_place)->Arg(64)->Arg(200)->Arg(1024);
BENCHMARK_CAPTURE(BM_HmacReinit, dup_template, HmacReinit::dup_template)->Arg(64)->Arg(200)->Arg(1024);

// The lineage hash of a 200-byte record, consecutive positions in one file. Bytes are record bytes.
void BM_LineageHash(benchmark::State& state) {
  const auto record = fixed_bytes(kRecordSize, 4);
  const Digest32 file_digest = Sha256::digest(fixed_bytes(4096, 5));
  HmacSha256 mac(bench_key());
  std::uint64_t position = 0;
  for (auto _ : state) {
    auto digest = lineage_hash(mac, file_digest, position++, record);
    benchmark::DoNotOptimize(digest);
  }
  set_rates(state, kRecordSize);
}
BENCHMARK(BM_LineageHash);

// What a per-thread object costs to set up: from the raw key, or cloned from a prototype.
void BM_HmacConstruct(benchmark::State& state) {
  for (auto _ : state) {
    HmacSha256 mac(bench_key());
    benchmark::DoNotOptimize(mac);
  }
  set_rates(state, 0);
}
BENCHMARK(BM_HmacConstruct);

void BM_HmacClone(benchmark::State& state) {
  const HmacSha256 prototype(bench_key());
  for (auto _ : state) {
    HmacSha256 mac = prototype.clone();
    benchmark::DoNotOptimize(mac);
  }
  set_rates(state, 0);
}
BENCHMARK(BM_HmacClone);

// Unkeyed SHA-256 (source file digests), streamed in 1 MiB updates like sha256_file.
void BM_Sha256(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const auto data = fixed_bytes(size, 6);
  Sha256 sha;
  for (auto _ : state) {
    auto digest = sha.update(data).finish();
    benchmark::DoNotOptimize(digest);
  }
  set_rates(state, size);
}
BENCHMARK(BM_Sha256)->Arg(200)->Arg(1 << 20);

}  // namespace
}  // namespace nayose::keys
