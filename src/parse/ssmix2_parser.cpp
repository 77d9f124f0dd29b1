#include "src/parse/ssmix2_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "src/formats/encoding.hpp"
#include "src/parse/hl7.hpp"
#include "src/parse/text.hpp"

namespace nayose::parse {

namespace {

// ---------------------------------------------------------------------------------------------
// Path

bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_alnum_text(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_alnum);
}

// ADT-00, OMP-01, OMD, …: a letter, then letters, digits and hyphens.
bool is_data_kind(std::string_view text) noexcept {
  return !text.empty() && ((text[0] >= 'A' && text[0] <= 'Z') || (text[0] >= 'a' && text[0] <= 'z')) &&
         std::all_of(text.begin(), text.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_digits(std::string_view text, std::size_t min_size, std::size_t max_size) noexcept {
  return text.size() >= min_size && text.size() <= max_size && is_ascii_digits(text);
}

// Removes and returns the last '/'-separated component; nullopt when `path` is exhausted.
std::optional<std::string_view> pop_component(std::string_view& path, bool& exhausted) {
  if (exhausted) return std::nullopt;
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) {
    exhausted = true;
    return path;
  }
  const std::string_view last = path.substr(slash + 1);
  path = path.substr(0, slash);
  return last;
}

// ---------------------------------------------------------------------------------------------
// Bytes

// The escape sequences SS-MIX2 allows (ISO IR6 and ISO IR87 only, MSH-18 `~ISO IR87`).
bool is_allowed_escape(std::string_view bytes, std::size_t at) noexcept {
  return at + 2 < bytes.size() && (bytes[at + 1] == '(' || bytes[at + 1] == '$') && bytes[at + 2] == 'B';
}

struct ByteScan {
  std::size_t bad = std::string_view::npos;  // first byte no SS-MIX2 file may contain
  bool has_escape = false;                   // some ESC: the file needs the ISO-2022-JP decoder
};

// 8-bit bytes, SO/SI (which the ISO-2022-JP decoder rejects) and escape sequences other than
// ESC ( B / ESC $ B (JIS X 0201 Roman or katakana would change what \ and ~ mean).
ByteScan scan_bytes(std::string_view bytes) noexcept {
  ByteScan scan;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b >= 0x80 || b == 0x0E || b == 0x0F) {
      scan.bad = i;
      return scan;
    }
    if (b == 0x1B) {
      if (!is_allowed_escape(bytes, i)) {
        scan.bad = i;
        return scan;
      }
      scan.has_escape = true;
    }
  }
  return scan;
}

// ---------------------------------------------------------------------------------------------
// Segments

// HL7 v2.5 standard segments and the JAHIS Z-segments SS-MIX2 messages carry. Sorted.
constexpr auto kKnownSegments = std::to_array<std::string_view>(
    {"ABS", "ACC", "ADD", "AFF", "AIG", "AIL", "AIP", "AIS", "AL1", "APR", "ARQ", "AUT", "BHS", "BLC",
     "BLG", "BPO", "BPX", "BTS", "BTX", "CDM", "CER", "CM0", "CM1", "CM2", "CNS", "CSP", "CSR", "CSS",
     "CTD", "CTI", "DB1", "DG1", "DRG", "DSC", "DSP", "ECD", "ECR", "EDU", "EQP", "EQU", "ERR", "EVN",
     "FAC", "FHS", "FT1", "FTS", "GOL", "GP1", "GP2", "GT1", "IAM", "IIM", "IN1", "IN2", "IN3", "INV",
     "IPC", "ISD", "LAN", "LCC", "LCH", "LDP", "LOC", "LRL", "MFA", "MFE", "MFI", "MRG", "MSA", "MSH",
     "NCK", "NDS", "NK1", "NPU", "NSC", "NST", "NTE", "OBR", "OBX", "ODS", "ODT", "OM1", "OM2", "OM3",
     "OM4", "OM5", "OM6", "OM7", "ORC", "ORG", "OVR", "PCR", "PD1", "PDA", "PDC", "PEO", "PES", "PID",
     "PR1", "PRA", "PRB", "PRC", "PRD", "PSH", "PTH", "PV1", "PV2", "QAK", "QID", "QPD", "QRD", "QRF",
     "QRI", "RCP", "RDF", "RDT", "RF1", "RGS", "RMI", "ROL", "RQ1", "RQD", "RXA", "RXC", "RXD", "RXE",
     "RXG", "RXO", "RXR", "SAC", "SCH", "SFT", "SID", "SPM", "SPR", "STF", "TCC", "TCD", "TQ1", "TQ2",
     "TXA", "UB1", "UB2", "URD", "URS", "VAR", "VTQ", "ZI1", "ZPD", "ZPR"});
