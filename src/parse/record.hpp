#pragma once
// What a source-file parser produces (src/parse/README.md): the identity-bearing records of one
// file with their clinical events, the records that had to be quarantined, and — when the file as a
// whole could not be read as its format — a file-level problem.
//
// Parsers are pure functions from (relative path, bytes) to a ParsedFile: no I/O, no MPI, no
// logging, thread-safe, and they never throw on any input (a std::bad_alloc aside). Text fields are
// the source's values *as given*, decoded to UTF-8 without any normalisation (no NFKC, no width or
// script folding, no trimming beyond what the layout defines): normalisation is ingest's job
// (kernels/normalize, src/ingest/identity.hpp), and the staging file keeps both forms.
//
// Messages (QuarantinedRecord::message, FileProblem::message) name the record, the field and the
// rule, and never quote a field's value: staging and logs must not leak personal data through them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nayose::parse {

// Source kinds; the numbers are the staging file's `kind` values and equal truth.h5's files/kind.
enum class SourceKind : std::uint8_t {
  uke = 1,      // レセ電 医科 RECEIPTC.UKE (CP932)
  cyo = 2,      // レセ電 調剤 RECEIPTY.CYO (CP932)
  ssmix2 = 3,   // SS-MIX2 standardized-storage message file (ISO-2022-JP, HL7 v2.5)
  checkup = 4,  // 特定健診 CDA R2 XML document (UTF-8)
  care = 5,     // 介護 CSV (CP932)
  death = 6,    // death-certificate CSV (UTF-8)
};
std::string_view source_kind_name(SourceKind kind);  // "uke", "cyo", "ssmix2", "checkup", "care", "death"

// Why a record (or a file) was quarantined. The numbers are stored in staging (quarantine/reason,
// sources/reason) and documented in README "ingest: reason codes"; never renumber.
enum class Reason : std::uint16_t {
  none = 0,
  // --- whole file (sources/reason; the file contributes no records) ---
  file_unreadable = 1,      // the file could not be read (I/O error, permission)
  file_unrecognised = 2,    // the path matches no source layout (kind cannot be decided)
  file_empty = 3,           // zero bytes
  file_not_format = 4,      // content is not the format its path claims (no IR/YK line, not HL7, not XML, bad CSV header)
  file_not_current = 5,     // SS-MIX2 コンディションフラグ other than 1 (superseded or deleted): skipped, not an error
  // --- record structure ---
  bad_byte_sequence = 10,   // bytes invalid in the file's encoding (CP932, ISO-2022-JP, UTF-8)
  wrong_field_count = 11,   // more fields than the layout / the header allows
  truncated_record = 12,    // fewer fields than the layout requires, or a record cut off mid-field
  truncated_file = 13,      // the file ends before its trailer (UKE/CYO GO + 0x1A, XML end tag): the last record is quarantined
  out_of_order = 14,        // a record or segment where the layout does not allow it (HO before RE, PID before MSH, ...)
  unknown_record = 15,      // unknown record identifier / segment id inside a record
  bad_header = 16,          // the file's header record (IR, YK, MSH) is unusable: each record quarantined with this
  bad_field = 17,           // a field's syntax is wrong (letters in a numeric field, unknown code, bad escape)
  record_too_long = 18,     // a line / segment / document above the parser's size limit
  not_well_formed = 19,     // XML that is not well-formed
  missing_element = 20,     // a mandatory record, segment or XML element is absent (no HO/KO in a claim, no PID, ...)
  // --- identity validation (src/ingest/identity.hpp, after parsing) ---
  impossible_date = 30,     // a date with the right shape that does not exist (2023-02-30, month 13, 平成0年)
  bad_date = 31,            // a date field in no accepted form (wrong length, letters)
  insurer_check_digit = 32, // 保険者番号 検証番号 wrong (after NFKC and left-padding)
  municipality_check_digit = 33,  // 地方公共団体コード check digit wrong
  missing_identity = 34,    // no name in any script, or no sex
  bad_sex = 35,             // sex code outside the format's code list
  bad_code = 36,            // an identity code with the wrong shape (保険者番号 not 6/8 digits, 郵便番号 not 7 digits, ...)
};
std::string_view reason_name(Reason reason);         // e.g. "bad_byte_sequence"
std::string_view reason_description(Reason reason);  // one sentence, as in the README table
// All defined reasons, in numeric order (for the README table test and the staging attribute).
const std::vector<Reason>& all_reasons();

