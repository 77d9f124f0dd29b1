#include "src/parse/record.hpp"

#include <array>

namespace nayose::parse {

namespace {

struct ReasonInfo {
  Reason reason;
  std::string_view name;
  std::string_view description;
};

constexpr std::array kReasons = {
    ReasonInfo{Reason::file_unreadable, "file_unreadable", "The file could not be read (I/O error or permission)."},
    ReasonInfo{Reason::file_unrecognised, "file_unrecognised",
               "The path matches no source layout, so the format cannot be decided."},
    ReasonInfo{Reason::file_empty, "file_empty", "The file has zero bytes."},
    ReasonInfo{Reason::file_not_format, "file_not_format",
               "The content is not the format the path claims (no IR/YK header line, not an HL7 message, not a "
               "特定健診 document, wrong CSV header)."},
    ReasonInfo{Reason::file_not_current, "file_not_current",
               "SS-MIX2 condition flag other than 1 (superseded or deleted message): skipped by design, not an error."},
    ReasonInfo{Reason::bad_byte_sequence, "bad_byte_sequence",
               "Bytes that are invalid in the file's encoding (CP932, ISO-2022-JP or UTF-8)."},
    ReasonInfo{Reason::wrong_field_count, "wrong_field_count", "More fields than the layout or the CSV header allows."},
    ReasonInfo{Reason::truncated_record, "truncated_record",
               "Fewer fields than the layout requires, or a record cut off in the middle of a field."},
    ReasonInfo{Reason::truncated_file, "truncated_file",
               "The file ends before its trailer (UKE/CYO GO record and 0x1A, XML end tag); the last record is "
               "quarantined."},
    ReasonInfo{Reason::out_of_order, "out_of_order",
               "A record or segment where the layout does not allow it (a claim line before RE, PID before MSH, a "
               "second header)."},
    ReasonInfo{Reason::unknown_record, "unknown_record", "An unknown record identifier or segment id inside a record."},
    ReasonInfo{Reason::bad_header, "bad_header",
               "The file's header record (IR, YK, MSH) is unusable; every record of the file "
               "is quarantined with this reason."},
    ReasonInfo{Reason::bad_field, "bad_field",
               "A field's syntax is wrong (letters in a numeric field, an unknown code, a broken HL7 escape)."},
    ReasonInfo{Reason::record_too_long, "record_too_long",
               "A line, segment or document above the parser's size limit (64 KiB per line, 16 MiB per message)."},
    ReasonInfo{Reason::not_well_formed, "not_well_formed", "XML that is not well-formed."},
    ReasonInfo{Reason::missing_element, "missing_element",
               "A mandatory record, segment or XML element is absent (a claim without 保険 record, a message without "
               "PID, a document without recordTarget)."},
    ReasonInfo{Reason::impossible_date, "impossible_date",
               "A date of the right shape that does not exist (2023-02-30, month 13, era year 0)."},
    ReasonInfo{Reason::bad_date, "bad_date", "A date field in no accepted form (wrong length, letters)."},
    ReasonInfo{Reason::insurer_check_digit, "insurer_check_digit",
               "The 保険者番号 check digit (検証番号) is wrong after NFKC and left-padding."},
    ReasonInfo{Reason::municipality_check_digit, "municipality_check_digit",
               "The 全国地方公共団体コード check digit is wrong."},
    ReasonInfo{Reason::missing_identity, "missing_identity", "No name in any script, or no sex."},
    ReasonInfo{Reason::bad_sex, "bad_sex", "A sex code outside the format's code list."},
    ReasonInfo{Reason::bad_code, "bad_code",
               "An identity code with the wrong shape (保険者番号 not 6 or 8 digits, 郵便番号 not 7 digits, ...)."},
};

const ReasonInfo* find(Reason reason) {
  for (const auto& info : kReasons) {
    if (info.reason == reason) return &info;
  }
  return nullptr;
}

}  // namespace

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::uke: return "uke";
    case SourceKind::cyo: return "cyo";
    case SourceKind::ssmix2: return "ssmix2";
    case SourceKind::checkup: return "checkup";
    case SourceKind::care: return "care";
    case SourceKind::death: return "death";
  }
  return "unknown";
}

std::string_view reason_name(Reason reason) {
  if (reason == Reason::none) return "none";
  const auto* info = find(reason);
  return info != nullptr ? info->name : "unknown";
}

std::string_view reason_description(Reason reason) {
  if (reason == Reason::none) return "Accepted.";
  const auto* info = find(reason);
  return info != nullptr ? info->description : "Unknown reason code.";
}

const std::vector<Reason>& all_reasons() {
  static const std::vector<Reason> reasons = [] {
    std::vector<Reason> out;
    for (const auto& info : kReasons) out.push_back(info.reason);
    return out;
  }();
  return reasons;
}

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::diagnosis: return "diagnosis";
    case EventKind::procedure: return "procedure";
    case EventKind::drug: return "drug";
    case EventKind::material: return "material";
    case EventKind::comment: return "comment";
    case EventKind::lab: return "lab";
    case EventKind::checkup: return "checkup";
    case EventKind::care_level: return "care_level";
    case EventKind::death: return "death";
    case EventKind::death_cause: return "death_cause";
  }
  return "unknown";
}

}  // namespace nayose::parse
