#pragma once
// Comparison levels and comparison vectors for Fellegi–Sunter linkage (DESIGN §Linkage, DOMAIN
// §4.2–4.4, §4.12), the slow reference `compare()` and the fast one-vs-block `BlockScorer`.
//
// Levels per field (uint8; higher = stronger agreement; the first rule that applies wins):
//
//   kana_surname, kana_given (separately; JW = Jaro-Winkler of the normalised kana, code points)
//     0 missing     either kana is empty
//     5 exact       kana equal
//     4 key         match keys equal (small kana enlarged, long vowels / voiced marks folded)
//     3 jw≥0.92     JW ≥ 0.92
//     2 jw≥0.80     JW ≥ 0.80
//     1 different
//   kana_given, inferred: when the rule above gives 0 (a side has no given name of its own — claims
//     and check-up XML carry the kana name unsplit) and the kana_surname field (the full kana name
//     in the link job) is at level 1 or 2, the full names are split after their longest common
//     start if it has ≥ kInferredSurnameMin code points and leaves both remainders non-empty; the
//     remainders stand for the given names and get the same ladder (textbook JW, keys = the
//     remainders, so levels 1–3). Siblings and twins share the surname and differ in the given
//     name; a marriage changes the surname and keeps the given name, so its full names rarely
//     share a start. Otherwise 0. (Calling every pair that shares no start "given different"
//     was tried: most random pairs then land there, which inflates the weight of a real given-name
//     agreement; precision fell at 100,000 persons.)
//   kanji_name (soft(r) = r.kanji_soft_key, or r.kanji_name when the soft key is empty)
//     0 missing     either kanji_name is empty
//     4 exact       kanji_name equal
//     3 soft        soft keys equal (itaiji-folded: 髙橋 ≡ 高橋; 斎藤 ≢ 斉藤)
//     2 jw≥0.80     JW(soft(a), soft(b)) ≥ 0.80
//     1 different
//   birth (YYYYMMDD)
//     0 missing     either is 0
//     3 exact
//     2 near        exactly one of the 8 decimal digits differs; or the same year with day and
//                   month swapped; or the same MMDD with |Δyear| in kEraSlipYears (the same 和暦
//                   year written under another 元号: every pairwise difference of the era bases
//                   1867 明治, 1911 大正, 1925 昭和, 1988 平成, 2018 令和)
//     1 different
//   sex (1 male, 2 female, 9 other/unknown, 0 missing)
//     0 missing     either is 0 or 9 (9 mixes "unknown" with "other": no evidence either way)
//     2 same
//     1 different
//   postal_code (7 digits)
//     0 missing     either is empty
//     3 exact       all 7 digits equal
//     2 area        first 3 digits equal
//     1 different
//   insurer (hashes of the normalised 保険者番号, of the household card 保険者番号+記号+番号 and of the
//   individual card with 枝番; different 枝番 on one card are household members, kept apart by the
//   link job's cannot-link)
//     0 missing     either insurer_hash is 0
//     1 different   insurer_hash differs
//     2 other card  same insurer, both household cards present and different (another insured
//                   person of the same insurer — or a job change within 協会けんぽ, a 記号・番号 typo)
//     3 insurer     same insurer, a household card missing on either side
//     4 household   same household card, 枝番 missing on a side or different (a family member —
//                   twins on a parent's card — or the same person before 2021 / with a lost 枝番)
//     5 card        same individual card (with 枝番)
//
// A pattern is the mixed-radix number of a comparison vector, field 0 least significant:
//   pattern_index(v) = l0 + L0 × (l1 + L1 × (l2 + … + L5 × l6)),  Lf = kLevels[f],
// in [0, kPatterns) (kPatterns = 6·6·5·4·3·4·6 = 51840); pattern_vector is its inverse.
//
// compare() uses the textbook Jaro-Winkler; RecordComparator / BlockScorer use CachedJaroWinkler
// (one per string of the record, built once, compared with every other record; each JW is
// evaluated at most once per pair and only when no stronger level already applies). Both give
// the same vector for every pair (tests/kernels/link/compare_test.cpp). compare is symmetric.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "kernels/link/jaro.hpp"
#include "kernels/link/record.hpp"

