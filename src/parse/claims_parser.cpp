#include "src/parse/claims_parser.hpp"

// One pass over the lines of a RECEIPTC.UKE / RECEIPTY.CYO file (DOMAIN §1, src/formats/README.md
// "UKE", "CYO"). A claim is the RE line and every line up to the next RE or GO; it is accepted
// whole or quarantined whole with the first problem found. Lines outside any claim (before the
// first RE, after GO) that are not a claim's RE become their own quarantined records.
//
// Decoding: a line without 8-bit bytes (and without the three control bytes CP932 remaps) is used
// as is; any other line is decoded once, whole, and split afterwards. That is the same as decoding
// field by field because a comma (0x2C) is never a CP932 trail byte (0x40-0xFC).

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/parse/text.hpp"

namespace nayose::parse {
namespace {

enum class Role : std::uint8_t {
  header,        // IR / YK
  claim,         // RE
  insurer,       // HO
  public_payer,  // KO
  eligibility,   // SN
  diagnosis,     // UKE SY
  treatment,     // UKE SI / IY / TO / CO
  prescription,  // CYO SH
  dispensing,    // CYO CZ
  cyo_drug,      // CYO IY
  cyo_comment,   // CYO CO
  trailer,       // GO
  ignored,       // defined by the spec, not used by nayose
};

// Where a record may stand inside a claim; the phase of consecutive lines never decreases.
// `any` records (症状詳記, DPC and return-file records) may stand anywhere after RE.
enum class Phase : std::uint8_t { claim = 0, insurance = 1, diagnosis = 2, treatment = 3, any = 255 };

// A field that must hold only the digits 0-9 when it is not empty.
struct NumberField {
  std::size_t number;  // 1-based, the record id being field 1
  std::string_view name;
};

struct Layout {
  std::string_view id;
  Role role;
  Phase phase;
  std::size_t max_fields;  // with the id; 0 = not checked (records we ignore)
  std::size_t min_fields;  // through the last mandatory field (trailing empty fields may be omitted)
  std::string_view last_mandatory;          // that field's name, for messages
  std::span<const NumberField> numbers;     // digits only
  std::size_t first_day_field = 0;          // 算定日情報 day 1 (UKE SI/IY 14, TO 18), 31 fields; 0 = none
  EventKind event = EventKind::procedure;   // UKE treatment lines
};

struct Format {
  SourceKind kind;
  std::string_view header_id;
  std::span<const Layout> layouts;
  std::size_t facility_field;    // IR-5 医療機関コード / YK-5 薬局コード
  std::string_view facility_name;
  std::size_t kana_field;        // RE-37 / RE-42 カタカナ氏名
  std::size_t patient_id_field;  // RE-14 カルテ番号等 / RE-36 調剤録番号等
};

// ---- 医科 (RECEIPTC.UKE) ----

constexpr std::array kIrNumbers = {NumberField{2, "審査支払機関"}, NumberField{3, "都道府県"},
                                   NumberField{4, "点数表"}, NumberField{5, "医療機関コード"},
                                   NumberField{9, "マルチボリューム識別情報"}};
constexpr std::array kUkeReNumbers = {NumberField{2, "レセプト番号"}, NumberField{3, "レセプト種別"},
                                      NumberField{6, "男女区分"}};
constexpr std::array kUkeHoNumbers = {NumberField{5, "診療実日数"}, NumberField{6, "合計点数"}};
constexpr std::array kSnNumbers = {NumberField{2, "負担者種別"}};
constexpr std::array kTreatmentNumbers = {NumberField{6, "点数"}, NumberField{7, "回数"}};
constexpr std::array kGoNumbers = {NumberField{2, "総件数"}, NumberField{3, "総合計点数"},
                                   NumberField{4, "マルチボリューム識別情報"}};

constexpr Layout ignored(std::string_view id, Phase phase) {
  return Layout{id, Role::ignored, phase, 0, 1, "レコード識別情報", {}, 0, EventKind::procedure};
}

// Most frequent first: the lookup is linear.
constexpr std::array kUkeLayouts = {
    Layout{"SI", Role::treatment, Phase::treatment, 44, 4, "診療行為コード", kTreatmentNumbers, 14,
           EventKind::procedure},
    Layout{"IY", Role::treatment, Phase::treatment, 44, 4, "医薬品コード", kTreatmentNumbers, 14, EventKind::drug},
    Layout{"SY", Role::diagnosis, Phase::diagnosis, 8, 4, "転帰区分", {}},
    Layout{"CO", Role::treatment, Phase::treatment, 5, 4, "コメントコード", {}, 0, EventKind::comment},
    Layout{"TO", Role::treatment, Phase::treatment, 48, 4, "特定器材コード", kTreatmentNumbers, 18,
           EventKind::material},
    Layout{"RE", Role::claim, Phase::claim, 38, 7, "生年月日", kUkeReNumbers},
    Layout{"HO", Role::insurer, Phase::insurance, 15, 6, "合計点数", kUkeHoNumbers},
    Layout{"SN", Role::eligibility, Phase::insurance, 9, 3, "確認区分", kSnNumbers},
    Layout{"KO", Role::public_payer, Phase::insurance, 12, 2, "公費負担者番号", {}},
    Layout{"IR", Role::header, Phase::any, 10, 9, "マルチボリューム識別情報", kIrNumbers},
    Layout{"GO", Role::trailer, Phase::any, 4, 4, "マルチボリューム識別情報", kGoNumbers},
    ignored("KH", Phase::insurance),
    ignored("JD", Phase::insurance),
    ignored("MF", Phase::insurance),
    ignored("SJ", Phase::any),
    ignored("TK", Phase::any),
    ignored("KI", Phase::any),
    ignored("ST", Phase::any),
    ignored("GR", Phase::any),
    ignored("NI", Phase::any),
    // DPC
    ignored("BU", Phase::any),
    ignored("SB", Phase::any),
    ignored("KK", Phase::any),
    ignored("SK", Phase::any),
    ignored("GA", Phase::any),
    ignored("HH", Phase::any),
    ignored("GT", Phase::any),
    ignored("CD", Phase::any),
    // 返戻・再請求
    ignored("HI", Phase::any),
    ignored("HR", Phase::any),
    ignored("RC", Phase::any),
    ignored("HG", Phase::any),
    ignored("JY", Phase::any),
    ignored("EX", Phase::any),
    ignored("MD", Phase::any),
    ignored("RT", Phase::any),
    ignored("JR", Phase::any),
    ignored("MK", Phase::any),
    ignored("MN", Phase::any),
};

// ---- 調剤 (RECEIPTY.CYO) ----

constexpr std::array kYkNumbers = {NumberField{2, "審査支払機関"}, NumberField{3, "都道府県"},
                                   NumberField{4, "点数表"}, NumberField{5, "薬局コード"},
                                   NumberField{8, "マルチボリューム識別情報"}};
constexpr std::array kCyoReNumbers = {NumberField{2, "レセプト番号"}, NumberField{3, "レセプト種別"},
                                      NumberField{6, "男女区分"}};
constexpr std::array kCyoHoNumbers = {NumberField{5, "処方箋受付回数"}, NumberField{6, "合計点数"}};
constexpr std::array kShNumbers = {NumberField{2, "処方No"}, NumberField{6, "単位薬剤料"}};
constexpr std::array kCzNumbers = {NumberField{2, "医師No"}, NumberField{5, "処方箋受付回"},
                                   NumberField{6, "調剤数量"}, NumberField{11, "薬剤調製料点数"},
                                   NumberField{14, "薬剤料点数"}};

constexpr std::array kCyoLayouts = {
    Layout{"IY", Role::cyo_drug, Phase::treatment, 10, 4, "使用量", {}},
    Layout{"CZ", Role::dispensing, Phase::treatment, 71, 6, "調剤数量", kCzNumbers},
    Layout{"SH", Role::prescription, Phase::treatment, 10, 3, "剤形", kShNumbers},
    Layout{"CO", Role::cyo_comment, Phase::treatment, 3, 2, "コメントコード", {}},
    Layout{"RE", Role::claim, Phase::claim, 42, 7, "生年月日", kCyoReNumbers},
    Layout{"HO", Role::insurer, Phase::insurance, 14, 6, "合計点数", kCyoHoNumbers},
    Layout{"SN", Role::eligibility, Phase::insurance, 9, 3, "確認区分", kSnNumbers},
    Layout{"KO", Role::public_payer, Phase::insurance, 10, 2, "公費負担者番号", {}},
    Layout{"YK", Role::header, Phase::any, 9, 8, "マルチボリューム識別情報", kYkNumbers},
    Layout{"GO", Role::trailer, Phase::any, 4, 4, "マルチボリューム識別情報", kGoNumbers},
    ignored("JD", Phase::insurance),
    ignored("MF", Phase::insurance),
    ignored("TO", Phase::treatment),
    ignored("TK", Phase::treatment),
    ignored("KI", Phase::treatment),
    ignored("ST", Phase::treatment),
};

constexpr Format kUke{SourceKind::uke, "IR", kUkeLayouts, 5, "医療機関コード", 37, 14};
constexpr Format kCyo{SourceKind::cyo, "YK", kCyoLayouts, 5, "薬局コード", 42, 36};

std::string_view record_id(std::string_view text) {
  return text.substr(0, text.find(','));
}

bool needs_decoding(std::string_view text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || b == 0x1A || b == 0x1C || b == 0x7F) return true;
  }
  return false;
}

