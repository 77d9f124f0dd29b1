#include "kernels/synth/population.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "kernels/synth/check_digits.hpp"

namespace nayose::synth {
namespace {

Date d(int y, int m, int dd) {
  return Date{static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(dd)};
}

std::string text(const Date& x) {
  return std::to_string(x.year) + "-" + std::to_string(x.month) + "-" + std::to_string(x.day);
}

int age_on(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

// Every field of a person, for byte comparisons.
std::string serialize(const Person& p) {
  std::ostringstream o;
  o << p.id << '|' << p.household << '|' << static_cast<int>(p.sex) << '|' << text(p.birth) << '|' << text(p.death) << '|'
    << p.twin_of << '|' << p.lookalike_of << '|' << p.same_name_parent << '\n';
  for (const IdentityEpoch& e : p.epochs) {
    o << ' ' << text(e.from) << '|' << text(e.until) << '|' << e.name.kanji_surname << '|' << e.name.kanji_given << '|'
      << e.name.kana_surname << '|' << e.name.kana_given << '|' << e.address.municipality_code << '|'
      << e.address.prefecture_code << '|' << e.address.postal_code << '|' << e.address.text << '|'
      << static_cast<int>(e.insurance.scheme) << '|' << e.insurance.insurer_number << '|' << e.insurance.symbol << '|'
      << e.insurance.number << '|' << e.insurance.branch << '|' << e.care_insured_number << '\n';
  }
  for (const PersonEvent& e : p.events) o << " ev" << static_cast<int>(e.kind) << '@' << text(e.date) << '\n';
  return o.str();
}

std::string serialize(const std::vector<Person>& persons) {
  std::string out;
  for (const Person& p : persons) out += serialize(p);
  return out;
}

PopulationSpec spec_of(std::uint64_t persons, std::uint64_t seed = 20240401) {
  PopulationSpec spec;
  spec.seed = seed;
  spec.persons = persons;
  spec.period_start = d(2024, 4, 1);
  spec.period_end = d(2025, 4, 1);
  return spec;
}

bool is_big_city(const Tables& t, const std::string& code) {
  const Municipality& m = t.municipality(code);
  return m.city_code != m.code || (m.code.compare(0, 2, "13") == 0 && m.code < "132000");
}

// ~100k persons generated once for the statistical tests.
class Population : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kPersons = 100'000;
  static void SetUpTestSuite() {
    spec_ = new PopulationSpec(spec_of(kPersons));
    generator_ = new PopulationGenerator(Tables::embedded(), *spec_);
    const std::uint64_t blocks = generator_->blocks();
    std::vector<std::vector<Person>> parts(blocks);
    tbb::parallel_for(std::uint64_t{0}, blocks, [&](std::uint64_t b) { parts[b] = generator_->block(b); });
    people_ = new std::vector<Person>();
    for (auto& part : parts) {
      for (auto& p : part) people_->push_back(std::move(p));
    }
  }
  static void TearDownTestSuite() {
    delete people_;
    delete generator_;
    delete spec_;
  }
  static const std::vector<Person>& people() { return *people_; }
  static const PopulationSpec& spec() { return *spec_; }
  static const PopulationGenerator& generator() { return *generator_; }
  static bool alive_at_start(const Person& p) { return p.birth < spec().period_start; }

  static PopulationSpec* spec_;
  static PopulationGenerator* generator_;
  static std::vector<Person>* people_;
};
PopulationSpec* Population::spec_ = nullptr;
PopulationGenerator* Population::generator_ = nullptr;
std::vector<Person>* Population::people_ = nullptr;

TEST_F(Population, IdsAreDenseAndBlocked) {
  ASSERT_EQ(people().size(), kPersons);
  for (std::size_t i = 0; i < people().size(); ++i) ASSERT_EQ(people()[i].id, i);
  EXPECT_EQ(generator().blocks(), (kPersons + kBlockPersons - 1) / kBlockPersons);
  const auto last = generator().block(generator().blocks() - 1);
  EXPECT_EQ(last.size(), kPersons % kBlockPersons);
  EXPECT_EQ(last.front().id, (generator().blocks() - 1) * kBlockPersons);
  EXPECT_THROW(generator().block(generator().blocks()), std::invalid_argument);
}

TEST_F(Population, Report) {
  // Printed for the record (see the component report); the assertions are in the tests below.
  std::map<std::string, std::uint64_t> c;
  for (const Person& p : people()) {
    c["persons"]++;
    if (!alive_at_start(p)) c["born_in_period"]++;
    if (!p.death.empty()) c["died"]++;
    if (p.twin_of != UINT64_MAX) c["twins"]++;
    if (p.lookalike_of != UINT64_MAX) c["lookalikes"]++;
    if (p.same_name_parent != UINT64_MAX) c["same_name_sons"]++;
    if (p.epochs.front().from < spec().period_start) c["maiden_epochs"]++;
    for (const PersonEvent& e : p.events) c["event_" + std::to_string(static_cast<int>(e.kind))]++;
    c["scheme_" + std::to_string(static_cast<int>(p.epochs.back().insurance.scheme))]++;
    c["epochs"] += p.epochs.size();
  }
  std::map<std::uint64_t, int> household_size;
  for (const Person& p : people()) {
    if (alive_at_start(p)) household_size[p.household]++;
  }
  std::map<int, int> sizes;
  for (const auto& [h, n] : household_size) sizes[std::min(n, 6)]++;
  std::map<std::uint64_t, std::vector<const Person*>> by_household;
  for (const Person& p : people()) {
    if (alive_at_start(p)) by_household[p.household].push_back(&p);
  }
  std::map<std::string, int> alone;
  for (const auto& [h, members] : by_household) {
    if (members.size() != 1) continue;
    const Person& p = *members.front();
    const int a = age_on(p.birth, spec().period_start);
    alone[std::string(p.sex == Sex::male ? "M" : "F") + std::to_string(std::min(a / 10 * 10, 90))]++;
  }
  for (const auto& [k, v] : alone) std::printf("  alone %-4s %d\n", k.c_str(), v);
  std::printf("  mean household size %.2f\n", static_cast<double>(kPersons - c["born_in_period"]) / static_cast<double>(by_household.size()));
  for (const auto& [k, v] : c) std::printf("  %-16s %llu\n", k.c_str(), static_cast<unsigned long long>(v));
  for (const auto& [n, count] : sizes) {
    std::printf("  households of %d%s: %d (%.1f%%)\n", n, n == 6 ? "+" : "", count,
                100.0 * count / static_cast<double>(household_size.size()));
  }
}


// ------------------------------------------------------------------------------------------------
// determinism and purity

TEST(PopulationDeterminism, SameOutputTwiceAndUnderEveryThreadCount) {
  const PopulationSpec spec = spec_of(5000, 7);
  const std::string reference = serialize(generate_block(Tables::embedded(), spec, 2));
  EXPECT_EQ(serialize(generate_block(Tables::embedded(), spec, 2)), reference);
  for (const int threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    PopulationGenerator generator(Tables::embedded(), spec);
    EXPECT_EQ(serialize(generator.block(2)), reference) << threads << " threads";
  }
  EXPECT_NE(serialize(generate_block(Tables::embedded(), spec_of(5000, 8), 2)), reference);
}

TEST(PopulationDeterminism, BlockAloneEqualsBlockInsideARun) {
  const PopulationSpec spec = spec_of(20 * kBlockPersons + 300, 11);
  PopulationGenerator generator(Tables::embedded(), spec);
  std::vector<std::string> run(generator.blocks());
  tbb::parallel_for(std::uint64_t{0}, generator.blocks(), [&](std::uint64_t b) { run[b] = serialize(generator.block(b)); });
  for (const std::uint64_t b : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{13}, generator.blocks() - 1}) {
    EXPECT_EQ(serialize(generate_block(Tables::embedded(), spec, b)), run[b]) << "block " << b;
  }
}

TEST(PopulationSpecValidation, ReportsEveryProblemAtOnce) {
  PopulationSpec spec = spec_of(0);
  spec.period_end = d(2023, 1, 1);
  spec.rates.twin_delivery_share = 2;
  spec.rates.moves_per_year = -1;
  const auto errors = validate(spec);
  EXPECT_EQ(errors.size(), 4U);
  EXPECT_THROW(generate_block(Tables::embedded(), spec, 0), std::invalid_argument);
  EXPECT_TRUE(validate(spec_of(10)).empty());
}

TEST(PopulationSmall, TinyPopulationsWork) {
  for (const std::uint64_t n : {1U, 2U, 127U, 129U, 1023U}) {
    const auto people = generate_block(Tables::embedded(), spec_of(n, n), 0);
    ASSERT_EQ(people.size(), n);
    for (const Person& p : people) EXPECT_FALSE(p.epochs.empty());
  }
}

// ------------------------------------------------------------------------------------------------
// invariants of every person

TEST_F(Population, EpochsAreOrderedContiguousAndComplete) {
  const Date start = spec().period_start;
  const Date end = spec().period_end;
  for (const Person& p : people()) {
    ASSERT_FALSE(p.epochs.empty()) << p.id;
    const Date expected_first = alive_at_start(p) ? start : p.birth;
    const IdentityEpoch& first = p.epochs.front();
    if (first.from < start) {
      EXPECT_GE(first.from, p.birth);  // a maiden-name epoch before the period
      ASSERT_GE(p.epochs.size(), 2U);
      EXPECT_LT(p.epochs[1].from, start);
      EXPECT_NE(p.epochs[0].name.kanji_surname, p.epochs[1].name.kanji_surname) << p.id;
    } else {
      EXPECT_EQ(first.from, expected_first) << p.id;
    }
    for (std::size_t i = 0; i + 1 < p.epochs.size(); ++i) {
      EXPECT_LT(p.epochs[i].from, p.epochs[i + 1].from) << p.id;
      EXPECT_EQ(p.epochs[i].until, p.epochs[i + 1].from) << p.id;
    }
    if (p.death.empty()) {
      EXPECT_TRUE(p.epochs.back().until.empty()) << p.id;
    } else {
      EXPECT_GE(p.death, std::max(start, p.birth));
      EXPECT_LT(p.death, end);
      EXPECT_EQ(days_from_civil(p.epochs.back().until), days_from_civil(p.death) + 1) << p.id;
      EXPECT_LE(p.epochs.back().from, p.death);
    }
    Date previous = {};
    for (const PersonEvent& e : p.events) {
      EXPECT_GE(e.date, previous);
      EXPECT_GE(e.date, start);
      EXPECT_LT(e.date, end);
      previous = e.date;
    }
    if (!alive_at_start(p)) {
      ASSERT_FALSE(p.events.empty());
      EXPECT_EQ(p.events.front().kind, LifeEvent::birth);
      EXPECT_EQ(p.events.front().date, p.birth);
    }
    if (!p.death.empty()) {
      EXPECT_EQ(p.events.back().kind, LifeEvent::death);
      EXPECT_EQ(p.events.back().date, p.death);
    }
    for (const IdentityEpoch& e : p.epochs) {
      EXPECT_FALSE(e.name.kanji_surname.empty());
      EXPECT_FALSE(e.name.kanji_given.empty());
      EXPECT_FALSE(e.name.kana_surname.empty());
      EXPECT_FALSE(e.name.kana_given.empty());
    }
  }
}

TEST_F(Population, AddressesAndInsurerNumbersAreValid) {
  const Tables& t = Tables::embedded();
  for (const Person& p : people()) {
    for (const IdentityEpoch& e : p.epochs) {
      const Address& a = e.address;
      ASSERT_TRUE(is_valid_local_government_code(a.municipality_code)) << a.municipality_code;
      const Municipality& m = t.municipality(a.municipality_code);
      EXPECT_EQ(a.prefecture_code, m.prefecture_code);
      EXPECT_EQ(a.text.rfind(m.prefecture_name + m.name, 0), 0U) << a.text;
      EXPECT_EQ(a.postal_code.size(), 7U);
      const Insurance& ins = e.insurance;
      EXPECT_TRUE(has_valid_payer_check_digit(ins.insurer_number)) << ins.insurer_number;
      switch (ins.scheme) {
        case Scheme::kyokai:
          EXPECT_EQ(ins.insurer_number.substr(0, 2), "01");
          EXPECT_EQ(ins.symbol.size(), 8U);
          break;
        case Scheme::kumiai:
          EXPECT_EQ(ins.insurer_number.substr(0, 2), "06");
          break;
        case Scheme::kyosai: {
          const int law = std::stoi(ins.insurer_number.substr(0, 2));
          EXPECT_TRUE(law >= 31 && law <= 34) << ins.insurer_number;
          break;
        }
        case Scheme::kokuho:
          ASSERT_EQ(ins.insurer_number.size(), 6U);
          EXPECT_EQ(ins.insurer_number.substr(0, 5), m.city_code.substr(0, 5));  // the insuring city
          break;
        case Scheme::kouki:
          EXPECT_EQ(ins.insurer_number, with_payer_check_digit("39" + m.prefecture_code + "100"));
          EXPECT_TRUE(ins.symbol.empty());
          EXPECT_TRUE(ins.branch.empty());
          EXPECT_EQ(ins.number.size(), 8U);
          EXPECT_TRUE(has_valid_payer_check_digit(ins.number)) << ins.number;
          break;
      }
      if (ins.scheme != Scheme::kouki) {
        EXPECT_EQ(ins.insurer_number.size(), ins.scheme == Scheme::kokuho ? 6U : 8U);
        EXPECT_FALSE(ins.symbol.empty());
        EXPECT_FALSE(ins.number.empty());
        EXPECT_EQ(ins.branch.size(), 2U);
      }
    }
  }
}

TEST_F(Population, AgeRulesForKoukiAndCareInsurance) {
  for (const Person& p : people()) {
    for (const IdentityEpoch& e : p.epochs) {
      const Date on = std::max(e.from, spec().period_start);
      if (!e.until.empty() && e.until <= on) continue;  // a pre-period epoch
      const int age = age_on(p.birth, on);
      EXPECT_EQ(e.insurance.scheme == Scheme::kouki, age >= 75) << p.id << " age " << age << " on " << text(on);
      EXPECT_EQ(!e.care_insured_number.empty(), age >= 65) << p.id << " age " << age;
      if (!e.care_insured_number.empty()) {
        EXPECT_EQ(e.care_insured_number.size(), 10U);
      }
    }
  }
  // Everyone who turns 75 in the period gets the event and a 後期高齢者 epoch from the birthday.
  for (const Person& p : people()) {
    for (const PersonEvent& ev : p.events) {
      if (ev.kind != LifeEvent::turned_75) continue;
      EXPECT_EQ(age_on(p.birth, ev.date), 75);
      EXPECT_EQ(p.epoch_at(ev.date).insurance.scheme, Scheme::kouki);
      EXPECT_EQ(p.epoch_at(ev.date).from, ev.date);
    }
  }
}

// No two people ever hold the same card (insurer, 記号, 番号, 枝番) or 後期高齢者 / 介護 number.
TEST_F(Population, CardsAreUniqueAndFamiliesShareThem) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::uint64_t> owner;
  std::map<std::pair<std::string, std::string>, std::uint64_t> care_owner;
  for (const Person& p : people()) {
    for (const IdentityEpoch& e : p.epochs) {
      const Insurance& i = e.insurance;
      const auto [it, fresh] = owner.emplace(std::tuple{i.insurer_number, i.symbol, i.number, i.branch}, p.id);
      EXPECT_TRUE(fresh || it->second == p.id)
          << "card " << i.insurer_number << "/" << i.symbol << "/" << i.number << "/" << i.branch << " held by " << p.id
          << " and " << it->second;
      if (!e.care_insured_number.empty()) {
        const auto [c, cfresh] = care_owner.emplace(std::pair{e.address.municipality_code.substr(0, 2), e.care_insured_number}, p.id);
        EXPECT_TRUE(cfresh || c->second == p.id) << e.care_insured_number;
      }
    }
  }
  // At period start: members of one card share 記号・番号, differ in 枝番 (00 = holder), share a household.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const Person*>> cards;
  for (const Person& p : people()) {
    if (!alive_at_start(p)) continue;
    const Insurance& i = p.epoch_at(spec().period_start).insurance;
    if (i.scheme != Scheme::kouki) cards[{i.insurer_number, i.symbol, i.number}].push_back(&p);
  }
  std::size_t family_cards = 0;
  for (const auto& [key, members] : cards) {
    std::set<std::string> branches;
    for (const Person* p : members) {
      branches.insert(p->epoch_at(spec().period_start).insurance.branch);
      EXPECT_EQ(p->household, members.front()->household);
    }
    EXPECT_EQ(branches.size(), members.size());
    if (members.size() >= 2) ++family_cards;
  }
  EXPECT_GT(family_cards, cards.size() / 5);
}