namespace nayose::link {

inline constexpr std::size_t kKanaSurname = 0;
inline constexpr std::size_t kKanaGiven = 1;
inline constexpr std::size_t kKanjiName = 2;
inline constexpr std::size_t kBirth = 3;
inline constexpr std::size_t kSex = 4;
inline constexpr std::size_t kPostalCode = 5;
inline constexpr std::size_t kInsurer = 6;
inline constexpr std::size_t kFields = 7;

inline constexpr std::array<std::string_view, kFields> kFieldNames = {
    "kana_surname", "kana_given", "kanji_name", "birth", "sex", "postal_code", "insurer"};
inline constexpr std::array<std::uint8_t, kFields> kLevels = {6, 6, 5, 4, 3, 4, 6};
inline constexpr std::size_t kMaxLevels = 6;
// Short names of each level, indexed [field][level] ("" past kLevels[field]); for reports.
inline constexpr std::array<std::array<std::string_view, kMaxLevels>, kFields> kLevelNames = {{
    {"missing", "different", "jw>=0.80", "jw>=0.92", "key", "exact"},
    {"missing", "different", "jw>=0.80", "jw>=0.92", "key", "exact"},
    {"missing", "different", "jw>=0.80", "soft", "exact", ""},
    {"missing", "different", "near", "exact", "", ""},
    {"missing", "different", "same", "", "", ""},
    {"missing", "different", "area", "exact", "", ""},
    {"missing", "different", "other card", "insurer", "household", "card"},
}};

inline constexpr std::uint32_t kPatterns = [] {
  std::uint32_t n = 1;
  for (const std::uint8_t l : kLevels) n *= l;
  return n;
}();

inline constexpr double kJwHigh = 0.92;  // kana level 3
inline constexpr double kJwLow = 0.80;   // kana level 2, kanji level 2
inline constexpr std::size_t kInferredSurnameMin = 2;  // common start (code points) for an inferred given name

// 西暦 = 和暦 year + base (DOMAIN §1.2), and every |Δyear| an era slip produces (sorted).
inline constexpr std::array<std::uint16_t, 5> kEraBases = {1867, 1911, 1925, 1988, 2018};
inline constexpr std::array<std::uint16_t, 10> kEraSlipYears = [] {
  std::array<std::uint16_t, 10> out{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < kEraBases.size(); ++i) {
    for (std::size_t j = i + 1; j < kEraBases.size(); ++j) {
      out[n++] = static_cast<std::uint16_t>(kEraBases[j] - kEraBases[i]);
    }
  }
  for (std::size_t i = 1; i < out.size(); ++i) {  // insertion sort (constexpr-friendly)
    for (std::size_t k = i; k > 0 && out[k - 1] > out[k]; --k) {
      const std::uint16_t t = out[k];
      out[k] = out[k - 1];
      out[k - 1] = t;
    }
  }
  return out;
}();

struct ComparisonVector {
  std::array<std::uint8_t, kFields> level{};
  friend bool operator==(const ComparisonVector&, const ComparisonVector&) = default;
};

// Precondition: level[f] < kLevels[f] for every f.
constexpr std::uint32_t pattern_index(const ComparisonVector& v) noexcept {
  std::uint32_t index = 0;
  for (std::size_t f = kFields; f-- > 0;) index = index * kLevels[f] + v.level[f];
  return index;
}

// The inverse of pattern_index. Throws std::out_of_range when index ≥ kPatterns.
constexpr ComparisonVector pattern_vector(std::uint32_t index) {
  if (index >= kPatterns) throw std::out_of_range("nayose::link::pattern_vector: index >= kPatterns");
  ComparisonVector v;
  for (std::size_t f = 0; f < kFields; ++f) {
    v.level[f] = static_cast<std::uint8_t>(index % kLevels[f]);
    index /= kLevels[f];
  }
  return v;
}

// Field levels (the reference; the text ones use the textbook Jaro-Winkler).
std::uint8_t kana_level(std::u32string_view a, std::u32string_view a_key, std::u32string_view b,
                        std::u32string_view b_key);
std::uint8_t kanji_level(std::u32string_view a, std::u32string_view a_soft, std::u32string_view b,
                         std::u32string_view b_soft);
std::uint8_t birth_level(std::uint32_t a, std::uint32_t b) noexcept;
std::uint8_t sex_level(std::uint8_t a, std::uint8_t b) noexcept;
std::uint8_t postal_level(std::string_view a, std::string_view b) noexcept;
std::uint8_t insurer_level(std::uint64_t a_insurer, std::uint64_t a_household, std::uint64_t a_card,
                           std::uint64_t b_insurer, std::uint64_t b_household, std::uint64_t b_card) noexcept;

// The slow reference comparison vector (textbook Jaro-Winkler).
ComparisonVector compare(const LinkRecord& a, const LinkRecord& b);

// One record against many: its kana and kanji strings get a CachedJaroWinkler each, built once.
// compare(other) == nayose::link::compare(record, other). Keeps a pointer to `record`, which must
// outlive it. Immutable after construction (compare may run concurrently).
class RecordComparator {
 public:
  explicit RecordComparator(const LinkRecord& record);
  ComparisonVector compare(const LinkRecord& other) const;
  const LinkRecord& record() const noexcept { return *record_; }