static_assert(std::is_sorted(kKnownSegments.begin(), kKnownSegments.end()));

bool is_known_segment(std::string_view id) noexcept {
  return std::binary_search(kKnownSegments.begin(), kKnownSegments.end(), id);
}

enum class MessageKind { adt00, omp01, oml11, ppr01, other };

MessageKind message_kind(std::string_view data_kind) noexcept {
  if (data_kind == "ADT-00") return MessageKind::adt00;
  if (data_kind == "OMP-01") return MessageKind::omp01;
  if (data_kind == "OML-11") return MessageKind::oml11;
  if (data_kind == "PPR-01") return MessageKind::ppr01;
  return MessageKind::other;
}

// MSH-9 against the データ種別 folder (DOMAIN §2.2). Kinds we take no events from only need a
// message type.
bool message_type_matches(MessageKind kind, std::string_view msh9) noexcept {
  const std::string_view type = hl7::repetition(msh9, 1);
  const std::string_view code = hl7::component(type, 1);
  const std::string_view trigger = hl7::component(type, 2);
  switch (kind) {
    case MessageKind::adt00:
      return code == "ADT" && (trigger == "A08" || trigger == "A23");
    case MessageKind::omp01:
      return code == "RDE" && trigger == "O11";
    case MessageKind::oml11:
      return code == "OUL" && trigger == "R22";
    case MessageKind::ppr01:
      return code == "PPR" && trigger == "ZD1";
    case MessageKind::other:
      return !code.empty();
  }
  return false;
}

// Subcomponent 1 of component `comp` of repetition `rep` of `field`, unescaped. The segment's
// escapes were checked before any value is taken, so unescaping cannot fail here.
std::string value(std::string_view field, std::size_t rep, std::size_t comp) {
  std::optional<std::string> text =
      hl7::unescape(hl7::subcomponent(hl7::component(hl7::repetition(field, rep), comp), 1));
  return text ? std::move(*text) : std::string();
}

// The first `count` characters (code points) of a UTF-8 value: a date-time cut to its date.
std::string first_characters(std::string text, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) continue;  // continuation byte
    if (seen == count) {
      text.resize(i);
      break;
    }
    ++seen;
  }
  return text;
}

std::string date_of(std::string text) {
  return first_characters(std::move(text), 8);
}

// TQ1-6.1 (service duration, days) when it is a plain number that fits.
std::optional<std::int32_t> small_number(std::string_view text) noexcept {
  if (!is_ascii_digits(text)) return std::nullopt;
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text.size() > 9) return std::nullopt;
  std::int32_t n = 0;
  for (const char c : text) n = n * 10 + (c - '0');
  return n;
}

std::string segment_label(std::uint64_t number, std::string_view id) {
  return "segment " + std::to_string(number) + " (" + std::string(id) + ")";
}

struct Problem {
  Reason reason = Reason::none;
  std::string message;
};

// Reads one message segment by segment, collecting the record; stops at the first problem.
class MessageReader {
 public:
  MessageReader(const Ssmix2Path& path, std::uint64_t file_size)
      : path_(path), kind_(message_kind(path.data_kind)) {
    record_.position = 1;
    record_.bytes = {0, file_size};
  }

