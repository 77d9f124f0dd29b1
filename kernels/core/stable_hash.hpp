#pragma once
// Stable 64-bit hashing for partitioning and keyed randomness. "Stable" means: the same bytes give
// the same value on every machine, build and run (XXH3, seeded), so rank ownership and derived
// random streams never depend on the process, the rank count or the thread schedule.
// Not a cryptographic hash: never use it where an adversary chooses inputs for a security decision
// (lineage and research IDs use HMAC-SHA256 in src/keys).
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace nayose::kernels {

std::uint64_t stable_hash64(std::span<const std::byte> bytes, std::uint64_t seed = 0) noexcept;
std::uint64_t stable_hash64(std::string_view text, std::uint64_t seed = 0) noexcept;
// Integers are hashed through their little-endian byte representation.
std::uint64_t stable_hash64(std::uint64_t value, std::uint64_t seed = 0) noexcept;

// Maps a 64-bit hash uniformly onto [0, n) (Lemire's multiply-shift; no modulo bias beyond 2^-64·n).
constexpr std::uint32_t reduce_to_range(std::uint64_t hash, std::uint32_t n) noexcept {
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint32_t>((static_cast<u128>(hash) * n) >> 64);
}

// A counter-based random stream: value i of stream (seed, key) is a pure function of its inputs.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// The key of a random draw identified by (seed, a, b, c): a pure function of all four.
constexpr std::uint64_t mix_keys(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) noexcept {
  return splitmix64(seed ^ splitmix64(a ^ splitmix64(b ^ splitmix64(c))));
}

// A 64-bit hash as a double uniform in [0, 1) (its top 53 bits).
constexpr double unit_interval(std::uint64_t hash) noexcept { return static_cast<double>(hash >> 11) * 0x1.0p-53; }

}  // namespace nayose::kernels
