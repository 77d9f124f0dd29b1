#include "kernels/synth/care_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kernels/core/stable_hash.hpp"

namespace nayose::synth {
namespace {

using kernels::mix_keys;
double unit(std::uint64_t h) { return kernels::unit_interval(h); }

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

Date make_date(int year, int month, int day) {
  return Date{static_cast<std::int16_t>(year), static_cast<std::int8_t>(month), static_cast<std::int8_t>(day)};
}

// Age-specific prevalence, piecewise linear in age (rough national shapes; see README "generate").
double prevalence(int age, double at40, double at60, double at80) {
  if (age < 30) return 0.0;
  if (age < 40) return at40 * (age - 30) / 10.0;
  if (age < 60) return at40 + (at60 - at40) * (age - 40) / 20.0;
  if (age < 80) return at60 + (at80 - at60) * (age - 60) / 20.0;
  return at80;
}

// Sets the fields the writers read (src/formats/README.md "What the writers read from ClinicalItem")
// on items [from, end) of a list.
template <typename Fn>
void shape(std::vector<ClinicalItem>& items, std::size_t from, Fn&& fn) {
  for (std::size_t i = from; i < items.size(); ++i) fn(items[i], i - from);
}

// 医科 drug line 点数: price (yen x 100 in the table) x quantity / 10 yen per point, at least 1.
std::int32_t drug_points(std::int32_t price_x100, int quantity) {
  return std::max<std::int32_t>(1, static_cast<std::int32_t>((static_cast<std::int64_t>(price_x100) * quantity + 999) / 1000));
}

std::string format_value(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

int age_on(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

CarePlanner::CarePlanner(const Tables& tables, const FacilityCatalog& facilities, std::uint64_t seed,
                         const CareRates& rates, Date period_start)
    : tables_(tables), facilities_(facilities), seed_(seed), rates_(rates), period_start_(period_start) {}

CarePlanner::Profile CarePlanner::profile(const Person& person, const IdentityEpoch& epoch) const {
  Profile p;
  const int age = age_on(person.birth, period_start_);
  const auto draw = [&](std::uint64_t what) { return unit(mix_keys(seed_, 0xC0DE, person.id, what)); };
  p.hypertension = draw(1) < rates_.chronic_scale * prevalence(age, 0.10, 0.40, 0.60);
  p.diabetes = draw(2) < rates_.chronic_scale * prevalence(age, 0.02, 0.10, 0.16);
  p.dyslipidemia = draw(3) < rates_.chronic_scale * prevalence(age, 0.06, 0.22, 0.25);
  p.orthopedic = draw(4) < rates_.chronic_scale * prevalence(age, 0.02, 0.08, 0.18);
  p.checkup = age >= 40 && age <= 74 && draw(5) < rates_.checkup_participation;
  p.checkup_month = 6 + static_cast<int>(mix_keys(seed_, 0xC0DE, person.id, 6) % 6);  // June-November
  if (age >= 65) {
    const double share = age >= 85 ? 0.55 : (age >= 75 ? rates_.care_certified_75plus * 0.7 : 0.03);
    if (draw(7) < share) {
      static const char* const levels[] = {"12", "13", "21", "22", "23", "24", "25"};
      p.care_level = levels[mix_keys(seed_, 0xC0DE, person.id, 8) % 7];
    }
  }
  const std::string& muni = epoch.address.municipality_code;
  const std::uint64_t k = mix_keys(seed_, 0xFAC, person.id);
  p.home_clinic = facilities_.pick(muni, FacilityKind::clinic, k ^ 1);
  p.pharmacy = facilities_.pick(facilities_.at(p.home_clinic).municipality_code, FacilityKind::pharmacy, k ^ 2, 0.95);
  p.hospital = facilities_.pick(muni, FacilityKind::hospital, k ^ 3, 0.5);
  p.checkup_center = facilities_.pick(muni, FacilityKind::checkup_center, k ^ 4, 0.3);
  p.care_provider = facilities_.pick(muni, FacilityKind::care_provider, k ^ 5, 0.9);
  return p;
}

void CarePlanner::add_items(std::vector<ClinicalItem>& items, ItemKind kind, const std::vector<Code>& table,
                            const std::string& group, std::uint64_t key, int how_many, const Date& date) const {
  const auto codes = tables_.group(table, group);
  if (codes.empty()) return;
  for (int i = 0; i < how_many; ++i) {
    const auto& c = codes[kernels::splitmix64(key + static_cast<std::uint64_t>(i)) % codes.size()];
    ClinicalItem item;
    item.kind = kind;
    item.code = c.code;
    item.name = c.name;
    item.unit = c.unit;
    item.points = c.points;
    item.date = date;
    item.extra = c.icd10;
    items.push_back(std::move(item));
  }
}

std::vector<Encounter> CarePlanner::plan_month(const Person& person, int year, int month) const {
  std::vector<Encounter> out;
  const Date first = make_date(year, month, 1);
  const Date last = make_date(year, month, days_in_month(year, month));
  if (person.birth > last) return out;
  if (!person.death.empty() && person.death < first) return out;
  const IdentityEpoch& epoch = person.epoch_at(first < person.birth ? person.birth : first);
  const Profile p = profile(person, epoch);
  const int age = age_on(person.birth, first);
  const auto month_key = static_cast<std::uint64_t>(year * 12 + month);
  const auto day_in_month = [&](std::uint64_t what) {
    int lo = 1;
    if (person.birth.year == year && person.birth.month == month) lo = person.birth.day;
    int hi = days_in_month(year, month);
    if (!person.death.empty() && person.death.year == year && person.death.month == month) hi = person.death.day;
    if (hi < lo) hi = lo;
    return make_date(year, month, lo + static_cast<int>(mix_keys(seed_, person.id, month_key, what) % static_cast<std::uint64_t>(hi - lo + 1)));
  };

  // Chronic care: monthly at the home clinic, prescriptions at the pharmacy near it.
  const bool chronic = p.hypertension || p.diabetes || p.dyslipidemia || p.orthopedic;
  if (chronic) {
    Encounter visit;
    visit.facility = p.home_clinic;
    visit.kind = SourceKind::uke;
    visit.date = day_in_month(1);
    Encounter rx;
    rx.facility = p.pharmacy;
    rx.kind = SourceKind::cyo;
    rx.date = visit.date;
    const std::uint64_t base = mix_keys(seed_, 0xD1A6, person.id);
    const struct {
      bool has;
      const char* group;
    } conditions[] = {{p.hypertension, "hypertension"}, {p.diabetes, "diabetes"},
                      {p.dyslipidemia, "dyslipidemia"}, {p.orthopedic, "orthopedic"}};
    for (std::size_t c = 0; c < 4; ++c) {
      if (!conditions[c].has) continue;
      // The diagnosis and its drug are fixed per person; the diagnosis started before the period.
      add_items(visit.items, ItemKind::diagnosis, tables_.diagnoses, conditions[c].group, base + c, 1,
                make_date(period_start_.year - 1 - static_cast<int>(base % 5), 1 + static_cast<int>(base % 12), 1));
      add_items(rx.items, ItemKind::drug, tables_.drugs, std::string("oral_drug:") + conditions[c].group,
                base + 16 + c, 1, visit.date);
    }
    if (!visit.items.empty()) visit.items.front().main = true;
    for (const auto& [group, shikibetsu] : {std::pair<const char*, const char*>{"revisit", "12"}, {"management", "13"},
                                            {"prescription", "80"}}) {
      const std::size_t from = visit.items.size();
      add_items(visit.items, ItemKind::procedure, tables_.procedures, group, base, 1, visit.date);
      shape(visit.items, from, [code = shikibetsu](ClinicalItem& item, std::size_t) { item.extra = code; });
    }
    // 調剤: one Rp per drug, 28 days, one unit a day.
    shape(rx.items, 0, [&](ClinicalItem& item, std::size_t i) {
      item.extra = std::to_string(i + 1);
      item.count = 28;
      item.value = "1";
    });
    out.push_back(std::move(visit));
    if (!rx.items.empty()) out.push_back(std::move(rx));
  }

  // Acute illness: a first visit at a nearby clinic, often with a prescription.
  const double acute_rate = rates_.acute_visit_per_month * (age < 10 ? 2.0 : (age >= 70 ? 1.5 : 1.0));
  if (unit(mix_keys(seed_, 0xAC07E, person.id, month_key)) < acute_rate) {
    Encounter visit;
    visit.facility = facilities_.pick(epoch.address.municipality_code, FacilityKind::clinic,
                                      mix_keys(seed_, 0xAC, person.id, month_key), 0.9);
    visit.kind = SourceKind::uke;
    visit.date = day_in_month(2);
    const std::uint64_t k = mix_keys(seed_, 0xAC1, person.id, month_key);
    add_items(visit.items, ItemKind::diagnosis, tables_.diagnoses, "acute", k, 1, visit.date);
    if (!visit.items.empty()) visit.items.front().main = true;
    for (const auto& [group, shikibetsu] : {std::pair<const char*, const char*>{"first_visit", "11"}, {"prescription", "80"}}) {
      const std::size_t from = visit.items.size();
      add_items(visit.items, ItemKind::procedure, tables_.procedures, group, k, 1, visit.date);
      shape(visit.items, from, [code = shikibetsu](ClinicalItem& item, std::size_t) { item.extra = code; });
    }
    Encounter rx;
    rx.facility = facilities_.pick(facilities_.at(visit.facility).municipality_code, FacilityKind::pharmacy, k, 0.95);
    rx.kind = SourceKind::cyo;
    rx.date = visit.date;
    add_items(rx.items, ItemKind::drug, tables_.drugs, "oral_drug:acute", k, 1 + static_cast<int>(k % 2), visit.date);
    shape(rx.items, 0, [&](ClinicalItem& item, std::size_t i) {
      item.extra = std::to_string(i + 1);
      item.count = 5;
      item.value = "3";
    });
    out.push_back(std::move(visit));
    if (!rx.items.empty()) out.push_back(std::move(rx));
  }

  // Hospital stays: admission claims, and SS-MIX2 messages where the hospital exports them.
  const double admission_per_year =
      rates_.admission_per_year_75plus * (age >= 75 ? 1.0 : (age >= 65 ? 0.45 : (age >= 40 ? 0.15 : 0.06)));
  if (unit(mix_keys(seed_, 0xADA1, person.id, month_key)) < admission_per_year / 12.0) {
    const Facility& hospital = facilities_.at(p.hospital);
    const Date admitted = day_in_month(3);
    const std::uint64_t k = mix_keys(seed_, 0xADA2, person.id, month_key);
    Encounter claim;
    claim.facility = hospital.id;
    claim.kind = SourceKind::uke;
    claim.date = admitted;
    claim.inpatient = true;
    add_items(claim.items, ItemKind::diagnosis, tables_.diagnoses, "inpatient", k, 1, admitted);
    if (!claim.items.empty()) claim.items.front().main = true;
    std::size_t from = claim.items.size();
    add_items(claim.items, ItemKind::procedure, tables_.procedures, "inpatient", k, 2, admitted);
    shape(claim.items, from, [&](ClinicalItem& item, std::size_t) { item.extra = "90"; });
    from = claim.items.size();
    add_items(claim.items, ItemKind::procedure, tables_.procedures, "lab_test", k, 1, admitted);
    shape(claim.items, from, [&](ClinicalItem& item, std::size_t) { item.extra = "60"; });
    from = claim.items.size();
    add_items(claim.items, ItemKind::drug, tables_.drugs, "oral_drug:inpatient", k, 1, admitted);
    shape(claim.items, from, [&](ClinicalItem& item, std::size_t) {
      item.extra = "21";
      item.value = "3";
      item.points = drug_points(item.points, 3);
    });
    if (hospital.has_ssmix2) {
      Encounter adt{hospital.id, SourceKind::ssmix2, admitted, true, "ADT-00", {}};
      Encounter ppr{hospital.id, SourceKind::ssmix2, admitted, true, "PPR-01", {}};
      for (const auto& item : claim.items) {
        if (item.kind == ItemKind::diagnosis) ppr.items.push_back(item);
      }
      Encounter omp{hospital.id, SourceKind::ssmix2, admitted, true, "OMP-01", {}};
      add_items(omp.items, ItemKind::drug, tables_.drugs, "oral_drug:inpatient", k, 1, admitted);
      shape(omp.items, 0, [&](ClinicalItem& item, std::size_t) {
        item.value = "1";
        item.count = 7;
        item.extra.clear();
      });
      Encounter oml{hospital.id, SourceKind::ssmix2, admitted, true, "OML-11", {}};
      add_items(oml.items, ItemKind::lab, tables_.lab_items, "lab_core", k, 4, admitted);
      for (auto& item : oml.items) {
        const double v = 50 + unit(mix_keys(seed_, k, std::hash<std::string>{}(item.code))) * 100;
        item.value = format_value(item.unit == "%" ? 4.5 + v / 40 : v, 1);
      }
      out.push_back(std::move(adt));
      if (!ppr.items.empty()) out.push_back(std::move(ppr));
      if (!omp.items.empty()) out.push_back(std::move(omp));
      if (!oml.items.empty()) out.push_back(std::move(oml));
    }
    out.push_back(std::move(claim));
  }

  // 特定健診 once a year (ages 40-74) in the person's check-up month.
  if (p.checkup && month == p.checkup_month) {
    Encounter exam;
    exam.facility = p.checkup_center;
    exam.kind = SourceKind::checkup;
    exam.date = day_in_month(4);
    const auto items = tables_.group(tables_.checkup_items, "checkup_core");
    const std::uint64_t k = mix_keys(seed_, 0xC4EC, person.id, month_key);
    const bool male = person.sex == Sex::male;
    const double height = (male ? 170.0 : 157.0) - 0.08 * (age - 40) + 6 * (unit(k) - 0.5);
    const double bmi = 20.0 + 6.0 * unit(kernels::splitmix64(k)) + (p.diabetes ? 2.5 : 0.0);
    const double weight = bmi * height * height / 10000.0;
    for (const auto& c : items) {
      ClinicalItem item;
      item.kind = ItemKind::checkup;
      item.code = c.code;
      item.name = c.name;
      item.unit = c.unit;
      item.date = exam.date;
      const double u = unit(mix_keys(k, std::hash<std::string>{}(c.code)));
      const std::string& name = c.name;
      if (name.find("尿") != std::string::npos) {
        // Coded result (1 −, 2 ±, 3 1+, ...) in the 尿 code system (DOMAIN §3.3).
        item.value = u < 0.85 ? "1" : (u < 0.95 ? "2" : "3");
        item.extra = "1.2.392.200119.6.2102";
      } else if (name.find("身長") != std::string::npos) item.value = format_value(height, 1);
      else if (name.find("体重") != std::string::npos) item.value = format_value(weight, 1);
      else if (name.find("BMI") != std::string::npos) item.value = format_value(bmi, 1);
      else if (name.find("腹囲") != std::string::npos) item.value = format_value(bmi * 3.9 + 4 * u, 1);
      else if (name.find("収縮期") != std::string::npos) item.value = format_value(110 + age * 0.4 + (p.hypertension ? 15 : 0) + 20 * u, 0);
      else if (name.find("拡張期") != std::string::npos) item.value = format_value(65 + age * 0.15 + (p.hypertension ? 8 : 0) + 12 * u, 0);
      else if (name.find("HbA1c") != std::string::npos) item.value = format_value((p.diabetes ? 6.8 : 5.4) + 0.8 * u, 1);
      else if (name.find("血糖") != std::string::npos) item.value = format_value((p.diabetes ? 140 : 90) + 25 * u, 0);
      else if (name.find("HDL") != std::string::npos) item.value = format_value((male ? 50 : 62) + 20 * u, 0);
      else if (name.find("LDL") != std::string::npos) item.value = format_value((p.dyslipidemia ? 150 : 110) + 40 * u, 0);
      else if (name.find("中性脂肪") != std::string::npos) item.value = format_value((p.dyslipidemia ? 180 : 100) + 60 * u, 0);
      else item.value = format_value(10 + 30 * u, 0);
      exam.items.push_back(std::move(item));
    }
    if (!exam.items.empty()) out.push_back(std::move(exam));
  }

  // Long-term care: one record a month for certified people.
  if (!p.care_level.empty()) {
    Encounter care;
    care.facility = p.care_provider;
    care.kind = SourceKind::care;
    care.date = first;
    ClinicalItem level;
    level.kind = ItemKind::care_level;
    level.code = p.care_level;
    level.date = first;
    care.items.push_back(level);
    out.push_back(std::move(care));
  }

  // Death: a certificate at the registry of the prefecture of residence.
  if (!person.death.empty() && person.death.year == year && person.death.month == month) {
    const auto registries = facilities_.in_prefecture(epoch.address.prefecture_code, FacilityKind::death_registry);
    Encounter death;
    death.facility = registries.front();
    death.kind = SourceKind::death;
    death.date = person.death;
    const std::uint64_t k = mix_keys(seed_, 0xDEAD, person.id);
    add_items(death.items, ItemKind::death_cause, tables_.death_causes, "death_cause", k, 1, person.death);
    shape(death.items, 0, [&](ClinicalItem& item, std::size_t) {
      const std::uint64_t h = kernels::splitmix64(k);
      char hhmm[8];
      std::snprintf(hhmm, sizeof hhmm, "%02d%02d", static_cast<int>(h % 24), static_cast<int>((h >> 8) % 60));
      item.value = hhmm;
      // 死亡したところの種別: 1 病院 (~65%), 6 自宅 (~17%), 5 老人ホーム (~10%), 3 介護施設, 2 診療所, 7 その他.
      const double u = unit(kernels::splitmix64(h));
      item.extra = u < 0.65 ? "1" : u < 0.82 ? "6" : u < 0.92 ? "5" : u < 0.96 ? "3" : u < 0.98 ? "2" : "7";
    });
    out.push_back(std::move(death));
  }
  return out;
}

}  // namespace nayose::synth