// ------------------------------------------------------------------------------------------------
// statistics over 100k persons

TEST_F(Population, SexAndAgeStructureFollowTheCells) {
  const Tables& t = Tables::embedded();
  std::array<double, 42> cells{};
  double total = 0;
  for (const PopulationCell& c : t.population) {
    cells[(c.sex == Sex::male ? 0U : 21U) + c.band] += c.count;
    total += c.count;
  }
  std::array<double, 42> got{};
  double n = 0;
  for (const Person& p : people()) {
    if (!alive_at_start(p)) continue;
    const int band = std::min(age_on(p.birth, spec().period_start) / 5, 20);
    got[(p.sex == Sex::male ? 0U : 21U) + static_cast<std::size_t>(band)] += 1;
    n += 1;
  }
  double male_cells = 0, male_got = 0, old_cells = 0, old_got = 0;
  for (std::size_t band = 0; band < 21; ++band) {
    male_cells += cells[band];
    male_got += got[band];
    const double share_cells = (cells[band] + cells[band + 21]) / total;
    const double share_got = (got[band] + got[band + 21]) / n;
    EXPECT_NEAR(share_got, share_cells, std::max(0.003, 0.08 * share_cells)) << "band " << band;
    if (band >= 13) {
      old_cells += cells[band] + cells[band + 21];
      old_got += got[band] + got[band + 21];
    }
  }
  EXPECT_NEAR(male_got / n, male_cells / total, 0.01);
  EXPECT_NEAR(old_got / n, old_cells / total, 0.01);
  EXPECT_NEAR(old_got / n, 0.29, 0.015);  // 65+ share (DOMAIN §4.11: 28.7% in 2020)
}

