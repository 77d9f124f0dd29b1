#include "src/formats/cyo_writer.hpp"

#include <set>
#include <string>
#include <vector>

#include "src/formats/claims.hpp"
#include "src/formats/delimited.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

using synth::ClinicalItem;
using synth::Corruption;
using synth::ItemKind;

constexpr std::size_t kReNameField = 4;  // RE 氏名 (第4項目 after the id), 0-based with the id

// One prescription (Rp): the drug items of one day with one 診療識別.
struct Prescription {
  synth::Date date;
  std::string identification;
  std::vector<const ClinicalItem*> drugs;
  const ClinicalItem* preparation = nullptr;  // 薬剤調製料: a procedure item of the same day
};

std::vector<Prescription> prescriptions(const std::vector<ClinicalItem>& items) {
  std::vector<Prescription> rps;
  for (const ClinicalItem& item : items) {
    if (item.kind != ItemKind::drug) continue;
    Prescription* rp = nullptr;
    for (Prescription& existing : rps) {
      if (existing.date == item.date && existing.identification == item.extra) rp = &existing;
    }
    if (rp == nullptr) rp = &rps.emplace_back(Prescription{item.date, item.extra, {}, nullptr});
    rp->drugs.push_back(&item);
  }
  std::set<const ClinicalItem*> used;
  for (Prescription& rp : rps) {
    for (const ClinicalItem& item : items) {
      if (item.kind == ItemKind::procedure && item.date == rp.date && used.insert(&item).second) {
        rp.preparation = &item;
        break;
      }
    }
  }
  return rps;
}

// SH 剤形 from the 医科 診療識別 of the drugs: 内服 1, 屯服 3, 外用 5 (code list unverified, README).
std::string dosage_form(const std::string& identification) {
  if (identification == "22") return "3";
  if (identification == "23") return "5";
  return "1";
}

std::int64_t unit_drug_points(const Prescription& rp) {
  std::int64_t points = 0;
  for (const ClinicalItem* drug : rp.drugs) points += drug->points;
  return points;
}

std::int64_t dispensed_quantity(const Prescription& rp) {
  return rp.drugs.front()->count;
}

std::int64_t claim_points(const std::vector<Prescription>& rps) {
  std::int64_t total = 0;
  for (const Prescription& rp : rps) {
    total += unit_drug_points(rp) * dispensed_quantity(rp);
    if (rp.preparation != nullptr) total += rp.preparation->points;
  }
  return total;
}

std::size_t receptions(const std::vector<Prescription>& rps) {
  std::set<synth::Date> days;
  for (const Prescription& rp : rps) days.insert(rp.date);
  return days.empty() ? 1 : days.size();
}

}  // namespace

synth::WrittenFile write_cyo(const synth::FacilityMonth& fm) {
  const synth::Facility& pharmacy = fm.facility;
  const bool wareki = pharmacy.wareki_dates;
  synth::WrittenFile file;
  file.kind = synth::SourceKind::cyo;
  file.relative_path = "cyo/" + pharmacy.prefecture_code + "/" + pharmacy.code + "/" +
                       yyyymm(fm.year, fm.month) + "/RECEIPTY.CYO";
  std::uint64_t lines = 0;
  const auto line = [&](std::vector<std::string> fields, Corruption corruption = Corruption::none,
                        std::size_t name_field = 0) {
    file.bytes += encode_delimited_line(std::move(fields), LineEncoding::cp932, corruption, name_field);
    return ++lines;
  };

  const auto [claim_year, claim_month] = claims::following_month(fm.year, fm.month);
  line({"YK", std::string(1, claims::payer_organization(fm)), pharmacy.prefecture_code, "4", pharmacy.code,
        pharmacy.name, claims::month(claim_year, claim_month, wareki), "00", ""});

  std::int64_t file_points = 0;
  std::uint64_t claim_number = 0;
  for (const synth::SourceRecord& record : fm.records) {
    const synth::RecordedIdentity& id = record.identity;
    const std::vector<Prescription> rps = prescriptions(record.items);
    const std::int64_t points = claim_points(rps);
    file_points += points;
    ++claim_number;

    std::vector<std::string> re(42);
    re[0] = "RE";
    re[1] = std::to_string(claim_number);
    re[2] = claims::receipt_kind('4', id, record.inpatient, fm.year, fm.month);
    re[3] = claims::month(fm.year, fm.month, wareki);
    re[4] = claims::name(id);
    re[5] = claims::sex_code(id.sex);
    re[6] = claims::birth_date(id, wareki);
    re[35] = id.chart_number;  // 調剤録番号等
    re[41] = claims::kana_name(id);
    const std::uint64_t re_line = line(std::move(re), id.corruption, kReNameField);
    file.records.push_back({re_line, record.person_id, id.error_flags, id.corruption});

    std::vector<std::string> ho(14);
    ho[0] = "HO";
    ho[1] = id.insurer_number;
    ho[2] = id.symbol;
    ho[3] = id.number;
    ho[4] = std::to_string(receptions(rps));
    ho[5] = std::to_string(points);
    line(std::move(ho));
    if (!id.branch.empty()) line({"SN", "1", "01", "", "", "", id.branch, "", ""});

    for (std::size_t k = 0; k < rps.size(); ++k) {
      const Prescription& rp = rps[k];
      const std::string number = zero_padded(k + 1, 2);
      const std::int64_t unit_points = unit_drug_points(rp);
      line({"SH", number, dosage_form(rp.identification), "", "", std::to_string(unit_points), "", "", "",
            ""});

      std::vector<std::string> cz(71);
      cz[0] = "CZ";
      cz[1] = "1";
      cz[2] = claims::date(rp.date, wareki);
      cz[3] = claims::date(rp.date, wareki);
      cz[4] = "1";
      cz[5] = std::to_string(dispensed_quantity(rp));
      if (rp.preparation != nullptr) {
        cz[6] = "1";
        cz[7] = "1";
        cz[8] = number;
        cz[9] = rp.preparation->code;
        cz[10] = std::to_string(rp.preparation->points);
      }
      cz[13] = std::to_string(unit_points * dispensed_quantity(rp));
      line(std::move(cz));

      for (const ClinicalItem* drug : rp.drugs)
        line({"IY", "1", drug->code, drug->value, "", "", "", "", "", ""});
    }
    for (const ClinicalItem& item : record.items) {
      if (item.kind == ItemKind::comment)
        line({"CO", item.code, item.value.empty() ? item.name : item.value});
    }
  }

  line({"GO", std::to_string(claim_number), std::to_string(file_points), "99"});
  file.bytes.push_back('\x1A');
  return file;
}

}  // namespace nayose::formats
