#pragma once
// How one facility records a person's identity on one record (nayose generate): the true identity
// (Person + the IdentityEpoch in force) goes in, the RecordedIdentity with realistic errors comes
// out, with every applied error flagged so the ground truth knows what the linker must undo.
//
// Randomness is a pure function of its keys (kernels/core/stable_hash.hpp), never of the thread,
// rank or call order:
//   persistent errors   keyed by (seed, facility.id, person.id)  — a facility's patient master is
//                        typed once, so the same facility mis-records the same person the same way
//                        on every record; another facility decides independently;
//   facility habits     keyed by (seed, facility.id)             — which charset its claims software
//                        writes, which symbol it prints for a kanji it cannot encode;
//   per-record errors   keyed by (seed, record_key)              — a typo on one claim, one invalid
//                        record for the quarantine.
//
// Which fields each source kind carries (DOMAIN §4.1); everything else is left empty.
//   uke, cyo  kanji_name (RE-5 「姓　名」, or the half-width / hiragana kana name), kana_name (RE-37,
//             full-width katakana, the writer strips its space), sex, birth, insurer_number, symbol,
//             number, branch. No address.
//   ssmix2    kanji_surname/kanji_given + kana_surname/kana_given (PID-5), sex, birth, postal_code,
//             address, municipality_code (PID-11), insurer_number (IN1), symbol, number, branch.
//   checkup   kana_name (no space, DOMAIN §3.2), sex, birth, insurer_number, symbol, number, branch,
//             postal_code, address.
//   care      kana_name, sex, birth, care_insured_number, insurer_number = the 6-digit municipality
//             code (the 介護 insurer is the municipality).
//   death     kanji_name, sex, birth, address, municipality_code.
// chart_number is never filled here (the job assigns it).
//
// Byte-level corruptions (truncated_line, wrong_field_count, bad_byte_sequence) are only flagged
// here; the format writers apply them. bad_check_digit and impossible_date are applied here.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/synth/model.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::synth {

// Error rates. Every rate is the probability of the error GIVEN that it is possible for the
// record (the name has a small kana, the birth day is ≤ 12, the person has an earlier surname, …);
// where it is impossible nothing happens and no flag is set.
//
// | name                        | default | scope                                | why this much                                        |
// |-----------------------------|---------|--------------------------------------|------------------------------------------------------|
// | half_width_kana             | 0.04    | facility×person; UKE/CYO RE-5, care  | older レセコン / 介護 software store JIS X 0201 kana    |
// |                             |         | kana                                 | names (DOMAIN §0.3); a minority of clinics today       |
// | hiragana_name               | 0.01    | facility×person; UKE/CYO RE-5        | seen in real RE-5 (§1.3) but rare                      |
// | small_kana_large            | 0.03    | facility×person; names with ャュョッ… | insurer / eligibility systems (§0.4); propagates into  |
// |                             |         |                                      | masters copied from eligibility screens               |
// | long_vowel_variant          | 0.03    | facility×person; オウ/オオ/ユウ/エイ/ー  | clerk types the spoken reading (オータ for オオタ)       |
// | no_name_space               | 0.10    | facility×person; joined names        | "real files also show names with no space" (§1.3)     |
// | itaiji_substitute           | 0.50    | facility×person; name has a variant  | an encodable 澤/邊/齋 is still typed as 沢/辺/斎 by about |
// |                             |         | the source CAN encode                | half of the clerks [U]; a variant the source cannot    |
// |                             |         |                                      | encode (髙 in JIS X 0208) is ALWAYS substituted        |
// | itaiji_symbol_share         | 0.20    | share of forced substitutions        | written as the facility's 外字 symbol (■/●/〓/？;       |
// |                             |         |                                      | SS-MIX2: ■ per NHO spec) instead of the common form   |
// | old_surname_after_marriage  | 0.15    | facility×person with an earlier      | patient masters lag behind marriages; the 2023 audit   |
// |                             |         | epoch under another surname          | found ~0.9% of all records mismatched (§4.4) [U]       |
// | old_address_after_move      | 0.20    | facility×person with an earlier      | addresses are updated even less often than names [U]; |
// |                             |         | address; SS-MIX2, check-up           | not death (taken from the residence registry)         |
// | full_width_card_digits      | 0.30    | facility×person; UKE/CYO/SS-MIX2/    | 記号・番号 "frequently full-width" (§0.5, §3.2)          |
// |                             |         | check-up 記号・番号                   |                                                      |
// | insurer_leading_zero_lost   | 0.10    | facility×person; insurer number      | HL7 / CSV numeric columns drop the 0 of 01… (§0.5);    |
// |                             |         | starting with 0; SS-MIX2, check-up,  | UKE HO-2 is a fixed-width text field, so not UKE/CYO  |
// |                             |         | care                                 |                                                      |
// | cp932_claims_share          | 0.30    | per facility; UKE/CYO                | claims software writing CP932, so 髙/﨑/德 (not 𠮷) can |
// |                             |         |                                      | reach the file (§0.2) [U]                             |
// | kana_typo                   | 0.002   | record with a kana field             | one mistyped kana; keying error rates are ~0.1–0.5%   |
// | day_month_swap              | 0.001   | record; birth day ≤ 12 and ≠ month   | DD/MM transposition at entry                          |
// | era_digit_wrong             | 0.002   | record; UKE/CYO of a wareki facility | 元号 digit off by one era (昭和55 typed as 平成55 is      |
// |                             |         | when the other era has that year     | impossible; 昭和30 as 平成30 is not)                     |
// | missing_field               | 0.005   | record                               | one optional field left empty (kana, birth, 記号, …)    |
// | bad_check_digit             | 0.0005  | record carrying an insurer number    | invalid records total 0.2%: what the quarantine path  |
// | impossible_date             | 0.0004  | record                               | needs to see often enough to test, rarely enough to   |
// | truncated_line              | 0.0004  | record                               | be realistic. wrong_field_count is never possible for |
// | wrong_field_count           | 0.0003  | UKE/CYO/care/death record            | SS-MIX2 or XML (extra fields are legal there)         |
// | bad_byte_sequence           | 0.0004  | record                               |                                                      |
struct ErrorRates {
  // Persistent per (facility, person).
  double half_width_kana = 0.04;
  double hiragana_name = 0.01;
  double small_kana_large = 0.03;
  double long_vowel_variant = 0.03;
  double no_name_space = 0.10;
  double itaiji_substitute = 0.50;
  double itaiji_symbol_share = 0.20;
  double old_surname_after_marriage = 0.15;
  double old_address_after_move = 0.20;
  double full_width_card_digits = 0.30;
  double insurer_leading_zero_lost = 0.10;
  // Per facility.
  double cp932_claims_share = 0.30;
  // Per record.
  double kana_typo = 0.002;
  double day_month_swap = 0.001;
  double era_digit_wrong = 0.002;
  double missing_field = 0.005;
  // Invalid records (at most one per record).
  double bad_check_digit = 0.0005;
  double impossible_date = 0.0004;
  double truncated_line = 0.0004;
  double wrong_field_count = 0.0003;
  double bad_byte_sequence = 0.0004;