TEST_F(Population, VitalEventsNearThePublishedRates) {
  const double per_person = static_cast<double>(kPersons) / 126'645'025.0;  // the cells' total
  std::size_t births = 0, deaths = 0, marriages = 0, movers = 0, job_changes = 0, maiden = 0;
  for (const Person& p : people()) {
    bool moved = false;
    for (const PersonEvent& e : p.events) {
      births += e.kind == LifeEvent::birth;
      deaths += e.kind == LifeEvent::death;
      marriages += e.kind == LifeEvent::marriage;
      job_changes += e.kind == LifeEvent::job_change;
      moved = moved || e.kind == LifeEvent::move;
    }
    movers += moved;
    maiden += p.epochs.front().from < spec().period_start;
  }
  const double expected_births = 686173 * per_person;
  const double expected_deaths = 1605378 * per_person;
  const double expected_marriages = 485092 * per_person;
  EXPECT_NEAR(static_cast<double>(births), expected_births, 0.12 * expected_births);
  EXPECT_NEAR(static_cast<double>(deaths), expected_deaths, 0.10 * expected_deaths);
  EXPECT_NEAR(static_cast<double>(marriages) / 2, expected_marriages, 0.20 * expected_marriages);
  EXPECT_NEAR(static_cast<double>(maiden), 2 * expected_marriages, 0.25 * 2 * expected_marriages);
  EXPECT_NEAR(static_cast<double>(movers) / kPersons, 0.04, 0.008);
  EXPECT_GT(job_changes, 1000U);
  // The calibrated mortality curve rises with age and is sex-specific.
  EXPECT_LT(generator().death_probability(Sex::female, 80), generator().death_probability(Sex::male, 80));
  EXPECT_LT(generator().death_probability(Sex::male, 60), generator().death_probability(Sex::male, 80));
}