  // False when the segment makes the message unusable (problem() says why).
  bool segment(std::uint64_t number, std::string_view text, ByteSpan span) {
    fields_.assign(text);
    const std::string_view id = fields_.id();
    if (number == 1 && id != "MSH")
      return fail(Reason::out_of_order, "segment 1: the message does not start with MSH");
    if (id.size() != 3 || !is_known_segment(id)) {
      return fail(Reason::unknown_record, "segment " + std::to_string(number) + ": unknown segment id");
    }
    if (id == "MSH") {
      if (number != 1)
        return fail(Reason::out_of_order,
                    segment_label(number, id) + ": a second MSH (one message per file)");
      return msh(text);
    }
    if (const std::size_t bad = hl7::find_bad_escape(text); bad != std::string_view::npos) {
      return fail(Reason::bad_field, segment_label(number, id) + ": field " + field_number_at(text, bad) +
                                         " has an unknown or unterminated escape sequence");
    }
    if (id == "PID") return pid(number);
    if (id == "IN1") {
      in1();
    } else if (id == "ORC") {
      orc();
    } else if (id == "RXE") {
      if (kind_ == MessageKind::omp01) rxe(number, span);
    } else if (id == "TQ1") {
      tq1();
    } else if (id == "RXR") {
      rxr();
    } else if (id == "OBX") {
      if (kind_ == MessageKind::oml11) obx(number, span);
    } else if (id == "PRB") {
      if (kind_ == MessageKind::ppr01) prb(number, span);
    }
    return true;
  }

  bool finish() {
    if (pid_count_ == 0) return fail(Reason::missing_element, "the message has no PID segment");
    record_.service_date = path_.service_date != "-" ? path_.service_date : msh_date_;
    return true;
  }

  ParsedRecord take_record() { return std::move(record_); }
  Problem take_problem() { return std::move(problem_); }

 private:
  bool fail(Reason reason, std::string message) {
    problem_ = {reason, std::move(message)};
    return false;
  }

