#include "kernels/synth/facilities.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "kernels/core/stable_hash.hpp"

namespace nayose::synth {
namespace {

using kernels::mix_keys;

double unit(std::uint64_t h) { return kernels::unit_interval(h); }

std::string pad(std::uint64_t value, int width) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s.substr(s.size() - static_cast<std::size_t>(width));
}

std::string key_of(const std::string& code, FacilityKind kind) {
  return code + ":" + std::to_string(static_cast<int>(kind));
}

const char* const kClinicSuffix[] = {"内科クリニック", "医院", "内科医院", "クリニック", "整形外科", "内科・小児科"};
const char* const kHospitalSuffix[] = {"中央病院", "総合病院", "市民病院", "記念病院", "病院"};
const char* const kPharmacyName[] = {"さくら薬局", "あおば薬局", "ひまわり薬局", "中央薬局", "みどり薬局", "駅前薬局"};
const char* const kCareSuffix[] = {"デイサービスセンター", "ケアセンター", "訪問介護ステーション", "介護センター"};

template <std::size_t N>
const char* pick_name(const char* const (&names)[N], std::uint64_t h) {
  return names[h % N];
}

}  // namespace

FacilityCatalog::FacilityCatalog(const Tables& tables, std::uint64_t seed, std::uint64_t persons,
                                 const FacilityDensity& density) {
  // Expected persons per prefecture from the population cells.
  std::map<int, double> pref_population;
  double total = 0;
  for (const auto& cell : tables.population) {
    pref_population[cell.prefecture] += cell.count;
    total += cell.count;
  }
  std::map<std::string, std::vector<const Municipality*>> municipalities_by_pref;
  for (const auto& m : tables.municipalities) municipalities_by_pref[m.prefecture_code].push_back(&m);

  const struct {
    FacilityKind kind;
    double per;
  } kinds[] = {{FacilityKind::clinic, density.persons_per_clinic},
               {FacilityKind::hospital, density.persons_per_hospital},
               {FacilityKind::pharmacy, density.persons_per_pharmacy},
               {FacilityKind::checkup_center, density.persons_per_checkup_center},
               {FacilityKind::care_provider, density.persons_per_care_provider},
               {FacilityKind::death_registry, 0.0}};

  for (const auto& [pref_number, pref_pop] : pref_population) {
    const std::string pref = pad(static_cast<std::uint64_t>(pref_number), 2);
    const auto found = municipalities_by_pref.find(pref);
    if (found == municipalities_by_pref.end() || found->second.empty()) continue;
    const auto& munis = found->second;
    double weight_sum = 0;
    for (const auto* m : munis) weight_sum += m->weight;
    const double expected = static_cast<double>(persons) * pref_pop / total;
    std::uint64_t serial = 0;
    for (const auto& k : kinds) {
      const auto count = k.kind == FacilityKind::death_registry
                             ? std::uint64_t{1}
                             : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(expected / k.per)));
      for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t h = mix_keys(seed, 0xFAC1, static_cast<std::uint64_t>(pref_number) * 16 + static_cast<std::uint64_t>(k.kind), i);
        // Municipality by population weight.
        double target = unit(h) * weight_sum;
        const Municipality* where = munis.back();
        for (const auto* m : munis) {
          target -= m->weight;
          if (target < 0) {
            where = m;
            break;
          }
        }
        Facility f;
        f.id = static_cast<std::uint32_t>(facilities_.size());
        f.kind = k.kind;
        f.prefecture_code = pref;
        f.municipality_code = where->code;
        ++serial;
        // Facility codes are synthetic: unique and well-formed in length, no check digit is claimed.
        const std::string area = where->code.substr(3, 2);
        const std::string seven = area + pad(serial, 4) + pad(serial % 10, 1);
        const std::uint64_t hn = kernels::splitmix64(h);
        switch (k.kind) {
          case FacilityKind::clinic: {
            const auto& s = tables.surnames[hn % std::min<std::size_t>(tables.surnames.size(), 300)];
            f.code = seven;
            f.name = s.kanji + pick_name(kClinicSuffix, hn >> 20);
            f.wareki_dates = unit(kernels::splitmix64(hn)) < density.wareki_clinic_share;
            break;
          }
          case FacilityKind::hospital:
            f.code = seven;
            f.name = where->name + pick_name(kHospitalSuffix, hn);
            f.has_ssmix2 = unit(kernels::splitmix64(hn)) < density.ssmix2_hospital_share;
            break;
          case FacilityKind::pharmacy:
            f.code = seven;
            f.name = std::string(pick_name(kPharmacyName, hn)) + " " + where->name + "店";
            break;
          case FacilityKind::checkup_center:
            f.code = pref + "1" + seven;  // 健診機関番号: pref 2 + 点数表 1 + 7
            f.name = where->prefecture_name + "健診センター" + (i > 0 ? std::to_string(i + 1) : std::string());
            break;
          case FacilityKind::care_provider:
            f.code = pref + "7" + seven;  // 介護事業所番号 (10 digits, synthetic)
            f.name = where->name + pick_name(kCareSuffix, hn);
            break;
          case FacilityKind::death_registry:
            f.code = pref;
            f.name = where->prefecture_name + " 死亡票";
            break;
        }
        facilities_.push_back(std::move(f));
      }
    }
  }
  std::map<std::string, std::vector<std::uint32_t>> by_m;
  std::map<std::string, std::vector<std::uint32_t>> by_p;
  for (const auto& f : facilities_) {
    by_m[key_of(f.municipality_code, f.kind)].push_back(f.id);
    by_p[key_of(f.prefecture_code, f.kind)].push_back(f.id);
  }
  by_municipality_.assign(by_m.begin(), by_m.end());
  by_prefecture_.assign(by_p.begin(), by_p.end());
}

namespace {
std::span<const std::uint32_t> lookup(const std::vector<std::pair<std::string, std::vector<std::uint32_t>>>& index,
                                      const std::string& key) {
  const auto it = std::lower_bound(index.begin(), index.end(), key,
                                   [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it == index.end() || it->first != key) return {};
  return it->second;
}
}  // namespace

std::span<const std::uint32_t> FacilityCatalog::in_municipality(const std::string& municipality_code,
                                                                FacilityKind kind) const {
  return lookup(by_municipality_, key_of(municipality_code, kind));
}

std::span<const std::uint32_t> FacilityCatalog::in_prefecture(const std::string& prefecture_code,
                                                              FacilityKind kind) const {
  const auto found = lookup(by_prefecture_, key_of(prefecture_code, kind));
  if (found.empty()) {
    throw std::out_of_range("no facility of kind " + std::to_string(static_cast<int>(kind)) + " in prefecture " +
                            prefecture_code);
  }
  return found;
}

std::uint32_t FacilityCatalog::pick(const std::string& municipality_code, FacilityKind kind, std::uint64_t key,
                                    double local_share) const {
  const auto local = in_municipality(municipality_code, kind);
  const std::uint64_t h = kernels::splitmix64(key);
  if (!local.empty() && unit(h) < local_share) return local[kernels::splitmix64(h) % local.size()];
  const auto wide = in_prefecture(municipality_code.substr(0, 2), kind);
  return wide[kernels::splitmix64(h ^ 0x5EED) % wide.size()];
}

}  // namespace nayose::synth
