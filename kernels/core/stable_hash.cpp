#include "kernels/core/stable_hash.hpp"

#include <bit>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace nayose::kernels {

std::uint64_t stable_hash64(std::span<const std::byte> bytes, std::uint64_t seed) noexcept {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

std::uint64_t stable_hash64(std::string_view text, std::uint64_t seed) noexcept {
  return XXH3_64bits_withSeed(text.data(), text.size(), seed);
}

std::uint64_t stable_hash64(std::uint64_t value, std::uint64_t seed) noexcept {
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
  return XXH3_64bits_withSeed(&value, sizeof value, seed);
}

}  // namespace nayose::kernels
