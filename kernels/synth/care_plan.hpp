#pragma once
// Which facilities a person uses in a month and what happens there (the "care plan").
// A pure function of (seed, person, month): chronic patients see their home clinic monthly and
// fill prescriptions at a pharmacy near it; anyone may have an acute visit; some are admitted to
// hospital (claims, and SS-MIX2 messages where the hospital exports them); people aged 40-74 have a
// yearly 特定健診; certified care users have monthly care records; a death produces a death
// certificate at the registry of the prefecture of residence.
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/synth/facilities.hpp"
#include "kernels/synth/model.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::synth {

// Utilisation rates (per person), documented in README "generate".
struct CareRates {
  double acute_visit_per_month = 0.08;     // share of people with an acute clinic visit in a month
  double admission_per_year_75plus = 0.20; // hospital admissions per person-year at 75+ (lower when younger)
  double checkup_participation = 0.56;     // 特定健診 participation, ages 40-74 (national rate ~56%)
  double care_certified_75plus = 0.23;     // share of 75+ with a 要介護/要支援 certification
  double chronic_scale = 1.0;              // scales the age-specific chronic-disease prevalences
};

struct Encounter {
  std::uint32_t facility = 0;
  SourceKind kind = SourceKind::uke;
  Date date;                       // service date (or message / examination / death date)
  bool inpatient = false;
  std::string message_kind;        // SS-MIX2 データ種別
  std::vector<ClinicalItem> items;
};

class CarePlanner {
 public:
  CarePlanner(const Tables& tables, const FacilityCatalog& facilities, std::uint64_t seed, const CareRates& rates,
              Date period_start);
  // Encounters of `person` in calendar month (year, month), in a fixed order.
  std::vector<Encounter> plan_month(const Person& person, int year, int month) const;

 private:
  struct Profile {
    bool hypertension = false;
    bool diabetes = false;
    bool dyslipidemia = false;
    bool orthopedic = false;
    bool checkup = false;
    int checkup_month = 0;   // 1..12
    std::string care_level;  // 要介護状態区分コード, "" if not certified
    std::uint32_t home_clinic = 0;
    std::uint32_t pharmacy = 0;
    std::uint32_t hospital = 0;
    std::uint32_t checkup_center = 0;
    std::uint32_t care_provider = 0;
  };
  Profile profile(const Person& person, const IdentityEpoch& epoch) const;
  void add_items(std::vector<ClinicalItem>& items, ItemKind kind, const std::vector<Code>& table,
                 const std::string& group, std::uint64_t key, int how_many, const Date& date) const;

  const Tables& tables_;
  const FacilityCatalog& facilities_;
  std::uint64_t seed_;
  CareRates rates_;
  Date period_start_;
};

int age_on(const Date& birth, const Date& on);

}  // namespace nayose::synth
