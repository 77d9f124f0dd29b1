#pragma once
// One distinct identity variant as the link stage moves it between ranks: the normalised fields a
// comparison and a blocking key need, the smallest identity row and lineage it stands for, and the
// term frequency of its kana name. Serialised as a byte blob for route_blobs.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernels/link/record.hpp"

namespace nayose::linkage {

struct Variant;

// The identity fields of one staging row, as views into the columns read (no copies): enough to
// compute the variant key, and to encode the variant only when the key is new on this rank.
struct VariantFields {
  std::string_view kana_name, kana_given, kana_key, kana_given_key, kanji_name, kanji_soft_key, kanji_given;
  std::string_view postal_code, municipality;
  std::uint32_t birth = 0;
  std::uint8_t sex = 0;
  std::uint64_t insurer_hash = 0, card_hash = 0, family_card_hash = 0;

  Variant to_variant() const;  // key and aggregates left to the caller

  // Variant::encode's bytes in two parts, so a rank can encode a variant when it first sees its
  // key and add the aggregates over its rows later: head (key and fields) + tail (aggregates)
  // = the Variant's encode() with these values.
  void encode_head(std::string& out, std::uint64_t key) const;
};

// The aggregates of an encoded variant (its tail), for merging copies of one variant without
// decoding their fields.
struct VariantTail {
  std::uint64_t min_row = 0;
  std::array<std::uint8_t, 32> min_lineage{};
  std::uint64_t rows = 0;
};
inline constexpr std::size_t kVariantTailBytes = 8 + 32 + 8 + 8;

struct Variant {
  std::uint64_t key = 0;        // stable hash of the identity fields below (the variant's identity)
  std::string kana_name;        // normalised full kana name (surname + given)
  std::string kana_given;       // given name kana when the source split the name, else empty
  std::string kana_key;         // match key of the full kana name
  std::string kana_given_key;   // match key of the given name
  std::string kanji_name;       // NFKC kanji name without spaces
  std::string kanji_soft_key;   // itaiji-folded
  std::string kanji_given;      // kanji given name when split
  std::uint32_t birth = 0;
  std::uint8_t sex = 0;
  std::string postal_code;
  std::string municipality;
  std::uint64_t insurer_hash = 0;  // normalised 保険者番号
  std::uint64_t card_hash = 0;     // 保険者番号 + 記号 + 番号 + 枝番 (0 unless all four are present)
  std::uint64_t family_card_hash = 0;  // 保険者番号 + 記号 + 番号 (a household's card)
  // Aggregates over the identity rows of the variant.
  std::uint64_t min_row = UINT64_MAX;                 // smallest staging identity row
  std::array<std::uint8_t, 32> min_lineage{};         // smallest lineage of its rows
  std::uint64_t rows = 0;
  double kana_frequency = 0;                          // share of variants with this kana key (TF)

  std::string encode() const;
  void encode(std::string& out) const;  // appends the same bytes to `out`
  static Variant decode(std::string_view blob);
  link::LinkRecord to_record() const;
  // The identity fields as views into this variant (for variant_key and encode_head).
  VariantFields fields() const;
  // Merges another observation of the same variant (same key): min row/lineage, row counts.
  void absorb(const Variant& other);
  void absorb(const VariantTail& other);
};

// What block scoring and the u sample need of an encoded variant (Variant::encode's bytes), read
// straight into the comparator's record without building the Variant: `record` equals
// Variant::decode(blob).to_record(), `extra` holds its min_row and kana_frequency.
struct ScoringExtra {
  std::uint64_t min_row = 0;
  double kana_frequency = 0;
};
void decode_scoring_record(std::string_view blob, link::LinkRecord& record, ScoringExtra& extra);

// Cannot-link (README "link", --branch-cannot-link): two variants of one household card (保険者番号 +
// 記号 + 番号) are different members of the household when both carry a 枝番 and they differ, or
// when a 枝番 is missing on a side and their given names disagree (kana_given level 1 in
// `comparator_pattern`, their link::compare pattern index: split or inferred). The pattern is only
// decoded for two variants of one household card.
bool other_household_member(const link::LinkRecord& a, const link::LinkRecord& b, std::uint32_t comparator_pattern);
bool other_household_member(const Variant& a, const Variant& b, std::uint32_t comparator_pattern);

void encode_variant_tail(std::string& out, std::uint64_t min_row, const std::array<std::uint8_t, 32>& min_lineage,
                         std::uint64_t rows, double kana_frequency);
VariantTail read_variant_tail(std::string_view blob);

// Computes `key` from the identity fields (stable across runs and partitions). `scratch` is reused
// between calls to avoid an allocation per row; both overloads give the same key.
std::uint64_t variant_key(const VariantFields& f, std::string& scratch);
std::uint64_t variant_key(const Variant& v);

}  // namespace nayose::linkage
