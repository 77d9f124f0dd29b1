#include "kernels/link/jaro.hpp"

#include <algorithm>
#include <bit>
#include <vector>

namespace nayose::link {

namespace {

std::size_t match_window(std::size_t len_a, std::size_t len_b) noexcept {
  const std::size_t half = std::max(len_a, len_b) / 2;
  return half > 0 ? half - 1 : 0;
}

std::size_t common_prefix(std::u32string_view a, std::u32string_view b, std::size_t max_prefix) noexcept {
  const std::size_t limit = std::min({a.size(), b.size(), max_prefix});
  std::size_t l = 0;
  while (l < limit && a[l] == b[l]) ++l;
  return l;
}

double winkler(double jaro_sim, std::size_t prefix, double prefix_scale) noexcept {
  if (jaro_sim > kWinklerBoostThreshold) {
    jaro_sim += static_cast<double>(prefix) * prefix_scale * (1.0 - jaro_sim);
  }
  return jaro_sim;
}

std::uint64_t lowest_bit(std::uint64_t x) noexcept { return x & (~x + 1); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Textbook: straight from the definition, flag vectors, no tricks.

double jaro(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = match_window(a.size(), b.size());
  std::vector<bool> a_matched(a.size(), false);
  std::vector<bool> b_matched(b.size(), false);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i >= window ? i - window : 0;
    const std::size_t hi = std::min(i + window, b.size() - 1);
    for (std::size_t j = lo; j <= hi; ++j) {
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = true;
        b_matched[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::size_t half_transposed = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[k]) ++k;
    if (a[i] != b[k]) ++half_transposed;
    ++k;
  }
  const std::size_t transpositions = half_transposed / 2;
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(transpositions)) / m) /
         3.0;
}

double jaro_winkler(std::u32string_view a, std::u32string_view b, double prefix_scale, std::size_t max_prefix) {
  return winkler(jaro(a, b), common_prefix(a, b, max_prefix), prefix_scale);
}

// ---------------------------------------------------------------------------------------------
// Cached, bit-parallel (rapidfuzz-cpp jaro_similarity for one 64-bit word).

CachedJaroWinkler::CachedJaroWinkler(std::u32string_view pattern, double prefix_scale, std::size_t max_prefix)
    : pattern_(pattern), prefix_scale_(prefix_scale), max_prefix_(max_prefix),
      bit_parallel_(pattern.size() <= kMaxBitParallel) {
  if (!bit_parallel_) return;
  for (std::size_t pos = 0; pos < pattern.size(); ++pos) {
    const char32_t c = pattern[pos];
    std::size_t i = slot_of(c);
    while (masks_[i] != 0 && keys_[i] != c) i = (i + 1) & (kSlots - 1);
    keys_[i] = c;
    masks_[i] |= std::uint64_t{1} << pos;
  }
}

double CachedJaroWinkler::jaro_similarity(std::u32string_view text) const {
  const std::size_t p_len = pattern_.size();
  const std::size_t t_len = text.size();
  if (p_len == 0 && t_len == 0) return 1.0;
  if (p_len == 0 || t_len == 0) return 0.0;
  if (!bit_parallel_ || t_len > kMaxBitParallel) return jaro(pattern_, text);

  // Text position j may match pattern positions [j - w, j + w]; the window mask starts as bits
  // 0..w, grows by one bit per step while j < w, then slides. w ≤ 31 here, so it never overflows.
  const std::size_t window = match_window(p_len, t_len);
  std::uint64_t window_mask = (std::uint64_t{1} << (window + 1)) - 1;
  std::uint64_t p_flag = 0;  // matched pattern positions
  std::uint64_t t_flag = 0;  // matched text positions
  std::size_t j = 0;
  for (const std::size_t grow_end = std::min(window, t_len); j < grow_end; ++j) {
    const std::uint64_t candidates = positions(text[j]) & window_mask & ~p_flag;
    p_flag |= lowest_bit(candidates);
    t_flag |= static_cast<std::uint64_t>(candidates != 0) << j;
    window_mask = (window_mask << 1) | 1;
  }
  for (; j < t_len; ++j) {
    const std::uint64_t candidates = positions(text[j]) & window_mask & ~p_flag;
    p_flag |= lowest_bit(candidates);
    t_flag |= static_cast<std::uint64_t>(candidates != 0) << j;
    window_mask <<= 1;
  }
  const auto matches = static_cast<std::size_t>(std::popcount(p_flag));
  if (matches == 0) return 0.0;

  // The k-th matched text code point agrees with the k-th matched pattern position when that
  // position's bit is set in the text code point's mask.
  std::size_t half_transposed = 0;
  while (t_flag != 0) {
    const std::uint64_t p_bit = lowest_bit(p_flag);
    const auto t_pos = static_cast<std::size_t>(std::countr_zero(t_flag));
    half_transposed += (positions(text[t_pos]) & p_bit) == 0 ? 1U : 0U;
    t_flag &= t_flag - 1;
    p_flag ^= p_bit;
  }
  const std::size_t transpositions = half_transposed / 2;
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(p_len) + m / static_cast<double>(t_len) +
          (m - static_cast<double>(transpositions)) / m) /
         3.0;
}

double CachedJaroWinkler::similarity(std::u32string_view text) const {
  return winkler(jaro_similarity(text), common_prefix(pattern_, text, max_prefix_), prefix_scale_);
}

}  // namespace nayose::link
