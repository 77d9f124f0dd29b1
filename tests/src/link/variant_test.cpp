// Variant: keys from row views equal keys from variants, blobs round-trip, and the household
// cannot-link rule (README "link", --branch-cannot-link).
#include "src/link/variant.hpp"

#include <gtest/gtest.h>

#include <string>

#include "kernels/link/compare.hpp"

namespace {

using nayose::linkage::other_household_member;
using nayose::linkage::Variant;
using nayose::linkage::VariantFields;
using nayose::linkage::variant_key;

Variant sample() {
  Variant v;
  v.kana_name = "フルタマコト";
  v.kana_key = "フルタマコト";
  v.kanji_name = "古田誠";
  v.kanji_soft_key = "古田誠";
  v.kanji_given = "誠";
  v.birth = 19750605;
  v.sex = 1;
  v.postal_code = "5680085";
  v.municipality = "272108";
  v.insurer_hash = 11;
  v.family_card_hash = 22;
  v.card_hash = 33;
  return v;
}

TEST(Variant, KeyFromFieldsEqualsKeyFromVariant) {
  const Variant v = sample();
  const VariantFields f = v.fields();
  std::string scratch = "left over from another row";
  EXPECT_EQ(variant_key(f, scratch), variant_key(v));
  Variant other = v;
  other.postal_code = "5680086";
  EXPECT_NE(variant_key(other), variant_key(v));
  other = v;
  other.card_hash = 0;  // a lost 枝番 is another variant
  EXPECT_NE(variant_key(other), variant_key(v));
  const Variant built = f.to_variant();
  EXPECT_EQ(variant_key(built), variant_key(v));
}

TEST(Variant, EncodeDecodeRoundTrip) {
  Variant v = sample();
  v.key = variant_key(v);
  v.min_row = 12345;
  v.min_lineage[0] = 7;
  v.rows = 9;
  v.kana_frequency = 0.25;
  const Variant back = Variant::decode(v.encode());
  EXPECT_EQ(back.encode(), v.encode());
  EXPECT_EQ(back.kanji_given, "誠");
  EXPECT_EQ(back.rows, 9U);
  EXPECT_THROW((void)Variant::decode(v.encode().substr(0, 20)), std::exception);
}

// A rank encodes a variant's fields when it first sees the key and adds the aggregates later: the
// two parts make exactly encode()'s bytes, and the tail reads back.
TEST(Variant, HeadAndTailMakeTheEncoding) {
  Variant v = sample();
  v.key = variant_key(v);
  v.min_row = 77;
  v.min_lineage[31] = 9;
  v.rows = 5;
  const VariantFields f = v.fields();
  std::string bytes;
  f.encode_head(bytes, v.key);
  nayose::linkage::encode_variant_tail(bytes, v.min_row, v.min_lineage, v.rows, v.kana_frequency);
  EXPECT_EQ(bytes, v.encode());
  const auto tail = nayose::linkage::read_variant_tail(bytes);
  EXPECT_EQ(tail.min_row, 77U);
  EXPECT_EQ(tail.min_lineage, v.min_lineage);
  EXPECT_EQ(tail.rows, 5U);
  // Absorbing a tail is absorbing the variant it came from.
  Variant a = sample();
  a.min_row = 100;
  a.rows = 2;
  a.min_lineage[0] = 3;
  Variant c = a;
  a.absorb(v);
  c.absorb(tail);
  EXPECT_EQ(a.encode(), c.encode());
  EXPECT_THROW((void)nayose::linkage::read_variant_tail("short"), std::exception);
}

// Block scoring reads records straight from the blob: the same record as decode + to_record, and
// the same appended bytes as encode().
TEST(Variant, ScoringRecordFromBlobEqualsToRecord) {
  Variant v = sample();
  v.kana_given = "マコト";
  v.kana_given_key = "マコト";
  v.key = variant_key(v);
  v.min_row = 4242;
  v.kana_frequency = 0.125;
  std::string appended = "head";
  v.encode(appended);
  EXPECT_EQ(appended, "head" + v.encode());
  nayose::link::LinkRecord r;
  nayose::linkage::ScoringExtra extra;
  nayose::linkage::decode_scoring_record(v.encode(), r, extra);
  const nayose::link::LinkRecord expected = v.to_record();
  EXPECT_EQ(r.key, expected.key);
  EXPECT_EQ(r.kana_surname, expected.kana_surname);
  EXPECT_EQ(r.kana_given, expected.kana_given);
  EXPECT_EQ(r.kana_surname_key, expected.kana_surname_key);
  EXPECT_EQ(r.kana_given_key, expected.kana_given_key);
  EXPECT_EQ(r.kanji_name, expected.kanji_name);
  EXPECT_EQ(r.kanji_soft_key, expected.kanji_soft_key);
  EXPECT_EQ(r.birth, expected.birth);
  EXPECT_EQ(r.sex, expected.sex);
  EXPECT_EQ(r.postal_code, expected.postal_code);
  EXPECT_EQ(r.municipality, expected.municipality);
  EXPECT_EQ(r.insurer_hash, expected.insurer_hash);
  EXPECT_EQ(r.family_card_hash, expected.family_card_hash);
  EXPECT_EQ(r.card_hash, expected.card_hash);
  EXPECT_EQ(extra.min_row, 4242U);
  EXPECT_EQ(extra.kana_frequency, 0.125);
  EXPECT_THROW(nayose::linkage::decode_scoring_record(v.encode().substr(0, 30), r, extra), std::exception);
  EXPECT_THROW(nayose::linkage::decode_scoring_record(v.encode() + "x", r, extra), std::exception);
}

TEST(Variant, OtherHouseholdMember) {
  // A comparator pattern whose kana_given level is l (the other fields do not matter here).
  const auto given = [](std::uint8_t l) {
    nayose::link::ComparisonVector v;
    v.level[nayose::link::kKanaGiven] = l;
    return nayose::link::pattern_index(v);
  };
  // The rule on variants and on the comparator's records (what block scoring uses) agree.
  const auto member = [](const Variant& x, const Variant& y, std::uint32_t pattern) {
    const bool on_variants = other_household_member(x, y, pattern);
    EXPECT_EQ(other_household_member(x.to_record(), y.to_record(), pattern), on_variants);
    return on_variants;
  };
  Variant a = sample(), b = sample();
  // Same household card, different 枝番: other members whatever the names say.
  b.card_hash = 34;
  EXPECT_TRUE(member(a, b, given(5)));
  EXPECT_TRUE(member(a, b, given(0)));
  // Same individual card: the same member.
  b.card_hash = 33;
  EXPECT_FALSE(member(a, b, given(1)));
  // A 枝番 missing on a side: the given names decide (1 = they disagree).
  b.card_hash = 0;
  EXPECT_TRUE(member(a, b, given(1)));
  EXPECT_FALSE(member(a, b, given(0)));
  EXPECT_FALSE(member(a, b, given(3)));
  EXPECT_FALSE(member(a, b, given(5)));
  // Another household card, or none: the rule does not apply.
  b.family_card_hash = 23;
  EXPECT_FALSE(member(a, b, given(1)));
  a.family_card_hash = 0;
  b.family_card_hash = 0;
  EXPECT_FALSE(member(a, b, given(1)));
}

}  // namespace