void split_into(std::string_view line, std::vector<std::string_view>& fields) {
  // A byte loop: fields are short, so one memchr call per field costs more than it saves.
  fields.clear();
  const char* const data = line.data();
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (data[i] == ',') {
      fields.emplace_back(data + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(data + start, line.size() - start);
}

// Whether `utf8` is a name written in kana only: katakana (full- or half-width), hiragana, the
// long-vowel marks and spaces, with at least one kana.
bool kana_only(std::string_view utf8) {
  bool any = false;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 1;
    char32_t cp = lead;
    if (lead >= 0xF0) {
      length = 4;
      cp = lead & 0x07U;
    } else if (lead >= 0xE0) {
      length = 3;
      cp = lead & 0x0FU;
    } else if (lead >= 0xC0) {
      length = 2;
      cp = lead & 0x1FU;
    }
    if (i + length > utf8.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3FU);
    }
    i += length;
    if (cp == 0x20 || cp == 0x3000) continue;
    const bool kana = (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF) ||
                      (cp >= 0xFF61 && cp <= 0xFF9F);
    if (!kana) return false;
    any = true;
  }
  return any;
}

struct Problem {
  Reason reason = Reason::none;
  std::string message;
};

// "SI line 12" (a known record id) or "line 12" (the id is unknown: never quote it).
std::string label(const Layout* layout, std::uint64_t line_number) {
  std::string text;
  if (layout != nullptr) {
    text.append(layout->id);
    text.push_back(' ');
  }
  text += "line ";
  text += std::to_string(line_number);
  return text;
}

