#pragma once
// The synthetic population's data model (nayose generate). Pure data: no I/O, no MPI.
//
// Ownership of the pieces:
//   kernels/synth/tables.*      embedded reference tables (names, places, population, codes)
//   kernels/synth/population.*  persons and households as a pure function of (seed, block)
//   kernels/synth/care_plan.*   which facilities a person uses in a month and what happens there
//   kernels/synth/variants.*    how a facility mis-records an identity (persistent + per-record errors)
//   src/formats/*_writer.*      the bytes of each source file from a FacilityMonth
//   src/generate/*              the distributed job: ranks, routing, files, truth.h5
//
// Every string is UTF-8. Dates are proleptic Gregorian civil dates.
#include <cstdint>
#include <string>
#include <vector>

namespace nayose::synth {

struct Date {
  std::int16_t year = 0;
  std::int8_t month = 0;  // 1..12
  std::int8_t day = 0;    // 1..31
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
  bool empty() const { return year == 0; }
};

// Days since 1970-01-01 and back (Howard Hinnant's civil algorithms).
std::int32_t days_from_civil(const Date& d);
Date civil_from_days(std::int32_t days);
bool is_valid_date(int year, int month, int day);

enum class Sex : std::uint8_t { male = 1, female = 2 };

// A person's name in one epoch of their life.
struct Name {
  std::string kanji_surname;  // e.g. 髙橋 (exact registered form, may be outside JIS X 0208)
  std::string kanji_given;    // e.g. 翔太
  std::string kana_surname;   // full-width katakana reading, e.g. タカハシ
  std::string kana_given;     // e.g. ショウタ
};

struct Address {
  std::string municipality_code;  // 6-digit 全国地方公共団体コード with check digit
  std::string prefecture_code;    // 2-digit JIS X 0401
  std::string postal_code;        // 7 digits, no hyphen
  std::string text;               // 東京都千代田区千代田1丁目1番1号 (full address text)
};

enum class Scheme : std::uint8_t {
  kyokai = 1,         // 協会けんぽ, 法別 01
  kumiai = 2,         // 組合健保, 法別 06
  kyosai = 3,         // 共済, 法別 31-34
  kokuho = 4,         // 市町村国保, 6-digit insurer number
  kouki = 5,          // 後期高齢者医療, 法別 39, individual 8-digit 被保険者番号, no 記号
};

struct Insurance {
  Scheme scheme = Scheme::kokuho;
  std::string insurer_number;  // 8 digits (6 for 国保), valid check digit
  std::string symbol;          // 記号 (empty for 後期高齢者)
  std::string number;          // 番号
  std::string branch;          // 枝番, 2 digits ("00" = the card holder)
};

// One stretch of a person's life with constant identity attributes.
struct IdentityEpoch {
  Date from;      // inclusive
  Date until;     // exclusive; empty = open-ended
  Name name;
  Address address;
  Insurance insurance;
  std::string care_insured_number;  // 介護保険被保険者番号 (10 digits) for 65+, else empty
};

enum class LifeEvent : std::uint8_t { birth = 1, death = 2, marriage = 3, move = 4, job_change = 5, turned_75 = 6 };

struct PersonEvent {
  LifeEvent kind;
  Date date;
};

struct Person {
  std::uint64_t id = 0;             // global person id (dense, 0..N-1)
  std::uint64_t household = 0;      // household id
  Sex sex = Sex::male;
  Date birth;
  Date death;                       // empty if alive at the end of the period
  std::vector<IdentityEpoch> epochs;  // ordered, non-overlapping, covering [period start or birth, ...)
  std::vector<PersonEvent> events;    // during the period, ordered by date
  std::uint64_t twin_of = UINT64_MAX;         // hard negative: twin sibling id
  std::uint64_t lookalike_of = UINT64_MAX;    // hard negative: same name + birth date stranger
  std::uint64_t same_name_parent = UINT64_MAX;  // hard negative: parent with the same full name
  // The epoch in force on a date (the last epoch if the date is past every start).
  const IdentityEpoch& epoch_at(const Date& date) const;
};

enum class SourceKind : std::uint8_t {
  uke = 1,      // 医科 claims RECEIPTC.UKE
  cyo = 2,      // 調剤 claims RECEIPTY.CYO
  ssmix2 = 3,   // SS-MIX2 standardized storage message file
  checkup = 4,  // 特定健診 CDA XML
  care = 5,     // 介護 CSV
  death = 6,    // death certificate CSV
};

enum class FacilityKind : std::uint8_t { clinic = 1, hospital = 2, pharmacy = 3, checkup_center = 4, care_provider = 5,
                                         death_registry = 6 };

struct Facility {
  std::uint32_t id = 0;              // dense 0..F-1, same on every rank
  FacilityKind kind = FacilityKind::clinic;
  std::string code;                  // 医療機関コード 7 digits / 薬局コード 7 / 健診機関番号 10 / 事業所番号 10 / registry code
  std::string prefecture_code;       // 2 digits
  std::string municipality_code;     // 6 digits
  std::string name;                  // facility name (kanji)
  bool wareki_dates = false;         // legacy 和暦 date forms in its claims (GYYMMDD / GYYMM)
  bool has_ssmix2 = false;           // hospital exports SS-MIX2
};

// Error flags a record carries (bitmask), documented in README "generate: errors".
enum ErrorFlag : std::uint32_t {
  kHalfWidthKana = 1U << 0,
  kSmallKanaLarge = 1U << 1,
  kLongVowelVariant = 1U << 2,
  kNoNameSpace = 1U << 3,
  kItaijiSubstitute = 1U << 4,
  kHiraganaName = 1U << 5,
  kOldSurname = 1U << 6,
  kOldAddress = 1U << 7,
  kFullWidthCardDigits = 1U << 8,
  kInsurerLeadingZeroLost = 1U << 9,
  kKanaTypo = 1U << 10,
  kDayMonthSwap = 1U << 11,
  kEraDigitWrong = 1U << 12,
  kMissingField = 1U << 13,
};

// Invalid records: the ingest stage must quarantine exactly these.
enum class Corruption : std::uint8_t {
  none = 0,
  bad_check_digit = 1,     // insurer number (or municipality code) check digit broken
  impossible_date = 2,     // e.g. birth date 2023-02-30
  truncated_line = 3,      // record cut short in the middle of a field (and its line end kept)
  wrong_field_count = 4,   // an extra field inserted
  bad_byte_sequence = 5,   // bytes invalid in the file's encoding inside a name field
};

// The identity as one facility recorded it on one record, after error injection.
struct RecordedIdentity {
  std::string kanji_name;        // as written, e.g. "高橋　翔太" / "高橋翔太" / "" (source has none)
  std::string kana_name;         // e.g. "タカハシ　ショウタ", half-width or hiragana variants possible
  std::string kanji_surname, kanji_given, kana_surname, kana_given;  // components, for sources that split
  Sex sex = Sex::male;
  Date birth;                    // possibly with a per-record error applied
  bool birth_missing = false;
  std::string insurer_number;
  std::string symbol, number, branch;
  std::string postal_code;
  std::string address;
  std::string municipality_code;
  std::string chart_number;      // facility patient id (カルテ番号 / PID-3)
  std::string care_insured_number;
  std::uint32_t error_flags = 0;
  Corruption corruption = Corruption::none;
};

enum class ItemKind : std::uint8_t { diagnosis = 1, procedure = 2, drug = 3, lab = 4, checkup = 5, care_level = 6,
                                     death_cause = 7, material = 8, comment = 9 };

struct ClinicalItem {
  ItemKind kind = ItemKind::diagnosis;
  std::string code;        // 傷病名コード 7 / 診療行為 9 / 医薬品 9 / JLAC10 17 / 健診項目 17 / 要介護 2 / ICD-10
  std::string name;        // the master's name (used where the format carries it)
  std::string value;       // lab/checkup value, drug quantity, ...
  std::string unit;
  Date date;
  std::int32_t points = 0; // 点数 where applicable
  std::int32_t count = 1;  // 回数
  bool main = false;       // 主傷病
  std::string extra;       // format-specific (e.g. 診療識別 for SI/IY, ICD-10 for a diagnosis)
};

// One identity-bearing source record to be written: a claim (UKE/CYO), an SS-MIX2 message, a
// check-up document, a care record or a death certificate.
struct SourceRecord {
  std::uint64_t person_id = 0;
  Date service_date;             // visit/claim month's first service day / message date
  bool inpatient = false;
  RecordedIdentity identity;
  std::vector<ClinicalItem> items;
  std::string message_kind;      // SS-MIX2 データ種別 (ADT-00, OMP-01, OML-11, PPR-01); else empty
  std::uint64_t sequence = 0;    // a per-facility serial for names that need one (order no, XML serial)
};

// Everything one facility produces for one month (or one period for SS-MIX2/XML trees).
struct FacilityMonth {
  Facility facility;
  int year = 0;
  int month = 0;
  std::vector<SourceRecord> records;  // sorted by (chart number, service date, sequence)
};

// Truth about one identity-bearing record in a written file.
struct RecordTruth {
  std::uint64_t position = 0;   // 1-based position of the record in its file (see README "truth")
  std::uint64_t person_id = 0;
  std::uint32_t error_flags = 0;
  Corruption corruption = Corruption::none;
};

struct WrittenFile {
  std::string relative_path;  // under the output directory, '/'-separated
  SourceKind kind = SourceKind::uke;
  std::string bytes;          // exact file content
  std::vector<RecordTruth> records;
};

}  // namespace nayose::synth
