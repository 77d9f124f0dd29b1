#include "src/formats/ssmix2_writer.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/common/error.hpp"
#include "src/formats/claims.hpp"
#include "src/formats/encoding.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

using synth::ClinicalItem;
using synth::Corruption;
using synth::ItemKind;

// Shift_JIS bytes of ■ leaked into the 7-bit file: two 8-bit bytes, illegal in ISO-2022-JP.
constexpr std::string_view kBadIso2022JpBytes = "\x81\xA1";

constexpr std::string_view kMshTail =
    "|P|2.5||||||~ISO IR87||ISO2022-1994|SS-MIX2_1.20^SS-MIX2^1.2.392.200250.2.1.100.1.2.120^ISO";

enum class Kind { adt00, omp01, oml11, ppr01 };

Kind parse_kind(const std::string& kind) {
  if (kind == "ADT-00") return Kind::adt00;
  if (kind == "OMP-01") return Kind::omp01;
  if (kind == "OML-11") return Kind::oml11;
  if (kind == "PPR-01") return Kind::ppr01;
  throw Error("write_ssmix2: unsupported データ種別 '" + kind + "' (ADT-00, OMP-01, OML-11 or PPR-01)");
}

const char* message_type(Kind kind) {
  switch (kind) {
    case Kind::adt00:
      return "ADT^A08^ADT_A01";
    case Kind::omp01:
      return "RDE^O11^RDE_O11";
    case Kind::oml11:
      return "OUL^R22^OUL_R22";
    case Kind::ppr01:
      return "PPR^ZD1^PPR_ZD1";
  }
  return "";
}

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out.push_back(separator);
    out += parts[i];
  }
  return out;
}

// A message as UTF-8 text pieces (encoded separately, each ending in ASCII state) and raw bytes.
class Message {
 public:
  void segment(const std::vector<std::string>& fields) { text_ += join(fields, '|') + "\r"; }
  void text(std::string_view text) { text_ += text; }
  void raw(std::string_view bytes) {
    flush();
    bytes_ += bytes;
  }
  std::string finish() {
    flush();
    return std::move(bytes_);
  }

 private:
  void flush() {
    bytes_ += encode_iso2022jp(text_);
    text_.clear();
  }
  std::string text_;
  std::string bytes_;
};

struct MessageTimes {
  std::string stamp17;  // YYYYMMDDHHMMSSfff (発生日時)
  std::string stamp14;  // YYYYMMDDHHMMSS
};

// 09:00:00 plus `sequence` seconds modulo eight hours, on the record's date.
MessageTimes message_times(const synth::SourceRecord& record, const synth::FacilityMonth& fm) {
  synth::Date date = record.service_date;
  if (date.empty()) date = {static_cast<std::int16_t>(fm.year), static_cast<std::int8_t>(fm.month), 1};
  const std::uint64_t seconds = 9 * 3600 + record.sequence % (8 * 3600);
  const std::string hhmmss =
      zero_padded(seconds / 3600, 2) + zero_padded(seconds / 60 % 60, 2) + zero_padded(seconds % 60, 2);
  const std::string stamp14 = yyyymmdd(date) + hhmmss;
  return {stamp14 + "000", stamp14};
}

std::string postal_with_hyphen(const std::string& postal) {
  if (postal.size() == 7 && postal.find_first_not_of("0123456789") == std::string::npos) {
    return postal.substr(0, 3) + "-" + postal.substr(3);
  }
  return postal;
}

struct NameParts {
  std::string surname;
  std::string given;
};

NameParts name_parts(const std::string& surname, const std::string& given, const std::string& whole) {
  if (surname.empty() && given.empty()) return {whole, ""};
  return {surname, given};
}