TEST_F(Population, MarriageChangesSurnameAndCard) {
  std::map<std::uint64_t, const Person*> by_id;
  for (const Person& p : people()) by_id[p.id] = &p;
  std::size_t changed = 0, marriages = 0, dependents = 0;
  for (const Person& p : people()) {
    for (const PersonEvent& e : p.events) {
      if (e.kind != LifeEvent::marriage) continue;
      ++marriages;
      const auto it = std::find_if(p.epochs.begin(), p.epochs.end(), [&](const IdentityEpoch& x) { return x.from == e.date; });
      ASSERT_NE(it, p.epochs.end());
      ASSERT_NE(it, p.epochs.begin());
      const IdentityEpoch& before = *(it - 1);
      const IdentityEpoch& after = *it;
      EXPECT_NE(before.address.text, after.address.text);  // the couple sets up a new home
      if (before.name.kanji_surname != after.name.kanji_surname) {
        ++changed;
        EXPECT_EQ(before.name.kanji_given, after.name.kanji_given);
        dependents += after.insurance.branch != "00" && after.insurance.branch != before.insurance.branch;
      }
    }
  }
  EXPECT_GT(marriages, 400U);
  const auto m = static_cast<double>(marriages);
  EXPECT_NEAR(static_cast<double>(changed), m / 2.0, 0.1 * m);  // one spouse per couple
  EXPECT_GT(dependents, changed / 5);
}

