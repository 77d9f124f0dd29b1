#include "kernels/synth/population.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "kernels/synth/population_internal.hpp"

namespace nayose::synth {
namespace detail {

std::uint32_t Rng::poisson(double lambda) noexcept {
  if (!(lambda > 0)) return 0;
  // Inverse transform, summing in linear space; for large lambda split into chunks of <= 30 so
  // exp(-lambda) does not underflow (a sum of Poissons is Poisson).
  std::uint32_t total = 0;
  while (lambda > 0) {
    const double l = std::min(lambda, 30.0);
    lambda -= l;
    const double u = uniform();
    double p = std::exp(-l);
    double cdf = p;
    std::uint32_t k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= l / k;
      cdf += p;
    }
    total += k;
  }
  return total;
}

std::size_t sample_cumulative(const std::vector<std::uint64_t>& cumulative, std::uint64_t random) noexcept {
  __extension__ using u128 = unsigned __int128;
  const auto x = static_cast<std::uint64_t>((static_cast<u128>(random) * cumulative.back()) >> 64);
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return static_cast<std::size_t>(it - cumulative.begin());
}

int age_on(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

Date add_years(const Date& d, int years) {
  Date out = d;
  out.year = static_cast<std::int16_t>(d.year + years);
  if (!is_valid_date(out.year, out.month, out.day)) {  // Feb 29 in a non-leap year: the age is reached on Mar 1
    out.month = 3;
    out.day = 1;
  }
  return out;
}

Date add_days(const Date& d, std::int32_t days) { return civil_from_days(days_from_civil(d) + days); }

std::string address_text(const Municipality& m, const PostalArea& area, Rng& rng) {
  std::string out = m.prefecture_name + m.name + area.town;
  if (area.chome) {
    out += std::to_string(1 + rng.below(5)) + "丁目" + std::to_string(1 + rng.below(30)) + "番" +
           std::to_string(1 + rng.below(25)) + "号";
  } else {
    out += std::to_string(1 + rng.below(3000)) + "番地";
    if (rng.chance(0.5)) out += std::to_string(1 + rng.below(20));
  }
  return out;
}

void draw_address(const Model& model, std::uint32_t municipality, Rng& rng, Unit& unit) {
  const Municipality& m = model.tables->municipalities[municipality];
  unit.municipality = municipality;
  unit.area = rng.below(static_cast<std::uint32_t>(m.postal_areas.size()));
  const PostalArea& area = m.postal_areas[unit.area];
  unit.address.municipality_code = m.code;
  unit.address.prefecture_code = m.prefecture_code;
  unit.address.postal_code = area.postal_code;
  unit.address.text = address_text(m, area, rng);
}

}  // namespace detail

namespace {

// Per-year death probability at anchor ages [U] (order of magnitude of the MHLW 簡易生命表; the
// level is recalibrated below so the expected deaths match PopulationRates::deaths_per_year).
struct MortalityAnchor {
  int age;
  double male;
  double female;
};
constexpr MortalityAnchor kMortality[] = {
    {0, 0.0018, 0.0016},  {1, 0.0003, 0.0002},  {5, 0.0001, 0.0001},  {10, 0.0001, 0.0001},
    {15, 0.0002, 0.0001}, {20, 0.0004, 0.0002},  {25, 0.0005, 0.0002}, {30, 0.0005, 0.0003},
    {35, 0.0007, 0.0004}, {40, 0.0010, 0.0006},  {45, 0.0016, 0.0009}, {50, 0.0026, 0.0014},
    {55, 0.0040, 0.0020}, {60, 0.0063, 0.0029},  {65, 0.0100, 0.0042}, {70, 0.0160, 0.0068},
    {75, 0.0260, 0.0120}, {80, 0.0450, 0.0230},  {85, 0.0800, 0.0480}, {90, 0.1450, 0.1000},
    {95, 0.2500, 0.1900}, {100, 0.3900, 0.3300}, {105, 0.5000, 0.4500}, {110, 0.6000, 0.5500},
};

double anchor_q(int sex_index, int age) {
  const auto value = [sex_index](const MortalityAnchor& a) { return sex_index == 0 ? a.male : a.female; };
  for (std::size_t i = 1; i < std::size(kMortality); ++i) {
    const MortalityAnchor& lo = kMortality[i - 1];
    const MortalityAnchor& hi = kMortality[i];
    if (age <= hi.age) {
      const double t = static_cast<double>(age - lo.age) / static_cast<double>(hi.age - lo.age);
      return std::exp(std::log(value(lo)) * (1 - t) + std::log(value(hi)) * t);
    }
  }
  return value(kMortality[std::size(kMortality) - 1]);
}

std::string describe(const Date& d) {
  return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day);
}

}  // namespace

