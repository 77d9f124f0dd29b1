#include "src/formats/care_csv_writer.hpp"

#include <string>
#include <vector>

#include "src/formats/delimited.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

constexpr std::size_t kNameColumn = 2;  // 被保険者氏名カナ, 0-based

}  // namespace

synth::WrittenFile write_care_csv(const synth::FacilityMonth& fm) {
  synth::WrittenFile file;
  file.kind = synth::SourceKind::care;
  file.relative_path = "care/" + fm.facility.code + "/" + yyyymm(fm.year, fm.month) + ".csv";
  file.bytes = encode_delimited_line(std::vector<std::string>(kCareCsvColumns.begin(), kCareCsvColumns.end()),
                                     LineEncoding::cp932, synth::Corruption::none, 0);
  std::uint64_t line = 1;
  for (const synth::SourceRecord& record : fm.records) {
    const synth::RecordedIdentity& id = record.identity;
    const synth::ClinicalItem* level = nullptr;
    for (const synth::ClinicalItem& item : record.items) {
      if (item.kind == synth::ItemKind::care_level) {
        level = &item;
        break;
      }
    }
    std::vector<std::string> fields = {
        id.insurer_number,  // the 介護保険者 = the 市町村: its code (kernels/synth/variants.cpp)
        id.care_insured_number,
        id.kana_name,
        id.sex == synth::Sex::female ? "2" : "1",
        id.birth_missing ? std::string() : yyyymmdd(id.birth),
        level != nullptr ? level->code : std::string(),
        level != nullptr ? yyyymmdd(level->date) : std::string(),
        yyyymm(fm.year, fm.month),
        fm.facility.code,
    };
    file.bytes += encode_delimited_line(std::move(fields), LineEncoding::cp932, id.corruption, kNameColumn);
    file.records.push_back({++line, record.person_id, id.error_flags, id.corruption});
  }
  return file;
}

}  // namespace nayose::formats
