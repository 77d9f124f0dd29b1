// Jaro / Jaro-Winkler: the textbook oracle against published values, and the cached bit-parallel
// comparator against the oracle (bit-identical) on random strings and on the synthetic name tables.
#include "kernels/link/jaro.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/link/record.hpp"
#include "kernels/synth/kana.hpp"
#include "kernels/synth/tables.hpp"

namespace {

using nayose::link::CachedJaroWinkler;
using nayose::link::jaro;
using nayose::link::jaro_winkler;
using nayose::link::to_u32;

std::u32string ascii(std::string_view s) { return to_u32(s); }

std::uint64_t bits(double d) { return std::bit_cast<std::uint64_t>(d); }

// Counts (and reports the first few) pairs where cached != textbook, to the last bit.
struct Mismatches {
  std::size_t count = 0;
  std::size_t checked = 0;
  void check(std::u32string_view a, std::u32string_view b, double prefix_scale = 0.1, std::size_t max_prefix = 4) {
    const CachedJaroWinkler cached(a, prefix_scale, max_prefix);
    const double fast = cached.similarity(b);
    const double slow = jaro_winkler(a, b, prefix_scale, max_prefix);
    const double fast_j = cached.jaro_similarity(b);
    const double slow_j = jaro(a, b);
    ++checked;
    if (bits(fast) != bits(slow) || bits(fast_j) != bits(slow_j)) {
      if (++count <= 5) {
        ADD_FAILURE() << "cached " << fast << " / " << fast_j << " vs textbook " << slow << " / " << slow_j
                      << " for |a|=" << a.size() << " |b|=" << b.size() << " a=" << nayose::synth::u32_to_utf8(a)
                      << " b=" << nayose::synth::u32_to_utf8(b);
      }
    }
  }
};

TEST(Jaro, TextbookMatchesPublishedValues) {
  // Winkler (1990) / Wikipedia examples.
  EXPECT_NEAR(jaro(ascii("MARTHA"), ascii("MARHTA")), 0.944444444, 1e-8);
  EXPECT_NEAR(jaro_winkler(ascii("MARTHA"), ascii("MARHTA")), 0.961111111, 1e-8);
  EXPECT_NEAR(jaro(ascii("DWAYNE"), ascii("DUANE")), 0.822222222, 1e-8);
  EXPECT_NEAR(jaro_winkler(ascii("DWAYNE"), ascii("DUANE")), 0.84, 1e-8);
  EXPECT_NEAR(jaro(ascii("DIXON"), ascii("DICKSONX")), 0.766666667, 1e-8);
  EXPECT_NEAR(jaro_winkler(ascii("DIXON"), ascii("DICKSONX")), 0.813333333, 1e-8);
  EXPECT_NEAR(jaro(ascii("CRATE"), ascii("TRACE")), 0.733333333, 1e-8);
  // Code points, not bytes: one kana differs out of three (window 0, no transpositions).
  EXPECT_NEAR(jaro(to_u32("タナカ"), to_u32("タナベ")), (2.0 / 3 + 2.0 / 3 + 1.0) / 3, 1e-12);
  EXPECT_NEAR(jaro_winkler(to_u32("タナカ"), to_u32("タナベ")), 7.0 / 9 + 2 * 0.1 * (2.0 / 9), 1e-12);
}

TEST(Jaro, EdgeCases) {
  EXPECT_EQ(jaro(U"", U""), 1.0);
  EXPECT_EQ(jaro_winkler(U"", U""), 1.0);
  EXPECT_EQ(jaro(U"", U"ア"), 0.0);
  EXPECT_EQ(jaro(U"ア", U""), 0.0);
  EXPECT_EQ(jaro(U"ア", U"ア"), 1.0);
  EXPECT_EQ(jaro(U"ア", U"イ"), 0.0);
  EXPECT_EQ(jaro(U"アイ", U"イア"), 0.0);  // window 0: no match across positions
  EXPECT_EQ(jaro_winkler(U"サトウ", U"サトウ"), 1.0);
  // Below the 0.7 boost threshold the prefix does not count.
  const double j = jaro(U"アイウエオカキクケコ", U"アイウエサシスセソタ");
  ASSERT_LE(j, 0.7);
  EXPECT_EQ(jaro_winkler(U"アイウエオカキクケコ", U"アイウエサシスセソタ"), j);
  // The prefix is capped at max_prefix.
  const double j8 = (7.0 / 8 + 7.0 / 8 + 1.0) / 3;
  EXPECT_NEAR(jaro_winkler(ascii("ABCDEFGX"), ascii("ABCDEFGY"), 0.1, 4), j8 + 4 * 0.1 * (1 - j8), 1e-12);
  EXPECT_NEAR(jaro_winkler(ascii("ABCDEFGX"), ascii("ABCDEFGY"), 0.1, 2), j8 + 2 * 0.1 * (1 - j8), 1e-12);
  // Astral code points are one character.
  EXPECT_EQ(jaro(U"𠮷田", U"𠮷田"), 1.0);
  EXPECT_NEAR(jaro(U"𠮷田", U"吉田"), (0.5 + 0.5 + 1.0) / 3, 1e-12);
  const CachedJaroWinkler empty;
  EXPECT_EQ(empty.similarity(U""), 1.0);
  EXPECT_EQ(empty.similarity(U"ア"), 0.0);
}

TEST(Jaro, TextbookIsSymmetric) {
  std::mt19937_64 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::u32string a, b;
    const auto la = rng() % 12, lb = rng() % 12;
    for (std::uint64_t k = 0; k < la; ++k) a.push_back(U'ア' + static_cast<char32_t>(rng() % 3));
    for (std::uint64_t k = 0; k < lb; ++k) b.push_back(U'ア' + static_cast<char32_t>(rng() % 3));
    ASSERT_EQ(bits(jaro_winkler(a, b)), bits(jaro_winkler(b, a)));
  }
}