std::vector<std::string> validate(const PopulationSpec& spec) {
  std::vector<std::string> errors;
  const auto check_date = [&errors](const Date& d, const char* what) {
    if (!is_valid_date(d.year, d.month, d.day) || d.year < 1950 || d.year > 2100) {
      errors.push_back(std::string(what) + " " + describe(d) + " is not a valid date in 1950..2100");
      return false;
    }
    return true;
  };
  // Both checked (not short-circuited) so that both problems are reported.
  const bool start_ok = check_date(spec.period_start, "period_start");
  const bool end_ok = check_date(spec.period_end, "period_end");
  const bool dates_ok = start_ok && end_ok;
  if (dates_ok && !(spec.period_start < spec.period_end)) errors.push_back("period_end must be after period_start");
  if (dates_ok && days_from_civil(spec.period_end) - days_from_civil(spec.period_start) > 366 * 20) {
    errors.push_back("the period may be at most 20 years long");
  }
  if (spec.persons == 0) errors.push_back("persons must be at least 1");
  if (spec.persons > (1ULL << 32)) errors.push_back("persons must be at most 2^32");
  const PopulationRates& r = spec.rates;
  const auto probability = [&errors](double v, const char* name) {
    if (!(v >= 0 && v <= 1)) errors.push_back(std::string("rates.") + name + " must be in [0, 1]");
  };
  const auto non_negative = [&errors](double v, const char* name) {
    if (!(v >= 0 && std::isfinite(v))) errors.push_back(std::string("rates.") + name + " must be >= 0");
  };
  non_negative(r.births_per_year, "births_per_year");
  non_negative(r.deaths_per_year, "deaths_per_year");
  non_negative(r.marriages_per_year, "marriages_per_year");
  non_negative(r.reference_population, "reference_population");
  non_negative(r.recent_marriage_years, "recent_marriage_years");
  non_negative(r.moves_per_year, "moves_per_year");
  non_negative(r.job_changes_per_year, "job_changes_per_year");
  non_negative(r.partnered_scale, "partnered_scale");
  probability(r.wife_takes_surname, "wife_takes_surname");
  probability(r.quit_job_at_marriage, "quit_job_at_marriage");
  probability(r.move_same_municipality, "move_same_municipality");
  probability(r.move_same_prefecture, "move_same_prefecture");
  probability(r.move_same_municipality + r.move_same_prefecture, "move_same_municipality + move_same_prefecture");
  probability(r.young_adult_at_home_18_19, "young_adult_at_home_18_19");
  probability(r.young_adult_at_home_20_24, "young_adult_at_home_20_24");
  probability(r.young_adult_at_home_25_29, "young_adult_at_home_25_29");
  probability(r.adult_at_home_30_39, "adult_at_home_30_39");
  probability(r.adult_at_home_40_49, "adult_at_home_40_49");
  probability(r.elder_with_children_65_74, "elder_with_children_65_74");
  probability(r.elder_with_children_75_84, "elder_with_children_75_84");
  probability(r.elder_with_children_85, "elder_with_children_85");
  probability(r.employee_share_of_workers, "employee_share_of_workers");
  probability(r.scheme_kyokai, "scheme_kyokai");
  probability(r.scheme_kumiai, "scheme_kumiai");
  probability(r.scheme_kyokai + r.scheme_kumiai, "scheme_kyokai + scheme_kumiai");
  probability(r.married_women_employed, "married_women_employed");
  probability(r.twin_delivery_share, "twin_delivery_share");
  probability(r.lookalike_big_city, "lookalike_big_city");
  probability(r.same_name_son, "same_name_son");
  probability(r.variant_surname, "variant_surname");
  return errors;
}

std::uint64_t block_count(const PopulationSpec& spec) { return (spec.persons + kBlockPersons - 1) / kBlockPersons; }