class ClaimsParser {
 public:
  ClaimsParser(const Format& format, std::string_view bytes) : format_(format), bytes_(bytes) {
    out_.kind = format.kind;
  }

  ParsedFile run() {
    if (bytes_.empty()) {
      out_.problem = FileProblem{Reason::file_empty, "the file has zero bytes"};
      return std::move(out_);
    }
    split_ = split_crlf_lines(bytes_, true);
    const std::vector<Line>& lines = split_.lines;
    if (lines.empty() || record_id(lines.front().text) != format_.header_id) {
      out_.problem = FileProblem{Reason::file_not_format,
                                 "line 1 is not a " + std::string(format_.header_id) + " record"};
      return std::move(out_);
    }
    if (!read_header(lines.front())) return std::move(out_);

    // The trailer, and the claim that loses it when it is missing.
    bool has_go = false;
    std::size_t claims = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::string_view id = record_id(lines[i].text);
      if (id == "RE") {
        last_claim_start_ = i;
        ++claims;
      }
      if (id == "GO") has_go = true;
    }
    out_.records.reserve(claims);
    trailer_ok_ = has_go && split_.ends_with_eof_byte;

    for (std::size_t i = 1; i < lines.size(); ++i) {
      const Line& line = lines[i];
      const std::string_view id = record_id(line.text);
      if (id == "RE") {
        finish_claim();
        begin_claim(i);
        claim_line(line);
      } else if (id == "GO") {
        finish_claim();
        if (seen_go_) {
          quarantine_line(line, Reason::out_of_order, "GO " + where(line) + ": a second GO record");
        } else {
          seen_go_ = true;
          check_trailer(line);
        }
      } else if (in_claim_) {
        claim_.last_line = i;
        claim_line(line);
      } else {
        stray_line(line);
      }
    }
    finish_claim();