std::u32string random_string(std::mt19937_64& rng, std::size_t len, const std::vector<char32_t>& alphabet) {
  std::u32string s;
  for (std::size_t k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
  return s;
}

// A random mutation of s: substitutions, swaps of neighbours, deletions and insertions, so that
// pairs share long stretches and the window/transposition logic is exercised.
std::u32string mutate(std::mt19937_64& rng, std::u32string s, const std::vector<char32_t>& alphabet) {
  const auto edits = rng() % 4;
  for (std::uint64_t e = 0; e < edits; ++e) {
    const auto op = rng() % 4;
    if (op == 0 && !s.empty()) s[rng() % s.size()] = alphabet[rng() % alphabet.size()];
    if (op == 1 && s.size() >= 2) {
      const auto p = rng() % (s.size() - 1);
      std::swap(s[p], s[p + 1]);
    }
    if (op == 2 && !s.empty()) s.erase(rng() % s.size(), 1);
    if (op == 3) s.insert(s.begin() + static_cast<std::ptrdiff_t>(rng() % (s.size() + 1)), alphabet[rng() % alphabet.size()]);
  }
  return s;
}

TEST(CachedJaroWinkler, EqualsTextbookOnRandomPairs) {
  std::mt19937_64 rng(20240611);
  // Alphabets: tiny (frequent matches), kana, and ones mixing BMP/astral code points that land on
  // nearby hash slots.
  const std::vector<std::vector<char32_t>> alphabets = {
      {U'a', U'b'},
      {U'ア', U'イ', U'ウ'},
      {U'カ', U'キ', U'ク', U'ケ', U'コ', U'ー'},
      {U'高', U'髙', U'橋', U'𠮷', U'田', U'\U00020BB8', U'\0'},
      {U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j'},
  };
  Mismatches mm;
  for (int n = 0; n < 150000; ++n) {
    const auto& alphabet = alphabets[rng() % alphabets.size()];
    std::size_t la = rng() % 21;
    const auto shape = rng() % 100;
    if (shape < 5) la = 21 + rng() % 44;       // up to 64: still bit-parallel
    else if (shape < 7) la = 60 + rng() % 10;  // around the 64 boundary
    else if (shape < 8) la = 65 + rng() % 40;  // fallback
    const std::u32string a = random_string(rng, la, alphabet);
    std::u32string b;
    if (rng() % 2 == 0) {
      b = mutate(rng, a, alphabet);
    } else {
      std::size_t lb = rng() % 21;
      if (shape < 8) lb = la + rng() % 8 - std::min<std::size_t>(la, 4);
      b = random_string(rng, lb, alphabet);
    }
    mm.check(a, b);
    if (n % 10 == 0) mm.check(b, a, 0.25, 3);
  }
  EXPECT_EQ(mm.count, 0U) << "of " << mm.checked;
}

TEST(CachedJaroWinkler, SixtyFourDistinctCodePoints) {
  // A full table: 64 distinct code points chosen to collide in the hash, in random order.
  std::mt19937_64 rng(3);
  std::vector<char32_t> alphabet;
  for (char32_t c = 0x4E00; alphabet.size() < 64; c += 128) alphabet.push_back(c);
  Mismatches mm;
  for (int n = 0; n < 2000; ++n) {
    std::u32string a(alphabet.begin(), alphabet.end());
    std::shuffle(a.begin(), a.end(), rng);
    const std::u32string b = n % 2 == 0 ? mutate(rng, a, alphabet) : random_string(rng, 1 + rng() % 64, alphabet);
    mm.check(a, b);
    mm.check(b, a);
  }
  EXPECT_EQ(mm.count, 0U) << "of " << mm.checked;
}

TEST(CachedJaroWinkler, EqualsTextbookOnNameTables) {
  const auto& tables = nayose::synth::Tables::embedded();
  std::mt19937_64 rng(11);
  std::vector<std::u32string> kana, kanji;
  for (std::size_t k = 0; k < tables.surnames.size(); k += 5) {
    kana.push_back(to_u32(tables.surnames[k].kana));
    kanji.push_back(to_u32(tables.surnames[k].kanji));
  }
  for (std::size_t k = 0; k < tables.given_names.size(); k += 23) {
    const auto& g = tables.given_names[k];
    kana.push_back(to_u32(g.kana));
    kanji.push_back(to_u32(g.kanji.substr(0, g.kanji.find(' '))));
    // The variants ingest sees (and the folded keys cannot always undo): small kana written
    // large, the other long-vowel spelling, one mistyped kana.
    kana.push_back(to_u32(nayose::synth::small_kana_to_large(g.kana)));
    kana.push_back(to_u32(nayose::synth::long_vowel_variant(g.kana)));
    kana.push_back(to_u32(nayose::synth::kana_typo(g.kana, rng())));
  }
  Mismatches mm;
  for (const auto* list : {&kana, &kanji}) {
    // Every name against a 150-name window of the (sorted-by-weight / by-kana) list, plus
    // random partners: ~all lengths and many shared prefixes.
    for (std::size_t i = 0; i < list->size(); ++i) {
      for (std::size_t d = 1; d <= 40 && i + d < list->size(); ++d) mm.check((*list)[i], (*list)[i + d]);
      for (int r = 0; r < 20; ++r) mm.check((*list)[i], (*list)[rng() % list->size()]);
    }
    // Full names (surname + given name), longer strings.
    for (int r = 0; r < 20000; ++r) {
      const std::u32string a = (*list)[rng() % list->size()] + (*list)[rng() % list->size()];
      const std::u32string b = mutate(rng, a, {U'ア', U'ー', U'ッ', U'高'});
      mm.check(a, b);
    }
  }
  EXPECT_GE(mm.checked, 100000U);
  EXPECT_EQ(mm.count, 0U) << "of " << mm.checked;
}

TEST(ToU32, DecodesAndReplacesBadBytes) {
  EXPECT_EQ(to_u32("髙橋ｱ"), U"髙橋ｱ");
  EXPECT_EQ(to_u32("𠮷"), U"𠮷");
  EXPECT_EQ(to_u32(std::string("a\xFF" "b", 3)), U"a\uFFFDb");
  EXPECT_EQ(to_u32(std::string("\xE3\x82", 2)), U"\uFFFD\uFFFD");
  EXPECT_EQ(to_u32(""), U"");
}

}  // namespace