PopulationGenerator::Model::Model(const Tables& t, const PopulationSpec& s) : tables(&t), spec(s) {
  if (const auto errors = validate(s); !errors.empty()) {
    std::string message = "invalid population spec:";
    for (const auto& e : errors) message += "\n  " + e;
    throw std::invalid_argument(message);
  }
  if (t.population.empty() || t.municipalities.empty() || t.surnames.empty() || t.given_names.empty()) {
    throw std::invalid_argument("population tables are incomplete (population, municipalities, surnames, given names)");
  }
  start_days = days_from_civil(s.period_start);
  end_days = days_from_civil(s.period_end);
  years = static_cast<double>(end_days - start_days) / 365.2425;
  segments = (s.persons + kSegmentPersons - 1) / kSegmentPersons;

  // Population cells per prefecture, national totals per (sex, band).
  std::array<std::uint64_t, 48> pref_pop{};
  std::array<std::array<std::uint64_t, 42>, 48> cells{};
  std::array<std::uint64_t, 42> national{};
  for (const PopulationCell& c : t.population) {
    const std::size_t k = (c.sex == Sex::male ? 0U : 21U) + c.band;
    cells[c.prefecture][k] += c.count;
    national[k] += c.count;
    pref_pop[c.prefecture] += c.count;
  }
  std::uint64_t total = 0;
  for (int p = 1; p <= 47; ++p) {
    auto& cum = cells_cumulative[static_cast<std::size_t>(p)];
    std::uint64_t acc = 0;
    for (const std::uint64_t v : cells[static_cast<std::size_t>(p)]) cum.push_back(acc += v);
    total += pref_pop[static_cast<std::size_t>(p)];
    pref_cumulative.push_back(total);
  }

  // Segments to prefectures: largest remainder, contiguous runs in prefecture order.
  {
    std::array<std::uint64_t, 48> quota{};
    std::vector<std::pair<double, int>> remainder;
    std::uint64_t assigned = 0;
    for (int p = 1; p <= 47; ++p) {
      const double exact = static_cast<double>(segments) * static_cast<double>(pref_pop[static_cast<std::size_t>(p)]) /
                           static_cast<double>(total);
      quota[static_cast<std::size_t>(p)] = static_cast<std::uint64_t>(exact);
      assigned += quota[static_cast<std::size_t>(p)];
      remainder.emplace_back(exact - std::floor(exact), p);
    }
    std::stable_sort(remainder.begin(), remainder.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; assigned < segments; ++i, ++assigned) ++quota[static_cast<std::size_t>(remainder[i].second)];
    std::uint64_t first = 0;
    for (int p = 1; p <= 47; ++p) {
      pref_first[static_cast<std::size_t>(p)] = first;
      first += quota[static_cast<std::size_t>(p)];
    }
    pref_first[48] = first;
  }

  // Municipalities per prefecture.
  big_city.resize(t.municipalities.size());
  for (std::size_t i = 0; i < t.municipalities.size(); ++i) {
    const Municipality& m = t.municipalities[i];
    const int p = std::stoi(m.prefecture_code);
    if (p < 1 || p > 47) throw std::invalid_argument("municipality " + m.code + " has a bad prefecture code");
    auto& list = munis[static_cast<std::size_t>(p)];
    auto& cum = munis_cumulative[static_cast<std::size_t>(p)];
    list.push_back(static_cast<std::uint32_t>(i));
    cum.push_back((cum.empty() ? 0 : cum.back()) + std::max<std::uint32_t>(1, m.weight));
    const bool ward_of_designated_city = !m.city_code.empty() && m.city_code != m.code;
    const bool tokyo_special_ward = m.code.compare(0, 2, "13") == 0 && m.code < "132000";
    big_city[i] = ward_of_designated_city || tokyo_special_ward ? 1 : 0;
  }
  for (int p = 1; p <= 47; ++p) {
    if (munis[static_cast<std::size_t>(p)].empty() || cells_cumulative[static_cast<std::size_t>(p)].back() == 0) {
      throw std::invalid_argument("prefecture " + std::to_string(p) + " has no municipalities or no population");
    }
  }

  {
    std::uint64_t acc = 0;
    for (const Surname& sn : t.surnames) surnames_cumulative.push_back(acc += std::max<std::uint32_t>(1, sn.weight));
  }
  for (std::size_t i = 0; i < t.given_names.size(); ++i) {
    const GivenName& g = t.given_names[i];
    auto& sampler = given[g.sex == Sex::male ? 0 : 1];
    if (g.born_from <= 1900 && g.born_to >= 2100) {
      sampler.tail.push_back(static_cast<std::uint32_t>(i));
      sampler.tail_cumulative.push_back((sampler.tail_cumulative.empty() ? 0 : sampler.tail_cumulative.back()) +
                                        std::max<std::uint32_t>(1, g.weight));
    } else {
      sampler.era.push_back(static_cast<std::uint32_t>(i));
    }
  }
  if (given[0].tail.empty() || given[1].tail.empty()) {
    throw std::invalid_argument("given names need a long tail (rows covering 1900..2100) for both sexes");
  }
  for (const KanjiVariant& v : t.kanji_variants) {
    if (!v.in_jis_x0208) surname_variants.emplace_back(v.common, v.variant);
  }

  // Vital rates per person-year.
  const double reference = s.rates.reference_population > 0 ? s.rates.reference_population : static_cast<double>(total);
  births_per_person_year = s.rates.births_per_year / reference;
  marriages_per_person_year = s.rates.marriages_per_year / reference;
  // Mortality: scale the anchor curve so that the cells' expected deaths per year match the target.
  // A person aged a at period start is a for part of the year and a+1 for the rest: use the mean.
  double expected = 0;
  for (std::size_t k = 0; k < 42; ++k) {
    const int sex_index = k < 21 ? 0 : 1;
    const int band = static_cast<int>(k % 21);
    double q = 0;
    for (int a = band * 5; a < band * 5 + 5; ++a) q += (anchor_q(sex_index, a) + anchor_q(sex_index, a + 1)) / 2;
    expected += static_cast<double>(national[k]) * q / 5;
  }
  const double scale = expected > 0 ? s.rates.deaths_per_year / reference * static_cast<double>(total) / expected : 0;
  for (int sex_index = 0; sex_index < 2; ++sex_index) {
    for (int a = 0; a <= 110; ++a) {
      death_q[static_cast<std::size_t>(sex_index)][static_cast<std::size_t>(a)] =
          std::min(0.95, anchor_q(sex_index, a) * scale);
    }
  }
}

