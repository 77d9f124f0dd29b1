#include "src/parse/csv_parsers.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "src/formats/care_csv_writer.hpp"
#include "src/formats/death_csv_writer.hpp"
#include "src/parse/text.hpp"

// Both CSV layouts share one line discipline (src/formats/README.md "介護 CSV", "死亡 CSV"):
//   line 1 is the exact header the writer writes (else the file is file_not_format);
//   every further line is one record, position = line number, bytes = the line with its CRLF;
//   empty lines after the last data line are not records; an empty line before it is
//   truncated_record, and so is a last line the file cuts off before its CRLF;
//   per line, in this order: above kMaxLineBytes → record_too_long; fewer fields than the layout →
//   truncated_record; more → wrong_field_count; bytes invalid in the encoding → bad_byte_sequence;
//   a structural field with the wrong syntax → bad_field.
// Commas can be counted on the raw bytes: 0x2C is never a CP932 trail byte nor part of a UTF-8
// multi-byte sequence. Identity fields are taken as given; their validation is ingest's
// (src/ingest/identity.hpp), so only fields whose syntax the layout fixes are checked here.

namespace nayose::parse {
namespace {

enum class Encoding { cp932, utf8 };

struct Layout {
  SourceKind kind;
  Encoding encoding;
  const std::string_view* column_names;
  std::size_t columns;
};

struct LineProblem {
  Reason reason = Reason::none;
  std::string message;
};

std::string line_label(const Line& line) {
  return "line " + std::to_string(line.number);
}

template <std::size_t N>
std::string joined_header(const std::array<std::string_view, N>& names) {
  std::string header;
  for (std::size_t i = 0; i < N; ++i) {
    if (i != 0) header.push_back(',');
    header += names[i];
  }
  return header;
}

std::string column_label(const Layout& layout, const Line& line, std::size_t index) {
  return line_label(line) + " column " + std::to_string(index + 1) + " (" + std::string(layout.column_names[index]) +
         ")";
}

bool is_digits_of_length(std::string_view text, std::size_t length) {
  return text.size() == length && is_ascii_digits(text);
}

bool empty_or_digits(std::string_view text) {
  return text.empty() || is_ascii_digits(text);
}

// Field syntax rules: each returns true when the field is acceptable.
struct FieldRule {
  std::size_t index;  // 0-based column
  bool (*accepts)(std::string_view);
  const char* rule;   // for the message
};

std::optional<LineProblem> check_rules(const Layout& layout, const Line& line,
                                       const std::vector<std::string_view>& fields, const FieldRule* rules,
                                       std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const FieldRule& r = rules[i];
    if (!r.accepts(fields[r.index])) {
      return LineProblem{Reason::bad_field, column_label(layout, line, r.index) + ": expected " + r.rule};
    }
  }
  return std::nullopt;
}

// Decodes the line (without its terminator) to UTF-8, or names the first column whose bytes are invalid.
std::optional<std::string> decode_line(const Layout& layout, std::string_view text) {
  if (layout.encoding == Encoding::cp932) return decode_cp932_field(text);
  return decode_utf8_field(text);
}

std::string bad_bytes_message(const Layout& layout, const Line& line) {
  const std::vector<std::string_view> raw = split_commas(line.text);
  for (std::size_t i = 0; i < raw.size() && i < layout.columns; ++i) {
    const bool valid = layout.encoding == Encoding::cp932 ? decode_cp932_field(raw[i]).has_value()
                                                          : decode_utf8_field(raw[i]).has_value();
    if (!valid) {
      return column_label(layout, line, i) + ": bytes invalid in " +
             (layout.encoding == Encoding::cp932 ? "CP932" : "UTF-8");
    }
  }
  return line_label(line) + ": bytes invalid in " + (layout.encoding == Encoding::cp932 ? "CP932" : "UTF-8");
}

using FillRecord = std::optional<LineProblem> (*)(const Layout&, const Line&, const std::vector<std::string_view>&,
                                                  ParsedRecord&);

ParsedFile parse_lines(const Layout& layout, std::string_view header, std::string_view bytes, FillRecord fill) {
  ParsedFile file;
  file.kind = layout.kind;
  if (bytes.empty()) {
    file.problem = FileProblem{Reason::file_empty, "the file has zero bytes"};
    return file;
  }
  const Lines split = split_crlf_lines(bytes, false);
  const std::vector<Line>& lines = split.lines;
  {
    const Line& first = lines.front();
    std::optional<std::string> decoded;
    if (first.text.size() <= kMaxLineBytes) decoded = decode_line(layout, first.text);
    if (!decoded || *decoded != header) {
      file.problem = FileProblem{Reason::file_not_format,
                                 "line 1: not the header line of the " +
                                     std::string(layout.kind == SourceKind::care ? "care" : "death") + " CSV layout"};
      return file;
    }
  }
  std::size_t last_data = 0;  // index of the last non-empty line after the header (0 = none)
  for (std::size_t i = lines.size(); i-- > 1;) {
    if (!lines[i].text.empty()) {
      last_data = i;
      break;
    }
  }

  for (std::size_t i = 1; i <= last_data; ++i) {
    const Line& line = lines[i];
    const auto quarantine = [&](Reason reason, std::string message) {
      file.quarantined.push_back(QuarantinedRecord{line.number, line.span, reason, std::move(message)});
    };
    if (line.text.size() > kMaxLineBytes) {
      quarantine(Reason::record_too_long, line_label(line) + ": " + std::to_string(line.text.size()) +
                                              " bytes, above the limit of " + std::to_string(kMaxLineBytes));
      continue;
    }
    if (line.text.empty()) {
      quarantine(Reason::truncated_record, line_label(line) + ": empty line before the last record");
      continue;
    }
    if (!line.terminated) {
      quarantine(Reason::truncated_record, line_label(line) + ": the file ends inside the line (no CRLF)");
      continue;
    }
    const std::size_t field_count = static_cast<std::size_t>(std::count(line.text.begin(), line.text.end(), ',')) + 1;
    if (field_count < layout.columns) {
      quarantine(Reason::truncated_record, line_label(line) + ": field count " + std::to_string(field_count) +
                                               ", the layout has " + std::to_string(layout.columns));
      continue;
    }
    if (field_count > layout.columns) {
      quarantine(Reason::wrong_field_count, line_label(line) + ": field count " + std::to_string(field_count) +
                                                ", the layout has " + std::to_string(layout.columns));
      continue;
    }
    const std::optional<std::string> decoded = decode_line(layout, line.text);
    if (!decoded) {
      quarantine(Reason::bad_byte_sequence, bad_bytes_message(layout, line));
      continue;
    }
    const std::vector<std::string_view> fields = split_commas(*decoded);
    if (fields.size() != layout.columns) {  // cannot happen (commas survive decoding); kept as a guard
      quarantine(Reason::wrong_field_count, line_label(line) + ": field count changed by decoding");
      continue;
    }
    ParsedRecord record;
    record.position = line.number;
    record.bytes = line.span;
    if (std::optional<LineProblem> problem = fill(layout, line, fields, record)) {
      quarantine(problem->reason, std::move(problem->message));
      continue;
    }
    file.records.push_back(std::move(record));
  }
  return file;
}

// --- 介護 CSV ---------------------------------------------------------------------------------------

bool care_level_code(std::string_view text) {
  return text.empty() || is_digits_of_length(text, 2);
}
bool optional_yyyymmdd(std::string_view text) {
  return text.empty() || is_digits_of_length(text, 8);
}
bool yyyymm(std::string_view text) {
  return is_digits_of_length(text, 6);
}
bool yyyymmdd(std::string_view text) {
  return is_digits_of_length(text, 8);
}
bool office_code(std::string_view text) {
  return is_digits_of_length(text, 10);
}

constexpr std::array<FieldRule, 5> kCareRules = {{
    {3, empty_or_digits, "ASCII digits or empty"},
    {5, care_level_code, "a 2-digit code or empty"},
    {6, optional_yyyymmdd, "YYYYMMDD or empty"},
    {7, yyyymm, "YYYYMM"},
    {8, office_code, "10 ASCII digits"},
}};

std::optional<LineProblem> fill_care(const Layout& layout, const Line& line, const std::vector<std::string_view>& f,
                                     ParsedRecord& record) {
  if (auto problem = check_rules(layout, line, f, kCareRules.data(), kCareRules.size())) return problem;
  RawIdentity& id = record.identity;
  id.insurer = std::string(f[0]);
  id.care_number = std::string(f[1]);
  id.patient_id = std::string(f[1]);
  id.kana_name = std::string(f[2]);
  id.sex = std::string(f[3]);
  id.birth = std::string(f[4]);
  record.service_month = std::string(f[7]);
  record.facility = std::string(f[8]);
  if (!f[5].empty() || !f[6].empty()) {
    ParsedEvent level;
    level.kind = EventKind::care_level;
    level.position = line.number;
    level.bytes = line.span;
    level.code = std::string(f[5]);
    level.date = std::string(f[6]);
    record.events.push_back(std::move(level));
  }
  return std::nullopt;
}

// --- 死亡 CSV ---------------------------------------------------------------------------------------

bool hhmm_or_empty(std::string_view text) {
  return text.empty() || is_digits_of_length(text, 4);
}
bool place_or_empty(std::string_view text) {
  return text.empty() || is_digits_of_length(text, 1);
}
// ICD-10 as our registry writes it: a capital letter, two digits, up to three more digits, capitals
// or dots (A419, C20, I509, C34.9).
bool icd10_or_empty(std::string_view text) {
  if (text.empty()) return true;
  if (text.size() < 3 || text.size() > 6) return false;
  if (text[0] < 'A' || text[0] > 'Z') return false;
  if (!is_ascii_digits(text.substr(1, 2))) return false;
  for (const char c : text.substr(3)) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.')) return false;
  }
  return true;
}
bool required_digits(std::string_view text) {
  return is_ascii_digits(text);
}