// PID with the damage of `identity.corruption` (README "SS-MIX2: corruptions").
void write_pid(Message& message, const synth::RecordedIdentity& id, const std::string& stamp14, Kind kind) {
  const NameParts kanji = name_parts(id.kanji_surname, id.kanji_given, id.kanji_name);
  const NameParts kana =
      name_parts(halfwidth_kana_to_fullwidth(id.kana_surname), halfwidth_kana_to_fullwidth(id.kana_given),
                 halfwidth_kana_to_fullwidth(id.kana_name));
  const bool has_kanji = !kanji.surname.empty() || !kanji.given.empty();
  const bool has_kana = !kana.surname.empty() || !kana.given.empty();

  std::string text = "PID|0001||" + hl7_escape(id.chart_number) + "^^^^PI||";
  // The damage goes after the first character of the first name component written (or of PID-3).
  std::size_t damage_at =
      std::string("PID|0001||").size() + hl7_escape(split_first_code_point(id.chart_number).first).size();
  bool damage_found = false;
  const auto component = [&](const std::string& value) {
    if (!damage_found && !value.empty()) {
      damage_at = text.size() + hl7_escape(split_first_code_point(value).first).size();
      damage_found = true;
    }
    text += hl7_escape(value);
  };
  if (has_kanji) {
    component(kanji.surname);
    text += "^";
    component(kanji.given);
    text += "^^^^^L^I";
  }
  if (has_kana) {
    if (has_kanji) text += "~";
    component(kana.surname);
    text += "^";
    component(kana.given);
    text += "^^^^^L^P";
  }
  std::vector<std::string> rest(kind == Kind::adt00 ? 28 : 6);  // PID-6 .. PID-11 (ADT: .. PID-33)
  rest[1] = id.birth_missing ? std::string() : yyyymmdd(id.birth);
  rest[2] = id.sex == synth::Sex::female ? "F" : "M";
  if (!id.postal_code.empty() || !id.address.empty()) {
    rest[5] = "^^^^" + hl7_escape(postal_with_hyphen(id.postal_code)) + "^JPN^H^" + hl7_escape(id.address);
  }
  if (kind == Kind::adt00) rest[27] = stamp14;
  text += "|" + join(rest, '|');

  switch (id.corruption) {
    case Corruption::truncated_line:
      message.text(text.substr(0, damage_at) + "\r");
      return;
    case Corruption::bad_byte_sequence:
      message.text(text.substr(0, damage_at));
      message.raw(kBadIso2022JpBytes);
      message.text(text.substr(damage_at) + "\r");
      return;
    default:
      message.text(text + "\r");
  }
}

void write_pv1(Message& message, bool inpatient, Kind kind) {
  if (kind == Kind::adt00) {
    message.segment({"PV1", "0001", "N"});
  } else if (inpatient) {
    message.segment({"PV1", "0001", "I"});
  } else {
    message.segment({"PV1", "0001", "O", "01^^^^^C"});
  }
}

std::string insurance_plan(const std::string& insurer_number) {
  switch (claims::payer_group(insurer_number)) {
    case claims::PayerGroup::kokuho:
      return "C0^国民健康保険^JHSD0001";
    case claims::PayerGroup::kouki:
      return "39^後期高齢者医療^JHSD0001";
    case claims::PayerGroup::employee:
      break;
  }
  std::string digits;
  for (const char c : insurer_number) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const std::string law = left_padded(digits, 8, '0').substr(0, 2);
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"01", "全国健康保険協会管掌健康保険"},
      {"02", "船員保険"},
      {"06", "組合管掌健康保険"},
      {"31", "国家公務員共済組合"},
      {"32", "地方公務員等共済組合"},
      {"33", "警察共済組合"},
      {"34", "公立学校共済組合"},
      {"63", "特定健康保険組合"}};
  std::string name;
  for (const auto& [code, label] : kNames) {
    if (code == law) name = label;
  }
  return law + "^" + name + "^JHSD0001";
}

void write_in1(Message& message, const synth::RecordedIdentity& id) {
  std::vector<std::string> in1(18);
  in1[0] = "IN1";
  in1[1] = "1";
  in1[2] = insurance_plan(id.insurer_number);
  in1[3] = hl7_escape(id.insurer_number);
  std::vector<std::string> card = {hl7_escape(id.symbol), hl7_escape(id.number), hl7_escape(id.branch)};
  while (!card.empty() && card.back().empty()) card.pop_back();
  in1[10] = join(card, '~');  // 記号~番号~枝番 as repetitions (README: layout unverified)
  if (id.branch.empty() || id.branch == "00") in1[17] = "SEL^本人^HL70063";
  message.segment(in1);
}