    if (!trailer_ok_ && last_claim_start_ == 0) {
      // No claim to carry the problem: the last line stands for the truncated file.
      const Line& last = lines.back();
      if (out_.quarantined.empty() || out_.quarantined.back().position != last.number) {
        quarantine_line(last, Reason::truncated_file, "the file ends without the GO record and the EOF byte");
      }
    }
    return std::move(out_);
  }

 private:
  struct Claim {
    std::size_t first_line = 0;  // index into the lines
    std::size_t last_line = 0;
    ParsedRecord record;
    std::optional<Problem> problem;
    Phase phase = Phase::claim;
    bool has_insurer = false;
    bool has_public_payer = false;
    bool has_eligibility = false;  // an SN was read
    bool has_branch = false;       // 枝番 taken from an SN of 負担者種別 1
    std::string identification;    // 診療識別 carried forward (UKE)
    bool in_prescription = false;  // CYO: after SH
    bool has_dispensing = false;   // CYO: a CZ in the current Rp
    std::string dispensing_date;   // that CZ's 調剤年月日
    std::int32_t dispensing_count = 1;
  };

  static std::string where(const Line& line) { return "line " + std::to_string(line.number); }

  const Layout* find_layout(std::string_view id) const {
    for (const Layout& layout : format_.layouts) {
      if (layout.id == id) return &layout;
    }
    return nullptr;
  }

  std::string_view field(std::size_t number) const {
    return number >= 1 && number <= fields_.size() ? fields_[number - 1] : std::string_view();
  }

  // Decodes the line into fields_ (pointing into the line or into decoded_). Returns the failing
  // field's 1-based number when the bytes are not CP932, else 0.
  std::size_t decode_fields(std::string_view text) {
    if (!needs_decoding(text)) {
      split_into(text, fields_);
      return 0;
    }
    std::optional<std::string> decoded = decode_cp932_field(text);
    if (decoded) {
      decoded_ = std::move(*decoded);
      split_into(decoded_, fields_);
      return 0;
    }
    split_into(text, fields_);
    for (std::size_t k = 0; k < fields_.size(); ++k) {
      if (needs_decoding(fields_[k]) && !decode_cp932_field(fields_[k])) return k + 1;
    }
    return fields_.size();  // not reached: some field must fail when the line does
  }

  // Field count and digits of the line in fields_.
  std::optional<Problem> check_fields(const Layout& layout, std::uint64_t line_number) const {
    const std::size_t count = fields_.size();
    if (layout.max_fields != 0 && count > layout.max_fields) {
      return Problem{Reason::wrong_field_count, label(&layout, line_number) + ": " + std::to_string(count) +
                                                    " fields, the layout has " +
                                                    std::to_string(layout.max_fields)};
    }
    if (count < layout.min_fields) {
      return Problem{Reason::truncated_record,
                     label(&layout, line_number) + ": " + std::to_string(count) + " fields, at least " +
                         std::to_string(layout.min_fields) + " required (through field " +
                         std::to_string(layout.min_fields) + " " + std::string(layout.last_mandatory) + ")"};
    }
    for (const NumberField& number : layout.numbers) {
      const std::string_view value = field(number.number);
      if (!value.empty() && !is_ascii_digits(value)) {
        return Problem{Reason::bad_field, label(&layout, line_number) + ": field " + std::to_string(number.number) +
                                              " (" + std::string(number.name) + ") is not a number"};
      }
    }
    if (layout.first_day_field != 0) {
      for (std::size_t day = 0; day < 31; ++day) {
        const std::string_view value = field(layout.first_day_field + day);
        if (!value.empty() && !is_ascii_digits(value)) {
          return Problem{Reason::bad_field, label(&layout, line_number) + ": field " +
                                                std::to_string(layout.first_day_field + day) + " (算定日情報 day " +
                                                std::to_string(day + 1) + ") is not a number"};
        }
      }
    }
    return std::nullopt;
  }

  // ---- header ----

  bool read_header(const Line& line) {
    const Layout* layout = find_layout(format_.header_id);
    if (line.text.size() > kMaxLineBytes) {
      header_problem_ = label(layout, line.number) + ": " + std::to_string(line.text.size()) +
                        " bytes, above the limit of " + std::to_string(kMaxLineBytes);
      return true;
    }
    if (decode_fields(line.text) != 0) {
      out_.problem = FileProblem{Reason::file_not_format, label(layout, line.number) + ": the bytes are not CP932"};
      return false;
    }
    if (std::optional<Problem> problem = check_fields(*layout, line.number)) {
      header_problem_ = std::move(problem->message);
      return true;
    }
    if (field(format_.facility_field).empty()) {
      header_problem_ = label(layout, line.number) + ": field " + std::to_string(format_.facility_field) +
                        " (" + std::string(format_.facility_name) + ") is empty";
      return true;
    }
    facility_ = std::string(field(format_.facility_field));
    return true;
  }

  // ---- lines outside claims ----

  void quarantine_line(const Line& line, Reason reason, std::string message) {
    QuarantinedRecord q;
    q.position = line.number;
    q.bytes = line.span;
    q.reason = reason;
    q.message = std::move(message);
    out_.quarantined.push_back(std::move(q));
  }

  void stray_line(const Line& line) {
    const Layout* layout = find_layout(record_id(line.text));
    if (line.text.size() > kMaxLineBytes) {
      quarantine_line(line, Reason::record_too_long,
                      label(layout, line.number) + ": " + std::to_string(line.text.size()) +
                          " bytes, above the limit of " + std::to_string(kMaxLineBytes));
    } else if (layout == nullptr) {
      quarantine_line(line, Reason::unknown_record, where(line) + ": unknown record identifier outside any claim");
    } else if (seen_go_) {
      quarantine_line(line, Reason::out_of_order, label(layout, line.number) + ": after the GO record");
    } else {
      quarantine_line(line, Reason::out_of_order, label(layout, line.number) + ": before the first RE record");
    }
  }

  void check_trailer(const Line& line) {
    const Layout* layout = find_layout("GO");
    std::optional<Problem> problem;
    if (line.text.size() > kMaxLineBytes) {
      problem = Problem{Reason::record_too_long, label(layout, line.number) + ": " +
                                                     std::to_string(line.text.size()) + " bytes, above the limit of " +
                                                     std::to_string(kMaxLineBytes)};
    } else if (const std::size_t bad = decode_fields(line.text); bad != 0) {
      problem = Problem{Reason::bad_byte_sequence,
                        label(layout, line.number) + ": field " + std::to_string(bad) + " is not CP932"};
    } else {
      problem = check_fields(*layout, line.number);
    }
    if (problem) quarantine_line(line, problem->reason, std::move(problem->message));
  }

  // ---- claims ----

  void begin_claim(std::size_t index) {
    in_claim_ = true;
    claim_ = Claim{};
    claim_.first_line = index;
    claim_.last_line = index;
    claim_.record.position = split_.lines[index].number;
    // Room for one event per line of the claim (RE, HO and SN give none: a slight overestimate).
    std::size_t end = index + 1;
    while (end < split_.lines.size() && end - index < 256) {
      const std::string_view id = record_id(split_.lines[end].text.substr(0, 3));
      if (id == "RE" || id == "GO") break;
      ++end;
    }
    claim_.record.events.reserve(end - index);
    claim_.record.facility = facility_;
  }

  void fail(Reason reason, std::string message) {
    if (!claim_.problem) claim_.problem = Problem{reason, std::move(message)};
  }

  void finish_claim() {
    if (!in_claim_) return;
    in_claim_ = false;
    const std::vector<Line>& lines = split_.lines;
    const Line& first = lines[claim_.first_line];
    const Line& last = lines[claim_.last_line];
    const ByteSpan span{first.span.offset, last.span.offset + last.span.size - first.span.offset};
    const std::string re = "RE " + where(first);

    std::optional<Problem> problem;
    if (!header_problem_.empty()) {
      problem = Problem{Reason::bad_header, re + ": the file's " + std::string(format_.header_id) +
                                                " header is unusable (" + header_problem_ + ")"};
    } else if (claim_.first_line == last_claim_start_ && !trailer_ok_) {
      problem = Problem{Reason::truncated_file, re + ": the file ends without the GO record and the EOF byte"};
    } else if (seen_go_) {
      problem = Problem{Reason::out_of_order, re + ": a claim after the GO record"};
    } else if (claim_.problem) {
      problem = std::move(claim_.problem);
    } else if (!claim_.has_insurer && !claim_.has_public_payer) {
      problem = Problem{Reason::missing_element, re + ": the claim has no HO or KO record"};
    }

    if (problem) {
      QuarantinedRecord q;
      q.position = first.number;
      q.bytes = span;
      q.reason = problem->reason;
      q.message = std::move(problem->message);
      out_.quarantined.push_back(std::move(q));
    } else {
      claim_.record.bytes = span;
      out_.records.push_back(std::move(claim_.record));
    }
  }

  void claim_line(const Line& line) {
    if (claim_.problem || !header_problem_.empty()) return;
    const Layout* layout = find_layout(record_id(line.text));
    if (line.text.size() > kMaxLineBytes) {
      return fail(Reason::record_too_long, label(layout, line.number) + ": " + std::to_string(line.text.size()) +
                                               " bytes, above the limit of " + std::to_string(kMaxLineBytes));
    }
    if (layout == nullptr) return fail(Reason::unknown_record, where(line) + ": unknown record identifier");
    if (const std::size_t bad = decode_fields(line.text); bad != 0) {
      return fail(Reason::bad_byte_sequence,
                  label(layout, line.number) + ": field " + std::to_string(bad) + " is not CP932");
    }
    if (layout->role == Role::header) {
      return fail(Reason::out_of_order, label(layout, line.number) + ": a second header record inside a claim");
    }
    if (std::optional<Problem> problem = check_fields(*layout, line.number)) {
      return fail(problem->reason, std::move(problem->message));
    }
    if (layout->phase != Phase::any) {
      if (layout->phase < claim_.phase) {
        return fail(Reason::out_of_order, label(layout, line.number) + ": after a record that must follow it");
      }
      claim_.phase = layout->phase;
    }

    switch (layout->role) {
      case Role::claim: return read_re();
      case Role::insurer:
        if (claim_.has_insurer) return fail(Reason::out_of_order, label(layout, line.number) + ": a second HO record");
        claim_.has_insurer = true;
        claim_.record.identity.insurer = std::string(field(2));
        claim_.record.identity.symbol = std::string(field(3));
        claim_.record.identity.number = std::string(field(4));
        return;
      case Role::public_payer: claim_.has_public_payer = true; return;
      case Role::eligibility:
        // 枝番 of the 医療保険 (負担者種別 1); the first SN when none says so.
        if (const bool medical = field(2) == "1"; !claim_.has_eligibility || (medical && !claim_.has_branch)) {
          claim_.record.identity.branch = std::string(field(7));
          claim_.has_eligibility = true;
          claim_.has_branch = medical;
        }
        return;
      case Role::diagnosis: return read_sy(line);
      case Role::treatment: return read_treatment(*layout, line);
      case Role::prescription:
        claim_.in_prescription = true;
        claim_.has_dispensing = false;
        return;
      case Role::dispensing: return read_cz(*layout, line);
      case Role::cyo_drug: return read_cyo_drug(*layout, line);
      case Role::cyo_comment: {
        ParsedEvent& e = add_event(EventKind::comment, line);
        e.code = std::string(field(2));
        e.value = std::string(field(3));
        return;
      }
      case Role::header:
      case Role::trailer:
      case Role::ignored: return;
    }
  }

  ParsedEvent& add_event(EventKind kind, const Line& line) {
    ParsedEvent& e = claim_.record.events.emplace_back();
    e.kind = kind;
    e.position = line.number;
    e.bytes = line.span;
    return e;
  }

  // Points / counts: digits already checked; false when out of the int32 range.
  bool number_or(std::size_t number, std::int32_t fallback, std::int32_t& value, const Line& line,
                 const Layout& layout) {
    const std::string_view text = field(number);
    if (text.empty()) {
      value = fallback;
      return true;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      fail(Reason::bad_field, label(&layout, line.number) + ": field " + std::to_string(number) + " is out of range");
      return false;
    }
    return true;
  }

  void read_re() {
    ParsedRecord& r = claim_.record;
    RawIdentity& id = r.identity;
    r.service_month = std::string(field(4));
    const std::string_view name = field(5);
    const std::string_view kana = field(format_.kana_field);
    const bool name_is_kana = kana_only(name);
    if (!name_is_kana) id.kanji_name = std::string(name);
    id.kana_name = std::string(!kana.empty() ? kana : name_is_kana ? name : std::string_view());
    id.sex = std::string(field(6));
    id.birth = std::string(field(7));
    id.patient_id = std::string(field(format_.patient_id_field));
  }

  void read_sy(const Line& line) {
    ParsedEvent& e = add_event(EventKind::diagnosis, line);
    e.code = std::string(field(2));
    e.date = std::string(field(3));
    e.value = std::string(field(5));
    e.name = std::string(field(6));
    e.extra = std::string(field(7));
  }

  // The date of a treatment line: 診療年月 + the first day with a count.
  std::string treatment_date(const Layout& layout) const {
    if (layout.first_day_field == 0 || claim_.record.service_month.empty()) return {};
    for (std::size_t day = 1; day <= 31; ++day) {
      if (field(layout.first_day_field + day - 1).empty()) continue;
      std::string date = claim_.record.service_month;
      date.push_back(static_cast<char>('0' + day / 10));
      date.push_back(static_cast<char>('0' + day % 10));
      return date;
    }
    return {};
  }

  void read_treatment(const Layout& layout, const Line& line) {
    if (!field(2).empty()) claim_.identification = std::string(field(2));
    std::int32_t points = 0;
    std::int32_t count = 1;
    if (layout.event != EventKind::comment) {
      if (!number_or(6, 0, points, line, layout) || !number_or(7, 1, count, line, layout)) return;
    }
    ParsedEvent& e = add_event(layout.event, line);
    e.extra = claim_.identification;
    e.code = std::string(field(4));
    e.value = std::string(field(5));
    e.points = points;
    e.count = count;
    if (layout.event == EventKind::material) e.name = std::string(field(10));
    e.date = treatment_date(layout);
  }

  void read_cz(const Layout& layout, const Line& line) {
    if (!claim_.in_prescription) {
      return fail(Reason::out_of_order, label(&layout, line.number) + ": CZ before any SH record of the claim");
    }
    std::int32_t count = 1;
    std::int32_t points = 0;
    if (!number_or(6, 1, count, line, layout) || !number_or(11, 0, points, line, layout)) return;
    claim_.has_dispensing = true;
    claim_.dispensing_date = std::string(field(4));
    claim_.dispensing_count = count;
    if (field(10).empty()) return;
    ParsedEvent& e = add_event(EventKind::procedure, line);
    e.code = std::string(field(10));
    e.points = points;
    e.date = claim_.dispensing_date;
    e.count = count;
  }

  void read_cyo_drug(const Layout& layout, const Line& line) {
    if (!claim_.has_dispensing) {
      return fail(Reason::out_of_order, label(&layout, line.number) + ": IY without a CZ record in its Rp");
    }
    ParsedEvent& e = add_event(EventKind::drug, line);
    e.code = std::string(field(3));
    e.value = std::string(field(4));
    e.date = claim_.dispensing_date;
    e.count = claim_.dispensing_count;
  }

  const Format& format_;
  std::string_view bytes_;
  ParsedFile out_;
  Lines split_;
  std::string facility_;
  std::string header_problem_;  // non-empty: the header is unusable
  std::size_t last_claim_start_ = 0;  // index of the last RE line (0 = none: line 1 is the header)
  bool trailer_ok_ = false;
  bool seen_go_ = false;
  bool in_claim_ = false;
  Claim claim_;
  std::vector<std::string_view> fields_;
  std::string decoded_;
};

}  // namespace

ParsedFile parse_uke(std::string_view bytes) {
  return ClaimsParser(kUke, bytes).run();
}

ParsedFile parse_cyo(std::string_view bytes) {
  return ClaimsParser(kCyo, bytes).run();
}

}  // namespace nayose::parse
