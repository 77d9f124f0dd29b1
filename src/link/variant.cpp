#include "src/link/variant.hpp"

#include <charconv>

#include "kernels/core/stable_hash.hpp"
#include "kernels/link/compare.hpp"
#include "src/common/bytes.hpp"

namespace nayose::linkage {

std::string Variant::encode() const {
  std::string out;
  encode(out);
  return out;
}

VariantFields Variant::fields() const {
  return {kana_name,      kana_given,  kana_key,    kana_given_key, kanji_name,
          kanji_soft_key, kanji_given, postal_code, municipality,   birth,
          sex,            insurer_hash, card_hash,  family_card_hash};
}

void Variant::encode(std::string& out) const {
  fields().encode_head(out, key);
  encode_variant_tail(out, min_row, min_lineage, rows, kana_frequency);
}

void VariantFields::encode_head(std::string& out, std::uint64_t key) const {
  ByteWriter w(out);
  w.put(key);
  for (const std::string_view s : {kana_name, kana_given, kana_key, kana_given_key, kanji_name, kanji_soft_key,
                                   kanji_given, postal_code, municipality}) {
    w.put_text(s);
  }
  w.put(birth);
  w.put(sex);
  w.put(insurer_hash);
  w.put(card_hash);
  w.put(family_card_hash);
}

void encode_variant_tail(std::string& out, std::uint64_t min_row, const std::array<std::uint8_t, 32>& min_lineage,
                         std::uint64_t rows, double kana_frequency) {
  ByteWriter w(out);
  w.put(min_row);
  w.put(min_lineage);
  w.put(rows);
  w.put(kana_frequency);
}

VariantTail read_variant_tail(std::string_view blob) {
  if (blob.size() < kVariantTailBytes) throw Error("link: variant blob: truncated");
  ByteReader r(blob.substr(blob.size() - kVariantTailBytes), "link: variant blob");
  VariantTail t;
  r.get(t.min_row);
  r.get(t.min_lineage);
  r.get(t.rows);
  return t;
}

namespace {
// The numeric identity fields, in encode_head's order; Variant and link::LinkRecord name them alike.
template <class R>
void read_numbers(ByteReader& r, R& out) {
  r.get(out.birth);
  r.get(out.sex);
  r.get(out.insurer_hash);
  r.get(out.card_hash);
  r.get(out.family_card_hash);
}
}  // namespace

Variant Variant::decode(std::string_view blob) {
  Variant v;
  ByteReader r(blob, "link: variant blob");
  r.get(v.key);
  for (std::string* s : {&v.kana_name, &v.kana_given, &v.kana_key, &v.kana_given_key, &v.kanji_name,
                         &v.kanji_soft_key, &v.kanji_given, &v.postal_code, &v.municipality}) {
    r.get_text(*s);
  }
  read_numbers(r, v);
  r.get(v.min_row);
  r.get(v.min_lineage);
  r.get(v.rows);
  r.get(v.kana_frequency);
  return v;
}

void decode_scoring_record(std::string_view blob, link::LinkRecord& rec, ScoringExtra& extra) {
  ByteReader r(blob, "link: variant blob");
  r.get(rec.key);
  rec.kana_surname = link::to_u32(r.get_text());  // the full kana name (to_record)
  rec.kana_given = link::to_u32(r.get_text());
  rec.kana_surname_key = link::to_u32(r.get_text());
  rec.kana_given_key = link::to_u32(r.get_text());
  rec.kanji_name = link::to_u32(r.get_text());
  rec.kanji_soft_key = link::to_u32(r.get_text());
  r.get_text();  // kanji_given: a blocking field, not compared
  rec.postal_code.assign(r.get_text());
  rec.municipality.assign(r.get_text());
  read_numbers(r, rec);
  r.get(extra.min_row);
  r.take(sizeof(Variant::min_lineage));
  r.take(sizeof(Variant::rows));
  r.get(extra.kana_frequency);
  if (!r.done()) throw Error("link: variant blob: trailing bytes");
}

link::LinkRecord Variant::to_record() const {
  link::LinkRecord r;
  r.key = key;
  // The comparator's "surname" kana field carries the full kana name: most sources (claims,
  // check-up XML) give the kana name without a surname/given split (link README).
  r.kana_surname = link::to_u32(kana_name);
  r.kana_given = link::to_u32(kana_given);
  r.kana_surname_key = link::to_u32(kana_key);
  r.kana_given_key = link::to_u32(kana_given_key);
  r.kanji_name = link::to_u32(kanji_name);
  r.kanji_soft_key = link::to_u32(kanji_soft_key);
  r.birth = birth;
  r.sex = sex;
  r.postal_code = postal_code;
  r.municipality = municipality;
  r.insurer_hash = insurer_hash;
  r.family_card_hash = family_card_hash;
  r.card_hash = card_hash;
  return r;
}

void Variant::absorb(const Variant& other) { absorb(VariantTail{other.min_row, other.min_lineage, other.rows}); }

void Variant::absorb(const VariantTail& other) {
  if (other.min_row < min_row) min_row = other.min_row;
  if (std::memcmp(other.min_lineage.data(), min_lineage.data(), min_lineage.size()) < 0) {
    min_lineage = other.min_lineage;
  }
  rows += other.rows;
}

namespace {
template <class R>
bool household_rule(const R& a, const R& b, std::uint32_t comparator_pattern) {
  if (a.family_card_hash == 0 || a.family_card_hash != b.family_card_hash) return false;
  if (a.card_hash != 0 && b.card_hash != 0) return a.card_hash != b.card_hash;
  return link::pattern_vector(comparator_pattern).level[link::kKanaGiven] == 1;
}
}  // namespace

bool other_household_member(const link::LinkRecord& a, const link::LinkRecord& b, std::uint32_t comparator_pattern) {
  return household_rule(a, b, comparator_pattern);
}
bool other_household_member(const Variant& a, const Variant& b, std::uint32_t comparator_pattern) {
  return household_rule(a, b, comparator_pattern);
}

Variant VariantFields::to_variant() const {
  Variant v;
  v.kana_name = kana_name;
  v.kana_given = kana_given;
  v.kana_key = kana_key;
  v.kana_given_key = kana_given_key;
  v.kanji_name = kanji_name;
  v.kanji_soft_key = kanji_soft_key;
  v.kanji_given = kanji_given;
  v.birth = birth;
  v.sex = sex;
  v.postal_code = postal_code;
  v.municipality = municipality;
  v.insurer_hash = insurer_hash;
  v.card_hash = card_hash;
  v.family_card_hash = family_card_hash;
  return v;
}

std::uint64_t variant_key(const VariantFields& f, std::string& scratch) {
  scratch.clear();
  for (const std::string_view s : {f.kana_name, f.kana_given, f.kana_key, f.kana_given_key, f.kanji_name,
                                   f.kanji_soft_key, f.kanji_given, f.postal_code, f.municipality}) {
    scratch += s;
    scratch += '\x1f';
  }
  // Decimal numbers separated by 0x1f, as the key has always been spelt (keys are persistent:
  // research IDs of new clusters derive from lineages, not keys, but labels and pair order do).
  char digits[24];
  for (const std::uint64_t n : {std::uint64_t{f.birth}, std::uint64_t{f.sex}, f.insurer_hash, f.card_hash}) {
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    scratch.append(digits, end);
    scratch += '\x1f';
  }
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, f.family_card_hash);
  scratch.append(digits, end);
  return kernels::stable_hash64(scratch, 0x6c696e6b /* "link" */);
}

std::uint64_t variant_key(const Variant& v) {
  std::string scratch;
  return variant_key(v.fields(), scratch);
}

}  // namespace nayose::linkage
