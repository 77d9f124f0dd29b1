#include "kernels/synth/care_plan.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kernels/synth/facilities.hpp"
#include "kernels/synth/population.hpp"

using namespace nayose::synth;

namespace {

PopulationSpec spec_for(std::uint64_t persons) {
  PopulationSpec spec;
  spec.seed = 11;
  spec.persons = persons;
  spec.period_start = {2024, 4, 1};
  spec.period_end = {2025, 4, 1};
  return spec;
}

std::vector<Person> persons_of(const PopulationSpec& spec) {
  const PopulationGenerator generator(Tables::embedded(), spec);
  std::vector<Person> out;
  for (std::uint64_t b = 0; b < generator.blocks(); ++b) {
    for (auto& p : generator.block(b)) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

TEST(FacilityCatalog, EveryPrefectureHasEveryKindAndIdsAreDense) {
  const auto& tables = Tables::embedded();
  const FacilityCatalog catalog(tables, 3, 5000, FacilityDensity{});
  std::map<std::string, std::set<FacilityKind>> kinds;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const auto& f = catalog.at(static_cast<std::uint32_t>(i));
    EXPECT_EQ(f.id, i);
    EXPECT_FALSE(f.code.empty());
    EXPECT_EQ(f.municipality_code.substr(0, 2), f.prefecture_code);
    kinds[f.prefecture_code].insert(f.kind);
  }
  EXPECT_EQ(kinds.size(), 47U);
  for (const auto& [pref, set] : kinds) {
    EXPECT_EQ(set.size(), 6U) << pref;
  }
  // Same inputs, same catalog; more persons, more clinics.
  const FacilityCatalog again(tables, 3, 5000, FacilityDensity{});
  ASSERT_EQ(again.size(), catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    EXPECT_EQ(again.at(static_cast<std::uint32_t>(i)).code, catalog.at(static_cast<std::uint32_t>(i)).code);
  }
  // 5,000 persons get the minimum (one of each kind per prefecture, 282); 500,000 get ~420 clinics more.
  EXPECT_GT(FacilityCatalog(tables, 3, 500000, FacilityDensity{}).size(), catalog.size() * 3);
}

TEST(CarePlanner, PlansArePureAndPlausible) {
  const auto spec = spec_for(4000);
  const auto persons = persons_of(spec);
  const auto& tables = Tables::embedded();
  const FacilityCatalog catalog(tables, spec.seed, spec.persons, FacilityDensity{});
  const CarePlanner planner(tables, catalog, spec.seed, CareRates{}, spec.period_start);
  std::map<SourceKind, std::size_t> by_kind;
  std::size_t deaths = 0;
  std::size_t death_certificates = 0;
  for (const auto& person : persons) {
    if (!person.death.empty()) ++deaths;
    for (int m = 0; m < 12; ++m) {
      const int year = m < 9 ? 2024 : 2025;
      const int month = (m + 3) % 12 + 1;
      const auto plan = planner.plan_month(person, year, month);
      const auto again = planner.plan_month(person, year, month);
      ASSERT_EQ(plan.size(), again.size());
      for (std::size_t i = 0; i < plan.size(); ++i) {
        EXPECT_EQ(plan[i].facility, again[i].facility);
        EXPECT_EQ(plan[i].date, again[i].date);
        EXPECT_EQ(plan[i].items.size(), again[i].items.size());
        // Nothing happens before birth or after death, and the date is in the month.
        EXPECT_GE(plan[i].date, person.birth);
        if (!person.death.empty()) {
          EXPECT_LE(plan[i].date, person.death);
        }
        EXPECT_EQ(plan[i].date.month, month);
        ++by_kind[plan[i].kind];
        if (plan[i].kind == SourceKind::death) ++death_certificates;
      }
    }
  }
  EXPECT_EQ(death_certificates, deaths) << "one certificate per death in the period";
  for (const auto kind : {SourceKind::uke, SourceKind::cyo, SourceKind::ssmix2, SourceKind::checkup, SourceKind::care}) {
    EXPECT_GT(by_kind[kind], 0U) << static_cast<int>(kind);
  }
  // Roughly a claim per person-month or so, not an explosion.
  EXPECT_GT(by_kind[SourceKind::uke], persons.size() * 3);
  EXPECT_LT(by_kind[SourceKind::uke], persons.size() * 12);
}
