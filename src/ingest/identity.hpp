#pragma once
// From a parsed record (fields as given) to the staged, normalised record — or to the reason it
// must be quarantined. Pure, thread-safe, never throws on any input (bad_alloc aside); built on the
// normalisers of kernels/normalize. Messages name the field and the rule, never its value.
//
// Validation (a failing record is quarantined with the Reason; the first failure in this order wins):
//   1. event and service dates: impossible_date / bad_date;
//   2. sex: empty → missing_identity; outside the format's codes → bad_sex;
//   3. name: no kanji and no kana name in any field → missing_identity;
//   4. birth date: empty is allowed (birth = 0); otherwise bad_date / impossible_date;
//   5. 保険者番号 (claims, SS-MIX2, XML): empty allowed; NFKC + digits only else bad_code; 7 digits
//      are left-padded to 8 (a lost leading zero), 5 to 6; then the check digit (insurer_check_digit);
//      care CSV 保険者番号 (= 市町村 code, left-padded to 6) and death CSV 住所地市区町村コード:
//      municipality_check_digit;
//   6. 郵便番号: empty allowed; 7 digits after NFKC and removing one hyphen, else bad_code.
// Things that are odd but possible are accepted and flagged (NormFlag), never quarantined: a birth
// date after the service date, a 和暦 year past the era's end (e.g. 大正40年 from a wrong era digit),
// half-width or hiragana kana, a substitute character (■ ● 〓 ？) in a kanji name.
#include <cstdint>
#include <string>
#include <vector>

#include "src/parse/record.hpp"

namespace nayose::ingest {

enum NormFlag : std::uint32_t {
  kBirthFromWareki = 1U << 0,        // birth date was given as 和暦 GYYMMDD
  kBirthPastEraEnd = 1U << 1,        // 和暦 year beyond the era's last year (date still a calendar date)
  kBirthAfterService = 1U << 2,      // birth date later than the record's service date/month
  kInsurerPadded = 1U << 3,          // 保険者番号 / 市町村 code was left-padded (a lost leading zero)
  kHalfWidthKana = 1U << 4,          // a kana field had half-width katakana
  kHiraganaKana = 1U << 5,           // a kana field had hiragana
  kSubstituteInName = 1U << 6,       // a kanji name holds a substitute character (■ ● 〓 ？)
  kNameSplitBySpace = 1U << 7,       // surname/given were split at a space of the full name (not given separately)
  kFullWidthDigits = 1U << 8,        // full-width digits in a code field (記号・番号, 保険者番号, ...)
  kKanaFromKanjiField = 1U << 9,     // UKE/CYO RE-5 held kana (no kanji name)
};

struct StagedIdentity {
  // Normalised identity (README "ingest: staging schema" says exactly how each is derived).
  std::string kanji_name;       // NFKC, spaces (U+0020, U+3000) removed
  std::string kanji_surname;    // from the source's components, else split at the first space; else empty
  std::string kanji_given;
  std::string kanji_soft_key;   // kanji_name with variant kanji folded (髙→高, 﨑→崎, 邊→辺 ...): soft key, never equality
  std::string kana_name;        // normalize_kana (DOMAIN §4.2): NFKC, hiragana→katakana, spaces/中黒 removed, long-vowel look-alikes → ー
  std::string kana_surname;
  std::string kana_given;
  std::string kana_key;         // match_key_kana of kana_name: small→large, ヴ→ブ ヂ→ジ ヅ→ズ ヲ→オ, long vowels collapsed, voiced marks folded (ガ→カ)
  std::string kana_surname_key;
  std::string kana_given_key;
  std::uint8_t sex = 0;         // 1 male, 2 female, 9 other/unknown (HL7 O/U)
  std::uint32_t birth = 0;      // YYYYMMDD (0 = not given)
  std::string insurer;          // 8 digits (6 for 市町村国保); empty if not given
  std::string symbol;           // 記号: NFKC, spaces removed (may hold kanji/kana, e.g. 「東」)
  std::string number;           // 番号: NFKC, spaces removed
  std::string branch;           // 枝番: NFKC digits, 1 digit left-padded to 2
  std::string postal_code;      // 7 digits or empty
  std::string municipality;     // 6 digits or empty (death CSV; care CSV's 保険者番号)
  std::string patient_id;       // NFKC, surrounding spaces trimmed
  std::string care_number;      // NFKC digits
  std::uint32_t service_month = 0;  // YYYYMM (0 = none)
  std::uint32_t service_date = 0;   // YYYYMMDD (0 = none)
  std::uint32_t flags = 0;          // NormFlag bits
};

struct StagedEvent {
  std::uint32_t date = 0;  // YYYYMMDD (0 = none)
};

struct NormalizedRecord {
  parse::Reason reason = parse::Reason::none;  // none = accepted
  std::string message;                         // why not (no values)
  StagedIdentity identity;                     // valid when reason == none
  std::vector<StagedEvent> events;             // one per ParsedRecord::events, same order
};

NormalizedRecord normalize_record(parse::SourceKind kind, const parse::ParsedRecord& record);

}  // namespace nayose::ingest
