#include "kernels/link/compare.hpp"

#include <algorithm>
#include <limits>

namespace nayose::link {

namespace {

// The kana and kanji ladders take the Jaro-Winkler as a callable so that the reference (textbook)
// and the fast path (cached) share the rules and differ only in how JW is computed; JW is called
// at most once, and only when no stronger level applies.
template <class Jw>
std::uint8_t kana_ladder(std::u32string_view a, std::u32string_view a_key, std::u32string_view b,
                         std::u32string_view b_key, Jw&& jw) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 5;
  if (a_key == b_key) return 4;
  const double s = jw();
  if (s >= kJwHigh) return 3;
  if (s >= kJwLow) return 2;
  return 1;
}

template <class Jw>
std::uint8_t kanji_ladder(std::u32string_view a, std::u32string_view a_soft, std::u32string_view b,
                          std::u32string_view b_soft, Jw&& jw) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 4;
  if (a_soft == b_soft) return 3;
  return jw() >= kJwLow ? 2 : 1;
}

// kana_given when a side has no given name of its own (compare.hpp, "inferred given name").
std::uint8_t inferred_given_level(std::u32string_view a_full, std::u32string_view b_full, std::uint8_t full_level) {
  if (full_level == 0 || full_level > 2) return 0;
  const auto start = std::mismatch(a_full.begin(), a_full.end(), b_full.begin(), b_full.end());
  const auto p = static_cast<std::size_t>(start.first - a_full.begin());
  if (p < kInferredSurnameMin || p == a_full.size() || p == b_full.size()) return 0;
  const std::u32string_view a = a_full.substr(p), b = b_full.substr(p);
  return kana_ladder(a, a, b, b, [&] { return jaro_winkler(a, b); });
}

std::u32string_view soft_of(const LinkRecord& r) noexcept {
  return r.kanji_soft_key.empty() ? std::u32string_view(r.kanji_name) : std::u32string_view(r.kanji_soft_key);
}

bool is_era_slip(std::uint32_t year_a, std::uint32_t year_b) noexcept {
  const std::uint32_t delta = year_a > year_b ? year_a - year_b : year_b - year_a;
  return std::find(kEraSlipYears.begin(), kEraSlipYears.end(), delta) != kEraSlipYears.end();
}

// The fields that need no string comparator (shared by both paths).
void compare_codes(const LinkRecord& a, const LinkRecord& b, ComparisonVector& v) noexcept {
  v.level[kBirth] = birth_level(a.birth, b.birth);
  v.level[kSex] = sex_level(a.sex, b.sex);
  v.level[kPostalCode] = postal_level(a.postal_code, b.postal_code);
  v.level[kInsurer] =
      insurer_level(a.insurer_hash, a.family_card_hash, a.card_hash, b.insurer_hash, b.family_card_hash, b.card_hash);
}

}  // namespace

std::uint8_t kana_level(std::u32string_view a, std::u32string_view a_key, std::u32string_view b,
                        std::u32string_view b_key) {
  return kana_ladder(a, a_key, b, b_key, [&] { return jaro_winkler(a, b); });
}

std::uint8_t kanji_level(std::u32string_view a, std::u32string_view a_soft, std::u32string_view b,
                         std::u32string_view b_soft) {
  if (a_soft.empty()) a_soft = a;
  if (b_soft.empty()) b_soft = b;
  return kanji_ladder(a, a_soft, b, b_soft, [&] { return jaro_winkler(a_soft, b_soft); });
}

std::uint8_t birth_level(std::uint32_t a, std::uint32_t b) noexcept {
  if (a == 0 || b == 0) return 0;
  if (a == b) return 3;
  // Exactly one of the 8 decimal digits differs (and nothing above them).
  std::uint32_t x = a;
  std::uint32_t y = b;
  int differing = 0;
  for (int k = 0; k < 8; ++k, x /= 10, y /= 10) differing += (x % 10 != y % 10) ? 1 : 0;
  if (differing == 1 && x == y) return 2;
  const std::uint32_t year_a = a / 10000, month_a = a / 100 % 100, day_a = a % 100;
  const std::uint32_t year_b = b / 10000, month_b = b / 100 % 100, day_b = b % 100;
  if (year_a == year_b && month_a == day_b && day_a == month_b) return 2;  // a != b: not MM == DD
  if (month_a == month_b && day_a == day_b && is_era_slip(year_a, year_b)) return 2;
  return 1;
}

