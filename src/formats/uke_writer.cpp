#include "src/formats/uke_writer.hpp"

#include <string>
#include <vector>

#include "src/formats/claims.hpp"
#include "src/formats/delimited.hpp"
#include "src/formats/text.hpp"
#include "src/formats/treatment_lines.hpp"

namespace nayose::formats {
namespace {

using synth::ClinicalItem;
using synth::Corruption;
using synth::ItemKind;

constexpr std::size_t kReNameField = 4;  // RE-5 氏名, 0-based

class UkeFile {
 public:
  explicit UkeFile(synth::WrittenFile& file) : file_(file) {}

  // Appends one line; returns its 1-based line number.
  std::uint64_t line(std::vector<std::string> fields, Corruption corruption = Corruption::none,
                     std::size_t name_field = 0) {
    file_.bytes += encode_delimited_line(std::move(fields), LineEncoding::cp932, corruption, name_field);
    return ++lines_;
  }

 private:
  synth::WrittenFile& file_;
  std::uint64_t lines_ = 0;
};

std::vector<std::string> day_fields(const TreatmentUnit& unit, bool last_line) {
  std::vector<std::string> days(31);
  if (!last_line) return days;
  for (std::size_t d = 0; d < 31; ++d) {
    if (unit.days[d] != 0) days[d] = std::to_string(unit.days[d]);
  }
  return days;
}

// SI (44), IY (44), TO (48) or CO (5) for line `index` of `unit`.
std::vector<std::string> treatment_line(const TreatmentUnit& unit, std::size_t index,
                                        const std::string& identification) {
  const ClinicalItem& item = *unit.lines[index];
  if (unit.comment) {
    return {"CO", identification, "1", item.code, item.value.empty() ? item.name : item.value};
  }
  const bool last = index + 1 == unit.lines.size();
  const std::string points = last ? std::to_string(unit.points) : std::string();
  const std::string count = last ? std::to_string(unit.count) : std::string();
  std::vector<std::string> fields;
  if (item.kind == ItemKind::material) {
    // TO: 単位コード, 単価, 名称 (only for 未コード化 777770000), 商品名, コメント1-3 ×2.
    fields = {"TO",   identification, "1", item.code, item.value,
              points, count,          "",  "",        item.code == "777770000" ? item.name : std::string(),
              ""};
  } else {
    fields = {
        item.kind == ItemKind::drug ? "IY" : "SI", identification, "1", item.code, item.value, points, count};
  }
  fields.resize(fields.size() + 6);  // コメント1-3 (code, text)
  for (std::string& day : day_fields(unit, last)) fields.push_back(std::move(day));
  return fields;
}

}  // namespace

synth::WrittenFile write_uke(const synth::FacilityMonth& fm) {
  const synth::Facility& facility = fm.facility;
  const bool wareki = facility.wareki_dates;
  synth::WrittenFile file;
  file.kind = synth::SourceKind::uke;
  file.relative_path = "uke/" + facility.prefecture_code + "/" + facility.code + "/" +
                       yyyymm(fm.year, fm.month) + "/RECEIPTC.UKE";
  UkeFile out(file);

  const auto [claim_year, claim_month] = claims::following_month(fm.year, fm.month);
  out.line({"IR", std::string(1, claims::payer_organization(fm)), facility.prefecture_code, "1",
            facility.code, "", facility.name, claims::month(claim_year, claim_month, wareki), "00", ""});

  std::int64_t file_points = 0;
  std::uint64_t claim_number = 0;
  for (const synth::SourceRecord& record : fm.records) {
    const synth::RecordedIdentity& id = record.identity;
    const std::vector<TreatmentUnit> units = treatment_units(record.items, fm.year, fm.month);
    const std::int64_t points = total_points(units);
    file_points += points;
    ++claim_number;

    std::vector<std::string> re(38);
    re[0] = "RE";
    re[1] = std::to_string(claim_number);
    re[2] = claims::receipt_kind('1', id, record.inpatient, fm.year, fm.month);
    re[3] = claims::month(fm.year, fm.month, wareki);
    re[4] = claims::name(id);
    re[5] = claims::sex_code(id.sex);
    re[6] = claims::birth_date(id, wareki);
    if (record.inpatient) re[8] = claims::date(record.service_date, wareki);
    re[13] = id.chart_number;
    re[36] = claims::kana_name(id);
    const std::uint64_t re_line = out.line(std::move(re), id.corruption, kReNameField);
    file.records.push_back({re_line, record.person_id, id.error_flags, id.corruption});

    std::vector<std::string> ho(15);
    ho[0] = "HO";
    ho[1] = id.insurer_number;
    ho[2] = id.symbol;
    ho[3] = id.number;
    ho[4] = std::to_string(service_days(record.items, fm.year, fm.month));
    ho[5] = std::to_string(points);
    out.line(std::move(ho));
    if (!id.branch.empty()) out.line({"SN", "1", "01", "", "", "", id.branch, "", ""});

    for (const ClinicalItem& item : record.items) {
      if (item.kind != ItemKind::diagnosis) continue;
      out.line({"SY", item.code, claims::date(item.date, wareki), "1", item.value,
                item.code == "0000999" ? item.name : std::string(), item.main ? "01" : "", ""});
    }

    std::string current_identification;  // 診療識別 carried forward from the previous line
    for (const TreatmentUnit& unit : units) {
      for (std::size_t i = 0; i < unit.lines.size(); ++i) {
        std::string identification;
        if (!unit.identification.empty() && unit.identification != current_identification) {
          identification = unit.identification;
          current_identification = unit.identification;
        }
        out.line(treatment_line(unit, i, identification));
      }
    }
  }

  out.line({"GO", std::to_string(claim_number), std::to_string(file_points), "99"});
  file.bytes.push_back('\x1A');
  return file;
}

}  // namespace nayose::formats