 private:
  const LinkRecord* record_;
  std::u32string_view soft_;  // soft(record)
  CachedJaroWinkler kana_surname_, kana_given_, kanji_soft_;
};

struct ScoredPair {
  std::uint32_t i = 0;  // indices into the block
  std::uint32_t j = 0;
  std::uint32_t pattern = 0;
  friend bool operator==(const ScoredPair&, const ScoredPair&) = default;
};

// Scores a block: every pair (i, j), i < j, once; for each i one RecordComparator compared with
// every j > i. Output order is i ascending, then j ascending (deterministic). Holds only the span;
// const and thread-safe, so callers may parallelise over rows (score_row) and merge in row order.
// `emit` is called as emit(std::uint32_t i, std::uint32_t j, std::uint32_t pattern).
class BlockScorer {
 public:
  explicit BlockScorer(std::span<const LinkRecord> block);  // throws std::length_error past 2^32-1 records

  std::size_t size() const noexcept { return block_.size(); }
  std::uint64_t pair_count() const noexcept {
    const std::uint64_t n = block_.size();
    return n < 2 ? 0 : n * (n - 1) / 2;
  }

  template <class Emit>
  void for_each_pair(Emit&& emit) const {
    for (std::size_t i = 0; i + 1 < block_.size(); ++i) score_row(i, emit);
  }

  // Pairs (i, j) for j = i+1 .. size-1.
  template <class Emit>
  void score_row(std::size_t i, Emit&& emit) const {
    const RecordComparator row(block_[i]);
    const auto ii = static_cast<std::uint32_t>(i);
    for (std::size_t j = i + 1; j < block_.size(); ++j) {
      emit(ii, static_cast<std::uint32_t>(j), pattern_index(row.compare(block_[j])));
    }
  }

  // Pairs (i, c) for each c of `candidates` (block indices, in the given order; c == i and
  // c < i allowed — for sub-blocks and candidate lists from other blocking passes). Throws
  // std::out_of_range for an index past the block.
  template <class Emit>
  void score_candidates(std::size_t i, std::span<const std::uint32_t> candidates, Emit&& emit) const {
    const RecordComparator row(checked(i));
    const auto ii = static_cast<std::uint32_t>(i);
    for (const std::uint32_t c : candidates) emit(ii, c, pattern_index(row.compare(checked(c))));
  }

  void score_all(std::vector<ScoredPair>& out) const;  // appends pair_count() pairs
  std::vector<ScoredPair> score_all() const;

 private:
  const LinkRecord& checked(std::size_t k) const {
    if (k >= block_.size()) throw std::out_of_range("nayose::link::BlockScorer: index past the block");
    return block_[k];
  }

  std::span<const LinkRecord> block_;
};

}  // namespace nayose::link
