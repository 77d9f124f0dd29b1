#include "src/formats/death_csv_writer.hpp"

#include <string>
#include <vector>

#include "src/formats/delimited.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

constexpr std::size_t kNameColumn = 1;    // 氏名, 0-based
constexpr std::size_t kFirstCause = 9;    // 死因I_ア_ICD10
constexpr std::size_t kCauseColumns = 5;  // I ア, イ, ウ, エ, II

bool is_hhmm(const std::string& text) {
  return text.size() == 4 && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

synth::WrittenFile write_death_csv(const synth::FacilityMonth& fm) {
  synth::WrittenFile file;
  file.kind = synth::SourceKind::death;
  file.relative_path = "death/" + fm.facility.prefecture_code + "/" + yyyymm(fm.year, fm.month) + ".csv";
  file.bytes =
      encode_delimited_line(std::vector<std::string>(kDeathCsvColumns.begin(), kDeathCsvColumns.end()),
                            LineEncoding::utf8, synth::Corruption::none, 0);
  std::uint64_t line = 1;
  for (const synth::SourceRecord& record : fm.records) {
    const synth::RecordedIdentity& id = record.identity;
    std::vector<std::string> fields(kDeathCsvColumns.size());
    fields[0] = std::to_string(record.sequence);
    fields[1] = id.kanji_name;
    fields[2] = id.sex == synth::Sex::female ? "2" : "1";
    fields[3] = id.birth_missing ? std::string() : yyyymmdd(id.birth);
    fields[4] = yyyymmdd(record.service_date);
    fields[6] = id.address;
    fields[7] = id.municipality_code;
    std::size_t cause = 0;
    for (const synth::ClinicalItem& item : record.items) {
      if (item.kind != synth::ItemKind::death_cause) continue;
      if (cause == 0) {
        if (is_hhmm(item.value)) fields[5] = item.value;
        fields[8] = item.extra;
      }
      if (cause < kCauseColumns) fields[kFirstCause + cause] = item.code;
      ++cause;
    }
    file.bytes += encode_delimited_line(std::move(fields), LineEncoding::utf8, id.corruption, kNameColumn);
    file.records.push_back({++line, record.person_id, id.error_flags, id.corruption});
  }
  return file;
}

}  // namespace nayose::formats
