#pragma once
// Internals of kernels/synth/population.*: keyed random streams, the per-spec model (samplers and
// calibrated rates) and the segment structures passed between the household builder
// (population_households.cpp) and the life-course simulation (population_life.cpp).
// Not part of the public API.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "kernels/synth/population.hpp"

namespace nayose::synth::detail {

// What a random stream is for. Appending is fine; renumbering changes every generated population.
enum class Purpose : std::uint64_t {
  births_count = 1, person = 2, role = 3, partner = 4, child = 5, twin = 6, elder = 7, surname = 8,
  given = 9, address = 10, unit_order = 11, lookalike = 12, donor = 13, employment = 14, card = 15,
  death = 16, birth_date = 17, mother = 18, marriage = 19, recent_marriage = 20, move = 21, job = 22,
  same_name = 23, variant = 24, extra_person = 25, maiden = 26,
};

// Counter-based stream: value i of stream (seed, segment, purpose, index) is a pure function of them.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t segment, Purpose purpose, std::uint64_t index) noexcept {
    using kernels::splitmix64;
    key_ = splitmix64(splitmix64(splitmix64(seed ^ 0x6E61796F73654731ULL) ^ segment) ^
                      (static_cast<std::uint64_t>(purpose) * 0xD1B54A32D192ED03ULL)) ^
           splitmix64(index + 0x2545F4914F6CDD1DULL);
  }
  std::uint64_t next() noexcept {
    ++counter_;
    return kernels::splitmix64(key_ + counter_ * 0x9E3779B97F4A7C15ULL);
  }
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint32_t below(std::uint32_t n) noexcept { return kernels::reduce_to_range(next(), n); }
  bool chance(double p) noexcept { return uniform() < p; }
  std::uint32_t poisson(double lambda) noexcept;  // inverse transform; lambda <= ~500

 private:
  std::uint64_t key_ = 0;
  std::uint64_t counter_ = 0;
};

// Index into a cumulative-weight vector with probability proportional to each weight.
std::size_t sample_cumulative(const std::vector<std::uint64_t>& cumulative, std::uint64_t random) noexcept;

struct GivenNameSampler {
  std::vector<std::uint32_t> tail;             // indices of long-tail rows (whole year range)
  std::vector<std::uint64_t> tail_cumulative;
  std::vector<std::uint32_t> era;              // indices of rows with a birth-year range
};

}  // namespace nayose::synth::detail

namespace nayose::synth {

struct PopulationGenerator::Model {
  Model(const Tables& tables, const PopulationSpec& spec);

  const Tables* tables;
  PopulationSpec spec;
  std::uint64_t segments = 0;
  std::array<std::uint64_t, 49> pref_first{};   // first segment of prefecture p (1..47); [48] = segments
  std::array<std::vector<std::uint64_t>, 48> cells_cumulative;   // per prefecture, over sex*21 + band
  std::array<std::vector<std::uint32_t>, 48> munis;              // municipality indices per prefecture
  std::array<std::vector<std::uint64_t>, 48> munis_cumulative;
  std::vector<std::uint64_t> pref_cumulative;                    // over prefectures 1..47 (index p-1)
  std::vector<std::uint64_t> surnames_cumulative;
  std::array<detail::GivenNameSampler, 2> given;                 // [0] male, [1] female
  std::vector<char> big_city;                                    // per municipality: 特別区 or 政令市の区
  std::vector<std::pair<std::string, std::string>> surname_variants;  // common kanji -> non-JIS variant
  std::array<std::array<double, 111>, 2> death_q{};              // calibrated per-year death probability
  double births_per_person_year = 0;
  double marriages_per_person_year = 0;
  std::int32_t start_days = 0;
  std::int32_t end_days = 0;
  double years = 0;

  int segment_prefecture(std::uint64_t segment) const;
  std::size_t draw_municipality(int pref, std::uint64_t random) const;
  std::size_t draw_surname(std::uint64_t random) const { return detail::sample_cumulative(surnames_cumulative, random); }
  const GivenName& draw_given(Sex sex, int birth_year, detail::Rng& rng) const;
};

namespace detail {

using Model = PopulationGenerator::Model;

enum class Role : std::uint8_t { independent, child, elder };

// One person of a segment before the life-course simulation.
struct Member {
  Sex sex = Sex::male;
  int age = 0;                 // at period start (newborns: 0)
  Date birth;
  Role role = Role::independent;
  bool newborn = false;
  int unit = -1;               // household (index into Segment::units)
  int mother = -1;             // newborns: local index of the mother
  Name name;
  int twin = -1;               // local index of the twin
  int same_name_father = -1;   // local index of the father whose given name this son carries
  std::uint64_t lookalike_of = UINT64_MAX;
  std::uint64_t draw = 0;      // stable per-member key (the index it was drawn with)
};

struct Unit {
  int head = -1;
  int spouse = -1;             // opposite-sex partner of the head
  std::vector<int> children;   // includes babies born in the period
  std::vector<int> elders;     // a parent of the head or spouse
  std::uint32_t municipality = 0;  // index into Tables::municipalities
  std::uint32_t area = 0;          // index into its postal_areas
  Address address;
};

// A segment after households, names, addresses and births have been drawn (no insurance yet).
struct Segment {
  std::uint64_t index = 0;     // global segment number
  int prefecture = 0;          // 1..47
  int size = 0;                // persons (ids index*128 .. index*128+size-1)
  std::vector<Member> members; // final order: base persons by household, then newborns
  std::vector<Unit> units;
};

// Households, names, addresses and births of segment `s` (pure). Lookalikes are not injected.
Segment build_households(const Model& model, std::uint64_t s);
// Replaces some big-city singles of an odd segment with same-name same-birth strangers whose
// originals live in an even segment of another block (computed with build_households).
void inject_lookalikes(const Model& model, Segment& segment);
// Insurance, pre-period marriages and the period's life events; returns the segment's persons.
std::vector<Person> simulate_life(const Model& model, const Segment& segment);

// Helpers shared by both files.
std::string address_text(const Municipality& m, const PostalArea& area, Rng& rng);
void draw_address(const Model& model, std::uint32_t municipality, Rng& rng, Unit& unit);
int age_on(const Date& birth, const Date& on);
Date add_years(const Date& d, int years);  // Feb 29 -> Mar 1 in non-leap years
Date add_days(const Date& d, std::int32_t days);

}  // namespace detail
}  // namespace nayose::synth