  // The HL7 field number of byte `at` of the segment.
  std::string field_number_at(std::string_view text, std::size_t at) const {
    std::size_t separators = 0;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) {
      if (text[i] == hl7::kFieldSeparator) ++separators;
    }
    if (fields_.id() == "MSH") ++separators;
    return std::to_string(separators);
  }

  bool msh(std::string_view text) {
    const std::string_view encoding = fields_.field(2);
    if (encoding != hl7::kEncodingCharacters) {
      return fail(Reason::bad_header, "segment 1 (MSH): MSH-2 encoding characters are not ^~\\&");
    }
    // MSH-2 holds the escape character itself: check the escapes of MSH-3 on.
    const std::size_t after_encoding = 4 + encoding.size();
    if (const std::size_t bad = hl7::find_bad_escape(text.substr(after_encoding));
        bad != std::string_view::npos) {
      return fail(Reason::bad_field, "segment 1 (MSH): field " + field_number_at(text, after_encoding + bad) +
                                         " has an unknown or unterminated escape sequence");
    }
    if (!message_type_matches(kind_, fields_.field(9))) {
      return fail(
          Reason::bad_header,
          "segment 1 (MSH): MSH-9 message type does not match the data kind folder " + path_.data_kind);
    }
    record_.facility = value(fields_.field(4), 1, 1);
    if (record_.facility.empty()) record_.facility = path_.facility;
    msh_date_ = date_of(value(fields_.field(7), 1, 1));
    return true;
  }

  bool pid(std::uint64_t number) {
    if (++pid_count_ > 1) return fail(Reason::out_of_order, segment_label(number, "PID") + ": a second PID");
    if (fields_.field_count() < 8) {
      return fail(Reason::truncated_record, segment_label(number, "PID") + ": " +
                                                std::to_string(fields_.field_count()) +
                                                " fields, at least 8 required (through PID-8 sex)");
    }
    RawIdentity& id = record_.identity;
    id.patient_id = value(fields_.field(3), 1, 1);
    read_names(fields_.field(5));
    id.birth = date_of(value(fields_.field(7), 1, 1));
    id.sex = value(fields_.field(8), 1, 1);
    id.postal_code = value(fields_.field(11), 1, 5);
    id.address = value(fields_.field(11), 1, 8);
    return true;
  }

  // PID-5 repetitions: component 8 I (ideographic) / P (phonetic); without it, the first
  // repetition is the kanji one and the second the kana one.
  void read_names(std::string_view field) {
    RawIdentity& id = record_.identity;
    bool kanji = false;
    bool kana = false;
    std::size_t index = 0;
    std::size_t start = 0;
    while (start <= field.size()) {
      std::size_t end = field.find(hl7::kRepetitionSeparator, start);
      if (end == std::string_view::npos) end = field.size();
      const std::string_view rep = field.substr(start, end - start);
      ++index;
      const std::string_view type = hl7::component(rep, 8);
      const bool as_kanji = type == "I" || (type.empty() && index == 1);
      const bool as_kana = type == "P" || (type.empty() && index == 2);
      if (as_kanji && !kanji) {
        id.kanji_surname = value(rep, 1, 1);
        id.kanji_given = value(rep, 1, 2);
        kanji = true;
      } else if (as_kana && !kana) {
        id.kana_surname = value(rep, 1, 1);
        id.kana_given = value(rep, 1, 2);
        kana = true;
      }
      if (kanji && kana) break;
      start = end + 1;
    }
  }

  void in1() {
    if (in1_seen_) return;
    in1_seen_ = true;
    RawIdentity& id = record_.identity;
    id.insurer = value(fields_.field(3), 1, 1);
    id.symbol = value(fields_.field(10), 1, 1);
    id.number = value(fields_.field(10), 2, 1);
    id.branch = value(fields_.field(10), 3, 1);
  }

  void orc() {
    order_date_ = date_of(value(fields_.field(9), 1, 1));
    open_drug_ = kNone;
  }

  ParsedEvent& add_event(EventKind kind, std::uint64_t number, ByteSpan span) {
    ParsedEvent& event = record_.events.emplace_back();
    event.kind = kind;
    event.position = number;
    event.bytes = span;
    return event;
  }

  void rxe(std::uint64_t number, ByteSpan span) {
    ParsedEvent& drug = add_event(EventKind::drug, number, span);
    drug.code = value(fields_.field(2), 1, 1);
    drug.name = value(fields_.field(2), 1, 2);
    drug.value = value(fields_.field(3), 1, 1);
    drug.unit = value(fields_.field(5), 1, 2);
    if (drug.unit.empty()) drug.unit = value(fields_.field(5), 1, 1);
    drug.date = order_date_;
    open_drug_ = record_.events.size() - 1;
    drug_timing_seen_ = false;
  }

  // The first TQ1 after an RXE carries its start date (TQ1-7) and days (TQ1-6).
  void tq1() {
    if (open_drug_ == kNone || drug_timing_seen_) return;
    drug_timing_seen_ = true;
    ParsedEvent& drug = record_.events[open_drug_];
    std::string start = date_of(value(fields_.field(7), 1, 1));
    if (!start.empty()) drug.date = std::move(start);
    if (const auto days = small_number(value(fields_.field(6), 1, 1))) drug.count = *days;
  }

  void rxr() {
    if (open_drug_ == kNone) return;
    ParsedEvent& drug = record_.events[open_drug_];
    if (drug.extra.empty()) drug.extra = value(fields_.field(1), 1, 1);  // route, e.g. PO / AP
  }

  void obx(std::uint64_t number, ByteSpan span) {
    ParsedEvent& lab = add_event(EventKind::lab, number, span);
    lab.code = value(fields_.field(3), 1, 1);
    lab.name = value(fields_.field(3), 1, 2);
    if (value(fields_.field(2), 1, 1) == "SN") {
      // Structured numeric (<^5, ^1^:^128): the components together are the value as given.
      for (std::size_t comp = 1; comp <= 4; ++comp) lab.value += value(fields_.field(5), 1, comp);
    } else {
      lab.value = value(fields_.field(5), 1, 1);
    }
    lab.unit = value(fields_.field(6), 1, 1);
    lab.date = date_of(value(fields_.field(14), 1, 1));
  }

  void prb(std::uint64_t number, ByteSpan span) {
    ParsedEvent& diagnosis = add_event(EventKind::diagnosis, number, span);
    diagnosis.code = value(fields_.field(3), 1, 1);
    diagnosis.name = value(fields_.field(3), 1, 2);
    diagnosis.date = date_of(value(fields_.field(7), 1, 1));
    diagnosis.extra = value(fields_.field(10), 1, 1);  // ICD-10
    diagnosis.value = value(fields_.field(13), 1, 1);  // 疑い flag
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  const Ssmix2Path& path_;
  MessageKind kind_;
  hl7::SegmentFields fields_;
  ParsedRecord record_;
  Problem problem_;
  std::string msh_date_;
  std::string order_date_;
  std::size_t open_drug_ = kNone;
  bool drug_timing_seen_ = false;
  bool in1_seen_ = false;
  std::size_t pid_count_ = 0;
};