constexpr std::array<FieldRule, 10> kDeathRules = {{
    {0, required_digits, "ASCII digits"},
    {2, empty_or_digits, "ASCII digits or empty"},
    {4, yyyymmdd, "YYYYMMDD"},
    {5, hhmm_or_empty, "HHMM or empty"},
    {8, place_or_empty, "one digit or empty"},
    {9, icd10_or_empty, "an ICD-10 code or empty"},
    {10, icd10_or_empty, "an ICD-10 code or empty"},
    {11, icd10_or_empty, "an ICD-10 code or empty"},
    {12, icd10_or_empty, "an ICD-10 code or empty"},
    {13, icd10_or_empty, "an ICD-10 code or empty"},
}};

constexpr std::array<std::string_view, 5> kCauseSlots = {"I_ア", "I_イ", "I_ウ", "I_エ", "II"};
constexpr std::size_t kFirstCauseColumn = 9;

std::optional<LineProblem> fill_death(const Layout& layout, const Line& line, const std::vector<std::string_view>& f,
                                      ParsedRecord& record) {
  if (auto problem = check_rules(layout, line, f, kDeathRules.data(), kDeathRules.size())) return problem;
  RawIdentity& id = record.identity;
  id.patient_id = std::string(f[0]);
  id.kanji_name = std::string(f[1]);
  id.sex = std::string(f[2]);
  id.birth = std::string(f[3]);
  id.address = std::string(f[6]);
  id.municipality = std::string(f[7]);
  record.service_date = std::string(f[4]);

  ParsedEvent death;
  death.kind = EventKind::death;
  death.position = line.number;
  death.bytes = line.span;
  death.date = std::string(f[4]);
  death.value = std::string(f[5]);
  death.extra = std::string(f[8]);
  record.events.push_back(std::move(death));
  for (std::size_t slot = 0; slot < kCauseSlots.size(); ++slot) {
    const std::string_view code = f[kFirstCauseColumn + slot];
    if (code.empty()) continue;
    ParsedEvent cause;
    cause.kind = EventKind::death_cause;
    cause.position = line.number;
    cause.bytes = line.span;
    cause.code = std::string(code);
    cause.extra = std::string(kCauseSlots[slot]);
    cause.date = std::string(f[4]);
    record.events.push_back(std::move(cause));
  }
  return std::nullopt;
}