TEST_F(Population, HardNegativesPresent) {
  const Tables& t = Tables::embedded();
  std::map<std::uint64_t, const Person*> by_id;
  for (const Person& p : people()) by_id[p.id] = &p;
  std::size_t twins = 0, minors = 0, lookalikes = 0, big_city = 0, same_name = 0;
  for (const Person& p : people()) {
    if (!alive_at_start(p)) continue;
    const IdentityEpoch& e = p.epoch_at(spec().period_start);
    big_city += is_big_city(t, e.address.municipality_code);
    minors += age_on(p.birth, spec().period_start) < 18;
    if (p.twin_of != UINT64_MAX) {
      const Person& twin = *by_id.at(p.twin_of);
      EXPECT_EQ(twin.twin_of, p.id);
      EXPECT_EQ(twin.birth, p.birth);
      EXPECT_EQ(twin.household, p.household);
      const IdentityEpoch& te = twin.epoch_at(spec().period_start);
      EXPECT_EQ(te.name.kanji_surname, e.name.kanji_surname);
      EXPECT_NE(te.name.kanji_given, e.name.kanji_given);
      EXPECT_EQ(te.address.text, e.address.text);
      if (age_on(p.birth, spec().period_start) < 18) {  // minors share a card; adult twins may work
        EXPECT_EQ(te.insurance.insurer_number, e.insurance.insurer_number);
        EXPECT_EQ(te.insurance.number, e.insurance.number);
        EXPECT_NE(te.insurance.branch, e.insurance.branch);
        ++twins;
      }
    }
    if (p.same_name_parent != UINT64_MAX) {
      ++same_name;
      const Person& father = *by_id.at(p.same_name_parent);
      const IdentityEpoch& fe = father.epoch_at(spec().period_start);
      EXPECT_EQ(father.household, p.household);
      EXPECT_EQ(fe.name.kanji_given, e.name.kanji_given);
      EXPECT_EQ(fe.name.kana_given, e.name.kana_given);
      EXPECT_EQ(fe.name.kanji_surname, e.name.kanji_surname);
      EXPECT_EQ(p.sex, Sex::male);
      EXPECT_GE(age_on(father.birth, p.birth), 18);
    }
    if (p.lookalike_of != UINT64_MAX) {
      ++lookalikes;
      EXPECT_NE(p.lookalike_of / kBlockPersons, p.id / kBlockPersons);  // the original is in another block
      const Person& original = *by_id.at(p.lookalike_of);
      const IdentityEpoch& oe = original.epoch_at(spec().period_start);
      EXPECT_EQ(original.birth, p.birth);
      EXPECT_EQ(original.sex, p.sex);
      EXPECT_EQ(oe.name.kanji_surname, e.name.kanji_surname);
      EXPECT_EQ(oe.name.kanji_given, e.name.kanji_given);
      EXPECT_EQ(oe.name.kana_given, e.name.kana_given);
      EXPECT_EQ(oe.address.municipality_code, e.address.municipality_code);
      EXPECT_NE(oe.address.text, e.address.text);
      EXPECT_NE(oe.insurance.number, e.insurance.number);
      EXPECT_NE(original.household, p.household);
      EXPECT_TRUE(is_big_city(t, e.address.municipality_code));
    }
  }
  // Twins: ~1% of deliveries, i.e. ~2% of children are twins.
  EXPECT_NEAR(static_cast<double>(twins) / static_cast<double>(minors), 0.02, 0.008);
  // Lookalikes: 0.05% of big-city residents (Poisson; wide band), same-name sons: present.
  const double expected_lookalikes = 0.0005 * static_cast<double>(big_city);
  EXPECT_GE(static_cast<double>(lookalikes), 0.3 * expected_lookalikes);
  EXPECT_LE(static_cast<double>(lookalikes), 2.0 * expected_lookalikes + 3);
  EXPECT_GE(same_name, 2U);
  EXPECT_LE(same_name, 40U);
}