// A byte range of the file.
struct ByteSpan {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// The identity fields a record carries, as given (UTF-8). Empty = the source has no such field or
// left it empty. A source that carries the full name in one field fills kanji_name / kana_name; a
// source that splits surname and given name fills the components (and leaves the full-name fields
// empty); a source may fill both when it carries both.
struct RawIdentity {
  std::string kanji_name;     // UKE/CYO RE-5 when it is not kana; death CSV 氏名
  std::string kana_name;      // UKE RE-37 / CYO RE-42; RE-5 when RE-5 is kana; XML patient/name; care カナ氏名
  std::string kanji_surname, kanji_given;  // SS-MIX2 PID-5 ideographic repetition (components 1, 2)
  std::string kana_surname, kana_given;    // SS-MIX2 PID-5 phonetic repetition
  std::string sex;            // code as given: "1"/"2" (claims, XML, CSV), "M"/"F"/"O"/"U" (HL7)
  std::string birth;          // date as given: YYYYMMDD, GYYMMDD (claims 和暦) — never reformatted
  std::string insurer;        // 保険者番号 (HO-2, IN1-3, XML …6.101; care CSV 保険者番号 = 市町村 code)
  std::string symbol;         // 記号 (HO-3, IN1-10 rep 1, XML …6.204)
  std::string number;         // 番号 (HO-4, IN1-10 rep 2, XML …6.205)
  std::string branch;         // 枝番 (SN-7, IN1-10 rep 3, XML …6.211)
  std::string postal_code;    // as given, hyphen kept (PID-11.5, XML postalCode)
  std::string address;        // address text (PID-11.8, XML addr text, death CSV 住所)
  std::string municipality;   // 地方公共団体コード (death CSV column 8); care's goes to `insurer`
  std::string patient_id;     // the facility's patient id: カルテ番号 RE-14 / 調剤録番号 RE-36 / PID-3.1 / care 被保険者番号 / death 受理番号
  std::string care_number;    // 介護保険被保険者番号 (care CSV column 2)
};

enum class EventKind : std::uint8_t {
  diagnosis = 1,    // UKE SY, SS-MIX2 PRB
  procedure = 2,    // UKE SI, CYO CZ 調製料
  drug = 3,         // UKE/CYO IY, SS-MIX2 RXE
  material = 4,     // UKE TO
  comment = 5,      // UKE/CYO CO
  lab = 6,          // SS-MIX2 OBX
  checkup = 7,      // 特定健診 observation
  care_level = 8,   // care CSV 要介護状態区分
  death = 9,        // death CSV: the death itself (date, time, place)
  death_cause = 10, // death CSV 死因 ICD-10 columns
};
std::string_view event_kind_name(EventKind kind);

// One clinical event, fields as given.
struct ParsedEvent {
  EventKind kind = EventKind::diagnosis;
  std::uint64_t position = 0;  // line number (claims, CSV), segment number within the message (SS-MIX2, MSH = 1), observation number (XML, 1-based)
  ByteSpan bytes;              // the line / segment / observation element it came from
  std::string code;            // 傷病名コード, 診療行為/医薬品/特定器材 code, JLAC10, 健診項目コード, 要介護 code, ICD-10
  std::string name;            // name text when the source carries one (SY 0000999 name, RXE-2.2, OBX-3.2, displayName)
  std::string value;           // 数量/使用量, result value, 修飾語 codes (SY), death time HHMM
  std::string unit;            // unit as given
  std::string date;            // YYYYMMDD or GYYMMDD as given; SS-MIX2 date-times cut to their first 8 digits; empty = none
  std::string extra;           // 診療識別 (carried forward), ICD-10 of a PRB, value code system OID, 疑い flag, place of death
  std::int32_t points = 0;     // 点数 where the line has one (else 0)
  std::int32_t count = 1;      // 回数 / days where the line has one (else 1)
};

// One identity-bearing record: a claim (UKE/CYO RE and the lines up to the next RE/GO), an SS-MIX2
// message file, a 特定健診 document, a care or death CSV line.
struct ParsedRecord {
  std::uint64_t position = 0;  // truth.h5's definition: RE line number; CSV line number (header = 1); 1 for SS-MIX2 and XML
  ByteSpan bytes;              // every byte of the record (claim: RE line .. last line before the next RE/GO, with line ends)
  std::string facility;        // facility code from the file: IR-5 / YK-5 (7 digits), MSH-4, 健診機関番号, 事業所番号 (care col 9), death: prefecture from the path
  std::string service_month;   // as given: UKE RE-4 診療年月 / CYO RE-4 調剤年月 (YYYYMM or GYYMM), care col 8; else empty
  std::string service_date;    // as given: SS-MIX2 診療日 or message date (8 digits), XML 実施日, death 死亡年月日; else empty
  RawIdentity identity;
  std::vector<ParsedEvent> events;  // in file order
};

struct QuarantinedRecord {
  std::uint64_t position = 0;  // as ParsedRecord::position (for a broken line outside any record: its line number)
  ByteSpan bytes;              // the whole record's bytes (all lines of the claim), or the broken line
  Reason reason = Reason::none;
  std::string message;         // e.g. "RE line 12: field 7 (生年月日) has 6 characters, expected 7 or 8"; no values
};

struct FileProblem {
  Reason reason = Reason::none;
  std::string message;
};

struct ParsedFile {
  SourceKind kind = SourceKind::uke;
  std::vector<ParsedRecord> records;          // in position order
  std::vector<QuarantinedRecord> quarantined; // in position order
  std::optional<FileProblem> problem;         // set: the whole file was rejected (records and quarantined then empty)
  std::uint64_t records_read() const { return records.size() + quarantined.size(); }
};

// Upper bounds every parser enforces (a record above them is quarantined as record_too_long).
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;            // one UKE/CYO/CSV line
inline constexpr std::size_t kMaxMessageBytes = 16 * 1024 * 1024;  // one SS-MIX2 message or XML document
// Clinical events of one record; a record with more is quarantined as record_too_long by ingest
// (a real claim or message has at most a few thousand).
inline constexpr std::size_t kMaxEventsPerRecord = 100000;

}  // namespace nayose::parse