ParsedFile file_problem(Reason reason, std::string message) {
  ParsedFile file;
  file.kind = SourceKind::ssmix2;
  file.problem = FileProblem{reason, std::move(message)};
  return file;
}

ParsedFile quarantined(std::uint64_t file_size, Problem problem) {
  ParsedFile file;
  file.kind = SourceKind::ssmix2;
  file.quarantined.push_back({1, {0, file_size}, problem.reason, std::move(problem.message)});
  return file;
}

// The segment number (as the reader counts: non-empty segments, MSH = 1) of raw byte `at`.
std::uint64_t segment_number_at(const std::vector<hl7::SegmentPiece>& segments, std::size_t at) {
  std::uint64_t number = 0;
  for (const hl7::SegmentPiece& s : segments) {
    if (s.size != 0) ++number;
    if (at < s.offset + s.size_with_terminator) break;
  }
  return number;
}

// The first segment the strict decoder rejects on its own (ISO-2022-JP returns to ASCII at every
// CR and LF, so segments decode independently); 0 when none does, or when there are too many
// segments to look at one by one (only a message is at stake).
std::uint64_t first_undecodable_segment(std::string_view bytes,
                                        const std::vector<hl7::SegmentPiece>& segments) {
  constexpr std::size_t kMaxSegmentsToSearch = 10'000;
  if (segments.size() > kMaxSegmentsToSearch) return 0;
  std::uint64_t number = 0;
  for (const hl7::SegmentPiece& s : segments) {
    if (s.size == 0) continue;
    ++number;
    if (!formats::decode_iso2022jp(bytes.substr(s.offset, s.size))) return number;
  }
  return 0;
}

}  // namespace

std::optional<Ssmix2Path> parse_ssmix2_path(std::string_view relative_path) {
  std::string_view rest = relative_path;
  bool exhausted = false;
  const auto name = pop_component(rest, exhausted);
  const auto kind_folder = pop_component(rest, exhausted);
  const auto date_folder = pop_component(rest, exhausted);
  const auto pid_folder = pop_component(rest, exhausted);
  const auto level2 = pop_component(rest, exhausted);
  const auto level1 = pop_component(rest, exhausted);
  if (!level1) return std::nullopt;
  const auto facility = pop_component(rest, exhausted);

  // <PID>_<診療日|->_<データ種別>_<オーダNo>_<発生日時>_<診療科|->_<フラグ>
  std::array<std::string_view, 7> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t underscore = name->find('_', start);
    if (count == parts.size()) return std::nullopt;
    parts[count++] = name->substr(
        start, underscore == std::string_view::npos ? std::string_view::npos : underscore - start);
    if (underscore == std::string_view::npos) break;
    start = underscore + 1;
  }
  if (count != parts.size()) return std::nullopt;
  const auto [pid, date, kind, order, time, department, flag] = parts;

  if (!is_alnum_text(pid) || pid != *pid_folder) return std::nullopt;
  // Folder levels are PID[0:3] and PID[3:6] of the PID left-padded with 0 to 6 characters.
  std::string padded = pid.size() < 6 ? std::string(6 - pid.size(), '0') : std::string();
  padded += pid;
  if (*level1 != std::string_view(padded).substr(0, 3) || *level2 != std::string_view(padded).substr(3, 3)) {
    return std::nullopt;
  }
  if ((date != "-" && !is_digits(date, 8, 8)) || date != *date_folder) return std::nullopt;
  if (!is_data_kind(kind) || kind != *kind_folder) return std::nullopt;
  if (!is_digits(order, 15, 15) || !is_digits(time, 14, 17)) return std::nullopt;
  if (department != "-" && !is_alnum_text(department)) return std::nullopt;
  if (flag != "0" && flag != "1" && flag != "2") return std::nullopt;

  Ssmix2Path path;
  path.facility = facility ? std::string(*facility) : std::string();
  path.patient_id = std::string(pid);
  path.service_date = std::string(date);
  path.data_kind = std::string(kind);
  path.order_number = std::string(order);
  path.event_time = std::string(time);
  path.department = std::string(department);
  path.condition = flag[0];
  return path;
}