  // Sets a rate by its snake_case field name. Throws std::invalid_argument for an unknown name or
  // a value outside [0, 1] (the message names the offender and lists the valid names).
  void set(std::string_view name, double value);
  double get(std::string_view name) const;
  // The field itself, for binding to a config OptionSet (`add(prefix + name, rates.field(name), help)`).
  double* field(std::string_view name);
  // Every name, in declaration order, and its one-line help (for --help / --dump-config).
  static std::vector<std::string> names();
  static std::string_view help(std::string_view name);
  // Every problem with the current values (out of range, half_width_kana + hiragana_name > 1,
  // invalid rates summing to more than 1), for a config error that reports everything at once.
  std::vector<std::string> problems() const;
};

// Error flags that are persistent per (facility, person), and those drawn per record.
inline constexpr std::uint32_t kPersistentErrorFlags =
    kHalfWidthKana | kSmallKanaLarge | kLongVowelVariant | kNoNameSpace | kItaijiSubstitute | kHiraganaName |
    kOldSurname | kOldAddress | kFullWidthCardDigits | kInsurerLeadingZeroLost;
inline constexpr std::uint32_t kPerRecordErrorFlags = kKanaTypo | kDayMonthSwap | kEraDigitWrong | kMissingField;

// The character repertoire a source's name fields can carry.
enum class NameCharset : std::uint8_t {
  jis_x0208 = 1,  // official UKE/CYO repertoire, SS-MIX2 (ISO-2022-JP): no 髙 﨑 德 𠮷, no half-width kana
  cp932 = 2,      // Windows-31J: JIS X 0208 + NEC/IBM extensions (髙 﨑 德, not 𠮷) + half-width kana
  unicode = 3,    // UTF-8 sources
};

// What a facility's writer for `kind` can carry: UKE/CYO are CP932 for a share of facilities
// (cp932_claims_share, per facility) else JIS X 0208; SS-MIX2 JIS X 0208; check-up XML Unicode;
// care and death CSV CP932 [U]. Writers must encode with a superset (CP932 covers JIS X 0208).
NameCharset name_charset(const Facility& facility, SourceKind kind, std::uint64_t seed, const ErrorRates& rates);

// Whether a code point / every code point of a UTF-8 string is representable in the charset
// (ICU's windows-31j table; JIS X 0208 = the CP932 double-byte rows of JIS X 0208 plus ASCII).
bool can_encode(char32_t cp, NameCharset charset);
bool can_encode(std::string_view utf8, NameCharset charset);

// Which invalid-record kinds a source kind can carry (bad_check_digit additionally needs a number
// with a check digit on the record).
bool corruption_allowed(SourceKind kind, Corruption corruption);

RecordedIdentity render_identity(const Person& person, const IdentityEpoch& current, const Facility& facility,
                                 SourceKind kind, std::uint64_t seed, std::uint64_t record_key,
                                 const ErrorRates& rates, const Tables& tables);

}  // namespace nayose::synth
