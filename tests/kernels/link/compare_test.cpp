// Comparison levels (hand-computed examples per field), the pattern index, and BlockScorer /
// RecordComparator against the reference compare() on random blocks of real names with the
// variants ingest cannot fold away.
#include "kernels/link/compare.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/normalize/kana.hpp"
#include "kernels/normalize/kanji.hpp"
#include "kernels/normalize/text.hpp"
#include "kernels/synth/kana.hpp"
#include "kernels/synth/tables.hpp"

namespace {

using namespace nayose::link;  // NOLINT(google-build-using-namespace): test of this namespace

TEST(PatternIndex, RoundTripsEveryPattern) {
  EXPECT_EQ(kPatterns, 6U * 6 * 5 * 4 * 3 * 4 * 6);
  for (std::uint32_t p = 0; p < kPatterns; ++p) {
    const ComparisonVector v = pattern_vector(p);
    for (std::size_t f = 0; f < kFields; ++f) ASSERT_LT(v.level[f], kLevels[f]);
    ASSERT_EQ(pattern_index(v), p);
  }
  EXPECT_THROW((void)pattern_vector(kPatterns), std::out_of_range);
  ComparisonVector v;
  v.level = {1, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(pattern_index(v), 1U);  // field 0 is the least significant digit
  v.level = {0, 1, 0, 0, 0, 0, 0};
  EXPECT_EQ(pattern_index(v), 6U);
  v.level = {5, 5, 4, 3, 2, 3, 5};
  EXPECT_EQ(pattern_index(v), kPatterns - 1);
  static_assert(pattern_index(pattern_vector(12345)) == 12345);
  EXPECT_EQ(kFieldNames[kBirth], "birth");
  for (std::size_t f = 0; f < kFields; ++f) {
    for (std::size_t l = 0; l < kMaxLevels; ++l) EXPECT_EQ(kLevelNames[f][l].empty(), l >= kLevels[f]) << f << "/" << l;
  }
}

TEST(Levels, EraSlipYearsDerivedFromEraBases) {
  const std::array<std::uint16_t, 10> expected = {14, 30, 44, 58, 63, 77, 93, 107, 121, 151};
  EXPECT_EQ(kEraSlipYears, expected);
}

TEST(Levels, Kana) {
  EXPECT_EQ(kana_level(U"", U"", U"サトウ", U"サト"), 0);
  EXPECT_EQ(kana_level(U"サトウ", U"サト", U"", U""), 0);
  EXPECT_EQ(kana_level(U"サトウ", U"サト", U"サトウ", U"サト"), 5);
  EXPECT_EQ(kana_level(U"ショウイチ", U"シヨイチ", U"シヨウイチ", U"シヨイチ"), 4);
  EXPECT_EQ(kana_level(U"タナカ", U"タナカ", U"タナベ", U"タナヘ"), 2);           // JW 0.822
  EXPECT_EQ(kana_level(U"ヤマモトタロウ", U"", U"ヤマモトタロ", U"x"), 3);         // JW 0.971
  EXPECT_EQ(kana_level(U"スズキ", U"スズキ", U"タナカ", U"タナカ"), 1);
}

TEST(Levels, Kanji) {
  EXPECT_EQ(kanji_level(U"", U"", U"高橋一郎", U"高橋一郎"), 0);
  EXPECT_EQ(kanji_level(U"髙橋一郎", U"高橋一郎", U"髙橋一郎", U"高橋一郎"), 4);
  EXPECT_EQ(kanji_level(U"髙橋一郎", U"高橋一郎", U"高橋一郎", U"高橋一郎"), 3);
  EXPECT_EQ(kanji_level(U"髙橋一郎", U"", U"高橋一郎", U""), 2);   // no soft keys: JW on the names (0.833)
  EXPECT_EQ(kanji_level(U"髙橋一郎", U"高橋一郎", U"高橋一朗", U"高橋一朗"), 2);  // JW of soft keys 0.883
  EXPECT_EQ(kanji_level(U"斎藤花子", U"斎藤花子", U"斉藤花子", U"斉藤花子"), 2);  // 斎/斉 never fold
  EXPECT_EQ(kanji_level(U"鈴木実", U"鈴木実", U"田中和子", U"田中和子"), 1);
}

TEST(Levels, Birth) {
  EXPECT_EQ(birth_level(0, 19650412), 0);
  EXPECT_EQ(birth_level(19650412, 0), 0);
  EXPECT_EQ(birth_level(19650412, 19650412), 3);
  EXPECT_EQ(birth_level(19650412, 19650413), 2);  // one digit
  EXPECT_EQ(birth_level(19650412, 19750412), 2);  // one digit (year)
  EXPECT_EQ(birth_level(19650412, 19651204), 2);  // day ↔ month
  EXPECT_EQ(birth_level(19650412, 20280412), 2);  // 昭和40 read as 平成40 (Δ 63)
  EXPECT_EQ(birth_level(19890412, 19750412), 2);  // Δ 14 (大正 ↔ 昭和 base difference)
  EXPECT_EQ(birth_level(19650412, 19230412), 1);  // Δ 42: no era pair
  EXPECT_EQ(birth_level(19650412, 19650421), 1);  // two digits, not a swap
  EXPECT_EQ(birth_level(19650412, 19660413), 1);
  EXPECT_EQ(birth_level(19650412, 19641204), 1);  // swap but another year
}

TEST(Levels, SexPostalInsurer) {
  EXPECT_EQ(sex_level(0, 1), 0);
  EXPECT_EQ(sex_level(9, 1), 0);
  EXPECT_EQ(sex_level(2, 9), 0);
  EXPECT_EQ(sex_level(1, 2), 1);
  EXPECT_EQ(sex_level(2, 2), 2);
  EXPECT_EQ(postal_level("", "1000001"), 0);
  EXPECT_EQ(postal_level("1000001", "1000001"), 3);
  EXPECT_EQ(postal_level("1000001", "1001234"), 2);
  EXPECT_EQ(postal_level("1000001", "1010001"), 1);
  // (insurer, household card, individual card) × 2
  EXPECT_EQ(insurer_level(0, 0, 0, 5, 6, 8), 0);
  EXPECT_EQ(insurer_level(5, 6, 8, 0, 0, 0), 0);
  EXPECT_EQ(insurer_level(5, 6, 8, 7, 6, 8), 1);
  EXPECT_EQ(insurer_level(5, 6, 8, 5, 7, 9), 2);
  EXPECT_EQ(insurer_level(5, 0, 0, 5, 0, 0), 3);
  EXPECT_EQ(insurer_level(5, 6, 8, 5, 0, 0), 3);
  EXPECT_EQ(insurer_level(5, 0, 0, 5, 6, 8), 3);
  EXPECT_EQ(insurer_level(5, 6, 0, 5, 6, 8), 4);  // 枝番 missing on a side
  EXPECT_EQ(insurer_level(5, 6, 8, 5, 6, 9), 4);  // other 枝番 (the link job cannot-links these)
  EXPECT_EQ(insurer_level(5, 6, 0, 5, 6, 0), 4);
  EXPECT_EQ(insurer_level(5, 6, 8, 5, 6, 8), 5);
}

// kana_given inferred from full kana names that share a start (siblings, twins) when a side has no
// given name of its own; never for names that agree well, share no start, or end inside the other.
TEST(Levels, InferredGivenName) {
  const auto rec = [](std::u32string full, std::u32string given = U"") {
    LinkRecord r;
    r.kana_surname = full;
    r.kana_surname_key = full;
    r.kana_given = given;
    r.kana_given_key = given;
    return r;
  };
  const auto given_level = [](const LinkRecord& a, const LinkRecord& b) {
    const std::uint8_t level = compare(a, b).level[kKanaGiven];
    EXPECT_EQ(RecordComparator(a).compare(b).level[kKanaGiven], level);
    EXPECT_EQ(compare(b, a).level[kKanaGiven], level);
    return level;
  };
  // Twins: フルタ + マコト / ノブキ → the full names are "different", the inferred given names too.
  EXPECT_EQ(compare(rec(U"フルタマコト"), rec(U"フルタノブキ")).level[kKanaSurname], 1);
  EXPECT_EQ(given_level(rec(U"フルタマコト"), rec(U"フルタノブキ")), 1);
  // One side split (SS-MIX2), the other not: the same inference from the full names.
  EXPECT_EQ(given_level(rec(U"フルタマコト", U"マコト"), rec(U"フルタノブキ")), 1);
  // Both split: the given names themselves.
  EXPECT_EQ(given_level(rec(U"フルタマコト", U"マコト"), rec(U"フルタノブキ", U"ノブキ")), 1);
  EXPECT_EQ(given_level(rec(U"フルタマコト", U"マコト"), rec(U"フルサワマコト", U"マコト")), 5);
  // A marriage: no common start, nothing inferred.
  EXPECT_EQ(given_level(rec(U"スズキハナコ"), rec(U"タナカハナコ")), 0);
  // Common start shorter than kInferredSurnameMin.
  EXPECT_EQ(given_level(rec(U"スズキハナコ"), rec(U"スギタミチコ")), 0);
  // Full names at level ≥ 3 (one typo): the full name already says it; nothing inferred.
  EXPECT_EQ(compare(rec(U"スズキハナコ"), rec(U"スズキハナヨ")).level[kKanaSurname], 3);
  EXPECT_EQ(given_level(rec(U"スズキハナコ"), rec(U"スズキハナヨ")), 0);
  // One full name is the start of the other: no remainder on one side.
  EXPECT_EQ(given_level(rec(U"スズキ"), rec(U"スズキハナコ")), 0);
  // Remainders close by Jaro-Winkler (≥ 0.80): level 2 or 3.
  EXPECT_GE(given_level(rec(U"タナカミチコ"), rec(U"タナカミツコ")), 0);
  EXPECT_EQ(given_level(rec(U"ヤマモトケイタロウ"), rec(U"ヤマモトコウタロウ")),
            compare(rec(U"", U"ケイタロウ"), rec(U"", U"コウタロウ")).level[kKanaGiven]);
}

// ---------------------------------------------------------------------------------------------
// Random blocks of real names with variants.

struct Identity {
  std::string kanji_surname, kanji_given, kana_surname, kana_given;
  std::uint32_t birth = 0;
  std::uint8_t sex = 0;
  std::string postal;
  std::uint64_t insurer = 0, card = 0;
};

LinkRecord make_record(std::uint64_t key, const Identity& id) {
  using namespace nayose::normalize;  // NOLINT(google-build-using-namespace)
  LinkRecord r;
  r.key = key;
  const std::string ks = normalize_kana(id.kana_surname), kg = normalize_kana(id.kana_given);
  r.kana_surname = to_u32(ks);
  r.kana_given = to_u32(kg);
  r.kana_surname_key = to_u32(match_key_of_normalized_kana(ks, VoicedMarks::fold));
  r.kana_given_key = to_u32(match_key_of_normalized_kana(kg, VoicedMarks::fold));
  const std::string kanji = remove_spaces(nfkc(id.kanji_surname + id.kanji_given));
  r.kanji_name = to_u32(kanji);
  r.kanji_soft_key = to_u32(kanji_soft_key(kanji));
  r.birth = id.birth;
  r.sex = id.sex;
  r.postal_code = id.postal;
  r.insurer_hash = id.insurer;
  r.card_hash = id.card;
  r.family_card_hash = id.card == 0 ? 0 : id.card / 2 + 1;  // cards …0 and …1 share a household card
  return r;
}

class VariantMaker {
 public:
  explicit VariantMaker(std::uint64_t seed) : rng_(seed), tables_(nayose::synth::Tables::embedded()) {}

  Identity person(std::uint32_t birth, std::uint8_t sex) {
    // Popular surnames (many share kana prefixes / kanji) and a bias towards those holding a
    // kanji with a listed variant, so that itaiji swaps happen often.
    Identity id;
    for (int attempt = 0; attempt < 4; ++attempt) {
      const auto& s = tables_.surnames[rng_() % std::min<std::size_t>(tables_.surnames.size(), 300)];
      id.kanji_surname = s.kanji;
      id.kana_surname = s.kana;
      if (has_variant(s.kanji)) break;
    }
    const auto& g = tables_.given_names[rng_() % tables_.given_names.size()];
    id.kanji_given = g.kanji.substr(0, g.kanji.find(' '));
    id.kana_given = g.kana;
    id.birth = birth;
    id.sex = sex;
    id.postal = std::to_string(1000000 + rng_() % 50 * 1000 + rng_() % 3);
    id.insurer = 1 + rng_() % 5;
    id.card = id.insurer * 1000 + rng_() % 3;
    return id;
  }

  Identity variant(Identity id) {
    const auto roll = [this](int percent) { return static_cast<int>(rng_() % 100) < percent; };
    using namespace nayose::synth;  // NOLINT(google-build-using-namespace)
    for (std::string* kana : {&id.kana_surname, &id.kana_given}) {
      const auto r = rng_() % 100;
      if (r < 10) *kana = small_kana_to_large(*kana);
      else if (r < 20) *kana = long_vowel_variant(*kana);
      else if (r < 32) *kana = kana_typo(*kana, rng_());
      else if (r < 36) *kana = to_halfwidth_kana(*kana);
      else if (r < 40) *kana = katakana_to_hiragana(*kana);
      else if (r < 45) kana->clear();
      else if (r < 48 && !kana->empty()) kana->pop_back();  // a truncated name (may leave half a code point: U+FFFD)
    }
    if (roll(8)) id.kana_surname = tables_.surnames[rng_() % 300].kana;  // marriage
    const auto k = rng_() % 100;
    if (k < 25) id.kanji_surname = swap_itaiji(id.kanji_surname);
    else if (k < 30) id.kanji_surname = substitute_first(id.kanji_surname, "■");
    else if (k < 38) id.kanji_given = substitute_first(id.kanji_given, "一");
    else if (k < 43) id.kanji_surname.clear(), id.kanji_given.clear();
    else if (k < 46) id.kanji_surname = tables_.surnames[rng_() % 300].kanji;
    const auto b = rng_() % 100;
    const std::uint32_t y = id.birth / 10000, m = id.birth / 100 % 100, d = id.birth % 100;
    if (b < 8) id.birth = y * 10000 + d * 100 + m;                     // day ↔ month (maybe invalid)
    else if (b < 16) id.birth += static_cast<std::uint32_t>(rng_() % 9 + 1) * pow10(rng_() % 8) % 100000000;
    else if (b < 20) id.birth = (y + (rng_() % 2 == 0 ? 63U : 14U)) * 10000 + m * 100 + d;  // era slip
    else if (b < 24) id.birth = 0;
    else if (b < 28) id.birth = 19000101 + static_cast<std::uint32_t>(rng_() % 1000000);
    const auto s = rng_() % 100;
    if (s < 4) id.sex = static_cast<std::uint8_t>(3 - id.sex);
    else if (s < 7) id.sex = 9;
    else if (s < 10) id.sex = 0;
    const auto p = rng_() % 100;
    if (p < 15) id.postal = id.postal.substr(0, 3) + "9999";
    else if (p < 30) id.postal = std::to_string(1000000 + rng_() % 9000000);
    else if (p < 45) id.postal.clear();
    const auto i = rng_() % 100;
    if (i < 20) id.card = id.insurer * 1000 + 500 + rng_() % 3;
    else if (i < 30) id.card = 0;
    else if (i < 40) id.insurer = 1 + rng_() % 5, id.card = id.insurer * 1000 + rng_() % 3;
    else if (i < 50) id.insurer = 0, id.card = 0;
    return id;
  }

 private:
  static std::uint32_t pow10(std::uint64_t e) {
    std::uint32_t p = 1;
    for (std::uint64_t k = 0; k < e; ++k) p *= 10;
    return p;
  }
  bool has_variant(const std::string& kanji) const {
    for (const auto& v : tables_.kanji_variants) {
      if (kanji.find(v.common) != std::string::npos) return true;
    }
    return false;
  }
  std::string swap_itaiji(std::string kanji) {
    for (const auto& v : tables_.kanji_variants) {
      const auto at = kanji.find(v.common);
      if (at != std::string::npos) return kanji.replace(at, v.common.size(), v.variant);
    }
    return kanji;
  }
  static std::string substitute_first(const std::string& kanji, const std::string& with) {
    const std::u32string u = to_u32(kanji);
    if (u.empty()) return kanji;
    return with + nayose::synth::u32_to_utf8(std::u32string_view(u).substr(1));
  }

  std::mt19937_64 rng_;
  const nayose::synth::Tables& tables_;
};

// A realistic block: records sharing (birth, sex) — some persons with several variants, plus
// records that only land in the block because of a variant birth date.
std::vector<LinkRecord> random_block(std::uint64_t seed, std::size_t n) {
  VariantMaker maker(seed);
  std::mt19937_64 rng(seed ^ 0x5EEDU);
  const std::uint32_t birth = 19300101 + static_cast<std::uint32_t>(rng() % 80) * 10000 +
                              static_cast<std::uint32_t>(rng() % 12) * 100 + static_cast<std::uint32_t>(rng() % 28);
  const auto sex = static_cast<std::uint8_t>(1 + rng() % 2);
  std::vector<LinkRecord> block;
  while (block.size() < n) {
    const Identity base = maker.person(birth, sex);
    const auto copies = 1 + rng() % 5;
    for (std::uint64_t c = 0; c < copies && block.size() < n; ++c) {
      block.push_back(make_record(seed * 1000 + block.size(), c == 0 ? base : maker.variant(base)));
    }
  }
  return block;
}

TEST(BlockScorer, EqualsReferenceOnRandomBlocks) {
  std::array<std::array<std::size_t, kMaxLevels>, kFields> seen{};
  std::size_t pairs = 0;
  for (std::uint64_t seed = 1; seed <= 24; ++seed) {
    const std::vector<LinkRecord> block = random_block(seed, 40 + seed * 7);
    const BlockScorer scorer(block);
    const std::vector<ScoredPair> scored = scorer.score_all();
    ASSERT_EQ(scored.size(), scorer.pair_count());
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < block.size(); ++i) {
      for (std::uint32_t j = i + 1; j < block.size(); ++j, ++k) {
        const ComparisonVector expected = compare(block[i], block[j]);
        ASSERT_EQ(scored[k].i, i);
        ASSERT_EQ(scored[k].j, j);
        ASSERT_EQ(pattern_vector(scored[k].pattern), expected)
            << "pair " << i << "," << j << " field levels differ (seed " << seed << ")";
        ASSERT_EQ(compare(block[j], block[i]), expected) << "compare is symmetric";
        for (std::size_t f = 0; f < kFields; ++f) ++seen[f][expected.level[f]];
        ++pairs;
      }
    }
  }
  EXPECT_GT(pairs, 100000U);
  // The blocks reach every level of every field, so the equality above means something.
  for (std::size_t f = 0; f < kFields; ++f) {
    for (std::size_t l = 0; l < kLevels[f]; ++l) {
      EXPECT_GT(seen[f][l], 0U) << kFieldNames[f] << " level " << l << " never produced";
    }
  }
}

TEST(BlockScorer, CandidatesAndRowsEqualReference) {
  const std::vector<LinkRecord> block = random_block(99, 120);
  const BlockScorer scorer(block);
  std::mt19937_64 rng(5);
  for (std::size_t i = 0; i < block.size(); ++i) {
    std::vector<std::uint32_t> candidates;
    for (int c = 0; c < 30; ++c) candidates.push_back(static_cast<std::uint32_t>(rng() % block.size()));
    candidates.push_back(static_cast<std::uint32_t>(i));
    std::size_t k = 0;
    scorer.score_candidates(i, candidates, [&](std::uint32_t a, std::uint32_t b, std::uint32_t pattern) {
      ASSERT_EQ(a, i);
      ASSERT_EQ(b, candidates[k++]);
      ASSERT_EQ(pattern, pattern_index(compare(block[a], block[b])));
    });
    EXPECT_EQ(k, candidates.size());
    std::uint32_t next = static_cast<std::uint32_t>(i) + 1;
    scorer.score_row(i, [&](std::uint32_t a, std::uint32_t b, std::uint32_t pattern) {
      ASSERT_EQ(a, i);
      ASSERT_EQ(b, next++);
      ASSERT_EQ(pattern, pattern_index(compare(block[a], block[b])));
    });
    EXPECT_EQ(next, block.size());
  }
  const std::array<std::uint32_t, 1> past = {static_cast<std::uint32_t>(block.size())};
  EXPECT_THROW(scorer.score_candidates(0, past, [](std::uint32_t, std::uint32_t, std::uint32_t) {}),
               std::out_of_range);
  // A record comparator across blocks.
  const std::vector<LinkRecord> other = random_block(100, 50);
  const RecordComparator row(block[3]);
  for (const LinkRecord& r : other) EXPECT_EQ(row.compare(r), compare(block[3], r));
}

TEST(BlockScorer, TinyBlocks) {
  const std::vector<LinkRecord> none;
  EXPECT_EQ(BlockScorer(none).pair_count(), 0U);
  EXPECT_TRUE(BlockScorer(none).score_all().empty());
  const std::vector<LinkRecord> one(1);
  EXPECT_TRUE(BlockScorer(one).score_all().empty());
  const std::vector<LinkRecord> two(2);  // all fields missing
  const auto scored = BlockScorer(two).score_all();
  ASSERT_EQ(scored.size(), 1U);
  EXPECT_EQ(scored[0], (ScoredPair{0, 1, 0}));
}

}  // namespace