ParsedFile parse_ssmix2(std::string_view relative_path, std::string_view bytes) {
  const std::optional<Ssmix2Path> path = parse_ssmix2_path(relative_path);
  if (!path)
    return file_problem(Reason::file_unrecognised, "the path does not have the SS-MIX2 storage layout");
  if (path->condition != '1') {
    return file_problem(Reason::file_not_current, path->condition == '2'
                                                      ? "condition flag 2 (superseded message): skipped"
                                                      : "condition flag 0 (deleted message): skipped");
  }
  if (bytes.empty()) return file_problem(Reason::file_empty, "the file is empty");
  if (bytes.substr(0, 4) != "MSH|")
    return file_problem(Reason::file_not_format, "the file does not start with MSH|");
  const std::uint64_t size = bytes.size();
  if (bytes.size() > kMaxMessageBytes) {
    return quarantined(
        size, {Reason::record_too_long, "message above " + std::to_string(kMaxMessageBytes) + " bytes"});
  }

  const std::vector<hl7::SegmentPiece> raw_segments = hl7::split_segments(bytes);
  const ByteScan scan = scan_bytes(bytes);
  if (scan.bad != std::string_view::npos) {
    return quarantined(size, {Reason::bad_byte_sequence,
                              "segment " + std::to_string(segment_number_at(raw_segments, scan.bad)) +
                                  ": a byte outside 7-bit ISO-2022-JP (ASCII and JIS X 0208)"});
  }
  // Decode once; a file without escape sequences is ASCII and is its own decoding.
  std::string decoded;
  std::string_view text = bytes;
  if (scan.has_escape) {
    std::optional<std::string> utf8;
    try {
      utf8 = formats::decode_iso2022jp(bytes);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception&) {
      return quarantined(size, {Reason::bad_byte_sequence, "the ISO-2022-JP decoder failed"});
    }
    if (!utf8) {
      std::uint64_t number = 0;
      try {
        number = first_undecodable_segment(bytes, raw_segments);
      } catch (const std::bad_alloc&) {
        throw;
      } catch (const std::exception&) {
        number = 0;
      }
      return quarantined(size,
                         {Reason::bad_byte_sequence,
                          number == 0 ? std::string("the message is not valid ISO-2022-JP")
                                      : "segment " + std::to_string(number) + ": not valid ISO-2022-JP"});
    }
    decoded = std::move(*utf8);
    text = decoded;
  }
  // CR and LF decode to themselves and reset the decoder to ASCII, so the decoded text has the
  // same segments as the raw bytes: the raw ones give the byte spans.
  std::vector<hl7::SegmentPiece> decoded_segments;
  if (scan.has_escape) decoded_segments = hl7::split_segments(text);
  const std::vector<hl7::SegmentPiece>& segments = scan.has_escape ? decoded_segments : raw_segments;
  if (segments.size() != raw_segments.size()) {
    return quarantined(size, {Reason::bad_byte_sequence, "line ends inside an ISO-2022-JP character"});
  }

  MessageReader reader(*path, size);
  std::uint64_t number = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].size == 0) continue;  // blank line
    const hl7::SegmentPiece& raw = raw_segments[i];
    if (!reader.segment(++number, text.substr(segments[i].offset, segments[i].size),
                        {raw.offset, raw.size_with_terminator})) {
      return quarantined(size, reader.take_problem());
    }
  }
  if (!reader.finish()) return quarantined(size, reader.take_problem());
  ParsedFile file;
  file.kind = SourceKind::ssmix2;
  file.records.push_back(reader.take_record());
  return file;
}

}  // namespace nayose::parse