TEST_F(Population, GivenNamesShowBothKindsOfAmbiguity) {
  std::map<std::string, std::set<std::string>> readings_of_kanji, kanji_of_reading;
  std::size_t variant_surnames = 0, households = 0;
  std::set<std::uint64_t> seen;
  for (const Person& p : people()) {
    for (const IdentityEpoch& e : p.epochs) {
      readings_of_kanji[e.name.kanji_given].insert(e.name.kana_given);
      kanji_of_reading[e.name.kana_given].insert(e.name.kanji_given);
    }
    if (seen.insert(p.household).second) {
      ++households;
      const std::string& s = p.epochs.front().name.kanji_surname;
      for (const char* v : {"髙", "﨑", "德", "𠮷"}) {
        if (s.find(v) != std::string::npos) {
          ++variant_surnames;
          break;
        }
      }
    }
  }
  std::size_t multi_reading = 0, multi_kanji = 0;
  for (const auto& [k, r] : readings_of_kanji) multi_reading += r.size() >= 2;
  for (const auto& [r, k] : kanji_of_reading) multi_kanji += k.size() >= 2;
  EXPECT_GT(multi_reading, 50U) << "kanji strings read several ways (大翔 ヒロト/ハルト ...)";
  EXPECT_GT(multi_kanji, 500U) << "readings written several ways (ヒロシ 博/浩/弘 ...)";
  EXPECT_GE(readings_of_kanji["大翔"].size(), 2U);
  // 3% of eligible surnames (containing 高/崎/徳/吉, ~12% of surname mass) carry the variant.
  EXPECT_GT(variant_surnames, households / 500);
  EXPECT_LT(variant_surnames, households / 80);
}

TEST(PopulationRatesKnobs, HighRatesScaleTheHardNegatives) {
  PopulationSpec spec = spec_of(50'000, 99);
  spec.rates.lookalike_big_city = 0.01;
  spec.rates.same_name_son = 0.05;
  const Tables& t = Tables::embedded();
  PopulationGenerator generator(t, spec);
  std::size_t lookalikes = 0, big_city = 0, same_name = 0;
  for (std::uint64_t b = 0; b < generator.blocks(); ++b) {
    for (const Person& p : generator.block(b)) {
      if (p.birth >= spec.period_start) continue;
      big_city += is_big_city(t, p.epoch_at(spec.period_start).address.municipality_code);
      lookalikes += p.lookalike_of != UINT64_MAX;
      same_name += p.same_name_parent != UINT64_MAX;
    }
  }
  EXPECT_NEAR(static_cast<double>(lookalikes), 0.01 * static_cast<double>(big_city), 0.3 * 0.01 * static_cast<double>(big_city));
  EXPECT_GT(same_name, 150U);
}

}  // namespace
}  // namespace nayose::synth