std::uint8_t sex_level(std::uint8_t a, std::uint8_t b) noexcept {
  if (a == 0 || b == 0 || a == 9 || b == 9) return 0;
  return a == b ? 2 : 1;
}

std::uint8_t postal_level(std::string_view a, std::string_view b) noexcept {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 3;
  if (a.size() >= 3 && b.size() >= 3 && a.substr(0, 3) == b.substr(0, 3)) return 2;
  return 1;
}

std::uint8_t insurer_level(std::uint64_t a_insurer, std::uint64_t a_household, std::uint64_t a_card,
                           std::uint64_t b_insurer, std::uint64_t b_household, std::uint64_t b_card) noexcept {
  if (a_insurer == 0 || b_insurer == 0) return 0;
  if (a_insurer != b_insurer) return 1;
  if (a_household == 0 || b_household == 0) return 3;
  if (a_household != b_household) return 2;
  return (a_card != 0 && a_card == b_card) ? 5 : 4;
}

ComparisonVector compare(const LinkRecord& a, const LinkRecord& b) {
  ComparisonVector v;
  v.level[kKanaSurname] = kana_level(a.kana_surname, a.kana_surname_key, b.kana_surname, b.kana_surname_key);
  v.level[kKanaGiven] = kana_level(a.kana_given, a.kana_given_key, b.kana_given, b.kana_given_key);
  if (v.level[kKanaGiven] == 0) v.level[kKanaGiven] = inferred_given_level(a.kana_surname, b.kana_surname, v.level[kKanaSurname]);
  v.level[kKanjiName] = kanji_level(a.kanji_name, a.kanji_soft_key, b.kanji_name, b.kanji_soft_key);
  compare_codes(a, b, v);
  return v;
}

RecordComparator::RecordComparator(const LinkRecord& record)
    : record_(&record), soft_(soft_of(record)), kana_surname_(record.kana_surname),
      kana_given_(record.kana_given), kanji_soft_(soft_) {}

ComparisonVector RecordComparator::compare(const LinkRecord& other) const {
  const LinkRecord& a = *record_;
  ComparisonVector v;
  v.level[kKanaSurname] = kana_ladder(a.kana_surname, a.kana_surname_key, other.kana_surname, other.kana_surname_key,
                                      [&] { return kana_surname_.similarity(other.kana_surname); });
  v.level[kKanaGiven] = kana_ladder(a.kana_given, a.kana_given_key, other.kana_given, other.kana_given_key,
                                    [&] { return kana_given_.similarity(other.kana_given); });
  if (v.level[kKanaGiven] == 0) v.level[kKanaGiven] = inferred_given_level(a.kana_surname, other.kana_surname, v.level[kKanaSurname]);
  const std::u32string_view other_soft = soft_of(other);
  v.level[kKanjiName] = kanji_ladder(a.kanji_name, soft_, other.kanji_name, other_soft,
                                     [&] { return kanji_soft_.similarity(other_soft); });
  compare_codes(a, other, v);
  return v;
}

BlockScorer::BlockScorer(std::span<const LinkRecord> block) : block_(block) {
  if (block.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("nayose::link::BlockScorer: more than 2^32-1 records in one block");
  }
}

void BlockScorer::score_all(std::vector<ScoredPair>& out) const {
  out.reserve(out.size() + static_cast<std::size_t>(pair_count()));
  for_each_pair([&out](std::uint32_t i, std::uint32_t j, std::uint32_t pattern) {
    out.push_back(ScoredPair{i, j, pattern});
  });
}

std::vector<ScoredPair> BlockScorer::score_all() const {
  std::vector<ScoredPair> out;
  score_all(out);
  return out;
}

}  // namespace nayose::link