int PopulationGenerator::Model::segment_prefecture(std::uint64_t segment) const {
  const auto it = std::upper_bound(pref_first.begin() + 1, pref_first.begin() + 48, segment);
  return static_cast<int>(it - pref_first.begin()) - 1;
}

std::size_t PopulationGenerator::Model::draw_municipality(int pref, std::uint64_t random) const {
  const auto p = static_cast<std::size_t>(pref);
  return munis[p][detail::sample_cumulative(munis_cumulative[p], random)];
}

const GivenName& PopulationGenerator::Model::draw_given(Sex sex, int birth_year, detail::Rng& rng) const {
  const detail::GivenNameSampler& s = given[sex == Sex::male ? 0 : 1];
  std::uint64_t era_total = 0;
  for (const std::uint32_t i : s.era) {
    const GivenName& g = tables->given_names[i];
    if (g.born_from <= birth_year && birth_year <= g.born_to) era_total += g.weight;
  }
  __extension__ using u128 = unsigned __int128;
  const std::uint64_t total = era_total + s.tail_cumulative.back();
  auto x = static_cast<std::uint64_t>((static_cast<u128>(rng.next()) * total) >> 64);
  if (x < era_total) {
    for (const std::uint32_t i : s.era) {
      const GivenName& g = tables->given_names[i];
      if (g.born_from <= birth_year && birth_year <= g.born_to) {
        if (x < g.weight) return g;
        x -= g.weight;
      }
    }
  }
  x -= era_total;
  const auto it = std::upper_bound(s.tail_cumulative.begin(), s.tail_cumulative.end(), x);
  return tables->given_names[s.tail[static_cast<std::size_t>(it - s.tail_cumulative.begin())]];
}

PopulationGenerator::PopulationGenerator(const Tables& tables, const PopulationSpec& spec)
    : model_(std::make_unique<const Model>(tables, spec)) {}
PopulationGenerator::~PopulationGenerator() = default;
PopulationGenerator::PopulationGenerator(PopulationGenerator&&) noexcept = default;
PopulationGenerator& PopulationGenerator::operator=(PopulationGenerator&&) noexcept = default;

std::uint64_t PopulationGenerator::blocks() const { return block_count(model_->spec); }

int PopulationGenerator::prefecture_of(std::uint64_t id) const {
  if (id >= model_->spec.persons) throw std::out_of_range("person id " + std::to_string(id) + " out of range");
  return model_->segment_prefecture(id / kSegmentPersons);
}

double PopulationGenerator::death_probability(Sex sex, int age) const {
  return model_->death_q[sex == Sex::male ? 0 : 1][static_cast<std::size_t>(std::clamp(age, 0, 110))];
}

std::vector<Person> PopulationGenerator::block(std::uint64_t block) const {
  const Model& m = *model_;
  if (block >= blocks()) {
    throw std::invalid_argument("block " + std::to_string(block) + " out of range (" + std::to_string(blocks()) +
                                " blocks)");
  }
  const std::uint64_t first = block * kSegmentsPerBlock;
  const std::uint64_t last = std::min(first + kSegmentsPerBlock, m.segments);
  std::vector<std::vector<Person>> parts(static_cast<std::size_t>(last - first));
  tbb::parallel_for(first, last, [&](std::uint64_t s) {
    detail::Segment segment = detail::build_households(m, s);
    if (s % 2 == 1) detail::inject_lookalikes(m, segment);
    parts[static_cast<std::size_t>(s - first)] = detail::simulate_life(m, segment);
  });
  std::vector<Person> out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(kBlockPersons, m.spec.persons - block * kBlockPersons)));
  for (auto& part : parts) {
    for (auto& p : part) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

std::vector<Person> generate_block(const Tables& tables, const PopulationSpec& spec, std::uint64_t block) {
  return PopulationGenerator(tables, spec).block(block);
}

}  // namespace nayose::synth