// `…/death/<2-digit 都道府県>/<YYYYMM>.csv` → the prefecture; empty when the path has another shape.
std::string prefecture_from_path(std::string_view path) {
  const std::size_t last = path.rfind('/');
  if (last == std::string_view::npos) return {};
  const std::size_t middle = path.rfind('/', last == 0 ? 0 : last - 1);
  if (middle == std::string_view::npos || middle == last) return {};
  const std::string_view name = path.substr(last + 1);
  const std::string_view prefecture = path.substr(middle + 1, last - middle - 1);
  const std::string_view before = path.substr(0, middle);
  const bool death_folder = before == "death" || (before.size() > 6 && before.substr(before.size() - 6) == "/death");
  const bool month_file = name.size() == 10 && is_ascii_digits(name.substr(0, 6)) && name.substr(6) == ".csv";
  if (!death_folder || !month_file || !is_digits_of_length(prefecture, 2)) return {};
  return std::string(prefecture);
}

}  // namespace

ParsedFile parse_care_csv(std::string_view bytes) {
  static const std::string header = joined_header(formats::kCareCsvColumns);
  const Layout layout{SourceKind::care, Encoding::cp932, formats::kCareCsvColumns.data(),
                      formats::kCareCsvColumns.size()};
  return parse_lines(layout, header, bytes, fill_care);
}

ParsedFile parse_death_csv(std::string_view relative_path, std::string_view bytes) {
  static const std::string header = joined_header(formats::kDeathCsvColumns);
  const Layout layout{SourceKind::death, Encoding::utf8, formats::kDeathCsvColumns.data(),
                      formats::kDeathCsvColumns.size()};
  ParsedFile file = parse_lines(layout, header, bytes, fill_death);
  const std::string prefecture = prefecture_from_path(relative_path);
  for (ParsedRecord& record : file.records) record.facility = prefecture;
  return file;
}

}  // namespace nayose::parse