bool is_number(const std::string& value) {
  if (value.empty()) return false;
  std::size_t i = (value[0] == '-' || value[0] == '+') ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < value.size(); ++i) {
    if (value[i] >= '0' && value[i] <= '9') {
      digits = true;
    } else if (value[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

void write_prescriptions(Message& message, const synth::SourceRecord& record, const std::string& order_no,
                         const std::string& stamp14) {
  for (const ClinicalItem& item : record.items) {
    if (item.kind != ItemKind::drug) continue;
    message.segment({"ORC", "NW", order_no, "", "", "", "", "", "", stamp14});
    std::vector<std::string> rxe(22);
    rxe[0] = "RXE";
    rxe[2] = hl7_escape(item.code) + "^" + hl7_escape(item.name);  // no HOT9 in the model: code^name
    rxe[3] = hl7_escape(item.value);
    if (!item.unit.empty()) rxe[5] = "^" + hl7_escape(item.unit);
    rxe[10] = hl7_escape(item.value);
    if (!item.unit.empty()) rxe[11] = "^" + hl7_escape(item.unit);
    rxe[15] = order_no;
    rxe[21] = record.inpatient ? "IHP^入院処方^MR9P" : "OHP^外来処方^MR9P~OHI^院内処方^MR9P";
    message.segment(rxe);
    message.segment({"TQ1", "1", "", "", "", "", std::to_string(item.count) + "^d", yyyymmdd(item.date)});
    message.segment({"RXR", item.extra == "23" ? "AP^外用^HL70162" : "PO^口^HL70162"});
  }
}

void write_lab_results(Message& message, const synth::SourceRecord& record, const std::string& order_no,
                       const std::string& stamp14) {
  std::string material;
  for (const ClinicalItem& item : record.items) {
    if (item.kind == ItemKind::lab && item.code.size() >= 12) {
      material = item.code.substr(9, 3);  // JLAC10 材料 (characters 10-12)
      break;
    }
  }
  std::vector<std::string> spm(18);
  spm[0] = "SPM";
  spm[1] = "1";
  spm[2] = order_no;
  spm[4] = material.empty() ? std::string() : hl7_escape(material) + "^^JC10";
  spm[17] = stamp14;
  message.segment(spm);
  message.segment({"OBR", "1", order_no, order_no, "^検体検査", "", "", stamp14});
  message.segment({"ORC", "SC", order_no, order_no, "", "CM", "", "", "", stamp14});
  std::size_t set_id = 0;
  for (const ClinicalItem& item : record.items) {
    if (item.kind != ItemKind::lab) continue;
    std::vector<std::string> obx(15);
    obx[0] = "OBX";
    obx[1] = std::to_string(++set_id);
    obx[2] = is_number(item.value) ? "NM" : "ST";
    obx[3] = hl7_escape(item.code) + "^" + hl7_escape(item.name) + "^JC10";
    obx[5] = hl7_escape(item.value);
    if (!item.unit.empty()) {
      const std::string unit = hl7_escape(ascii_unit(item.unit));
      obx[6] = unit + "^" + unit + "^ISO+";
    }
    obx[11] = "F";
    obx[14] = stamp14;
    message.segment(obx);
  }
}

void write_problems(Message& message, const synth::SourceRecord& record, const std::string& stamp14) {
  std::size_t instance = 0;
  for (const ClinicalItem& item : record.items) {
    if (item.kind != ItemKind::diagnosis) continue;
    std::vector<std::string> prb(17);
    prb[0] = "PRB";
    prb[1] = "AD";
    prb[2] = stamp14;
    prb[3] = hl7_escape(item.code) + "^" + hl7_escape(item.name) + "^99RCD";  // レセ電 傷病名コード (local)
    prb[4] = std::to_string(++instance);
    prb[7] = yyyymmdd(item.date);
    if (!item.extra.empty()) prb[10] = hl7_escape(item.extra) + "^^I10";
    if (item.value.find("8002") != std::string::npos) prb[13] = "1";  // 修飾語 8002 「の疑い」
    prb[16] = yyyymmdd(item.date);
    message.segment(prb);
  }
}

}  // namespace

std::string hl7_escape(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (const char c : utf8) {
    switch (c) {
      case '|':
        out += "\\F\\";
        break;
      case '^':
        out += "\\S\\";
        break;
      case '~':
        out += "\\R\\";
        break;
      case '\\':
        out += "\\E\\";
        break;
      case '&':
        out += "\\T\\";
        break;
      case '\r':
      case '\n':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string ssmix2_path_patient_id(std::string_view chart_number) {
  std::string id;
  for (const char c : nfkc(chart_number)) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (alnum) {
      id.push_back(c);
    } else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      id.push_back('X');  // one X per character, not per UTF-8 byte
    }
  }
  return left_padded(id, 6, '0');
}

std::string ascii_unit(std::string_view unit) {
  std::string out;
  const std::string normalized = nfkc(unit);
  for (std::size_t i = 0; i < normalized.size();) {
    if (normalized.compare(i, 2, "\u00B5") == 0 || normalized.compare(i, 2, "\u03BC") == 0) {
      out += "u";
      i += 2;
    } else if (normalized.compare(i, 3, "\u4E07") == 0) {
      out += "10*4";
      i += 3;
    } else {
      out.push_back(normalized[i++]);
    }
  }
  return out;
}

std::vector<synth::WrittenFile> write_ssmix2(const synth::FacilityMonth& fm) {
  std::vector<synth::WrittenFile> files;
  files.reserve(fm.records.size());
  for (const synth::SourceRecord& record : fm.records) {
    const Kind kind = parse_kind(record.message_kind);
    const synth::RecordedIdentity& id = record.identity;
    const std::string pid = ssmix2_path_patient_id(id.chart_number);
    const bool dateless = kind == Kind::adt00 || kind == Kind::ppr01;
    const MessageTimes times = message_times(record, fm);
    const std::string day = dateless ? std::string("-") : times.stamp14.substr(0, 8);
    const std::string order_no = kind == Kind::adt00
                                     ? std::string(15, '9')
                                     : zero_padded(record.sequence % 1'000'000'000'000'000ULL, 15);
    const std::string department = (kind == Kind::omp01 || kind == Kind::oml11) ? "01" : "-";

    Message message;
    message.text("MSH|^~\\&|HIS|" + hl7_escape(fm.facility.code) + "|GW|RCV|" + times.stamp17 + "||" +
                 message_type(kind) + "|" + zero_padded(record.sequence, 16) + std::string(kMshTail) + "\r");
    if (kind == Kind::adt00) message.segment({"EVN", "", times.stamp14});
    write_pid(message, id, times.stamp14, kind);
    write_pv1(message, record.inpatient, kind);
    switch (kind) {
      case Kind::adt00:
        write_in1(message, id);
        break;
      case Kind::omp01:
        write_prescriptions(message, record, order_no, times.stamp14);
        break;
      case Kind::oml11:
        write_lab_results(message, record, order_no, times.stamp14);
        break;
      case Kind::ppr01:
        write_problems(message, record, times.stamp14);
        break;
    }

    synth::WrittenFile file;
    file.kind = synth::SourceKind::ssmix2;
    file.relative_path = "ssmix2/" + fm.facility.code + "/" + pid.substr(0, 3) + "/" + pid.substr(3, 3) +
                         "/" + pid + "/" + day + "/" + record.message_kind + "/" + pid + "_" + day + "_" +
                         record.message_kind + "_" + order_no + "_" + times.stamp17 + "_" + department + "_1";
    file.bytes = message.finish();
    // A wrong field count has no HL7 equivalent: such a record is written undamaged (README). A
    // broken insurer check digit is only visible where IN1 is written (ADT-00): elsewhere the file
    // holds no insurer number and the record is valid as written.
    const bool applicable = id.corruption != Corruption::wrong_field_count &&
                            (id.corruption != Corruption::bad_check_digit || kind == Kind::adt00);
    file.records.push_back(
        {1, record.person_id, id.error_flags, applicable ? id.corruption : Corruption::none});
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace nayose::formats
