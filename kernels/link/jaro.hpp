#pragma once
// Jaro and Jaro-Winkler similarity on code points (DESIGN §Linkage, STYLE 6–7): a textbook
// version written from the definition (the oracle) and a cached one-to-many comparator that is
// bit-parallel in the style of rapidfuzz-cpp (`CachedJaroWinkler`). The two are equal to the
// last bit (tests/kernels/link/jaro_test.cpp checks ≥ 100k random pairs and the name tables).
//
// Definitions (both versions):
//   window w = max(floor(max(|a|, |b|) / 2) - 1, 0); a[i] and b[j] match when they are equal,
//     |i - j| ≤ w, and neither is already matched — for each a[i] in order, the first unmatched
//     b[j] in its window (the matched position sets are the same whichever side is scanned).
//   m = number of matches; t = floor(number of positions k at which the k-th matched code point
//     of a differs from the k-th matched code point of b, / 2)  (integer halving, as in Winkler's
//     strcmp95 and rapidfuzz).
//   jaro = (m/|a| + m/|b| + (m - t)/m) / 3;  1 when both are empty; 0 when exactly one is empty
//     or m = 0.
//   jaro_winkler = jaro + l * prefix_scale * (1 - jaro) when jaro > 0.7 (Winkler's boost
//     threshold), else jaro; l = length of the common prefix, at most max_prefix code points.
//     prefix_scale * max_prefix must be ≤ 1 for the result to stay in [0, 1] (default 0.1 × 4).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace nayose::link {

inline constexpr double kWinklerBoostThreshold = 0.7;

// The textbook versions: O(|a| × window) with flag vectors. Slow, obvious, the oracle.
double jaro(std::u32string_view a, std::u32string_view b);
double jaro_winkler(std::u32string_view a, std::u32string_view b, double prefix_scale = 0.1,
                    std::size_t max_prefix = 4);

// One pattern compared with many texts: similarity(text) == jaro_winkler(pattern, text, ...).
// For pattern and text of ≤ 64 code points it is bit-parallel: each distinct code point of the
// pattern has a 64-bit mask of its positions (open-addressing table built once), the matches of
// each text code point are found with one AND against the sliding window mask, and
// transpositions are counted by walking the matched bits with popcount-style bit tricks. Longer
// strings fall back to the textbook version. Immutable after construction: similarity() may be
// called from several threads at once.
class CachedJaroWinkler {
 public:
  static constexpr std::size_t kMaxBitParallel = 64;

  CachedJaroWinkler() = default;  // the empty pattern
  explicit CachedJaroWinkler(std::u32string_view pattern, double prefix_scale = 0.1,
                             std::size_t max_prefix = 4);

  double similarity(std::u32string_view text) const;
  // Jaro without the Winkler prefix boost: == jaro(pattern, text).
  double jaro_similarity(std::u32string_view text) const;

  std::u32string_view pattern() const noexcept { return pattern_; }

 private:
  static constexpr std::size_t kSlots = 128;  // ≥ 2 × 64 distinct code points: a free slot always exists

  static std::size_t slot_of(char32_t c) noexcept {
    return static_cast<std::size_t>((static_cast<std::uint32_t>(c) * 2654435761U) >> 25U);
  }
  std::uint64_t positions(char32_t c) const noexcept {
    std::size_t i = slot_of(c);
    while (masks_[i] != 0) {
      if (keys_[i] == c) return masks_[i];
      i = (i + 1) & (kSlots - 1);
    }
    return 0;
  }

  std::u32string pattern_;
  double prefix_scale_ = 0.1;
  std::size_t max_prefix_ = 4;
  bool bit_parallel_ = true;
  std::array<char32_t, kSlots> keys_{};
  std::array<std::uint64_t, kSlots> masks_{};  // 0 = empty slot
};

}  // namespace nayose::link
