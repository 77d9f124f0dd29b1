#pragma once
// The synthetic population of `nayose generate`: persons, households, identities over time and the
// hard negatives a linker must not merge — as a PURE function of (spec, block).
//
// Layout of the id space (documented here because other stages rely on it):
//   * persons get dense ids 0..N-1; block b holds ids [b*kBlockPersons, min(N, (b+1)*kBlockPersons));
//   * a block is kSegmentsPerBlock segments of kSegmentPersons ids; a household never leaves its
//     segment, every segment lies in ONE prefecture, and segments are assigned to prefectures in
//     contiguous runs (北海道 first) in proportion to the prefecture populations of Tables::population;
//   * inside a segment the persons alive at period start come first (households in random order),
//     then the babies born during the period.
// Every random draw is splitmix64 of a key built from (spec.seed, segment, purpose, index): the
// output depends on neither the thread count nor which other blocks are generated.
//
// What a Person holds:
//   * epochs start at max(period_start, birth); the exception is a spouse who changed surname in a
//     marriage up to recent_marriage_years before the period: a maiden epoch (maiden surname,
//     previous address and card) starts up to recent_marriage_years + 1 years before period_start
//     and ends on the marriage date, which is also before period_start. The last epoch is open
//     (until empty) or ends the day after death (until = death + 1).
//   * events are those inside the period. Epochs also split WITHOUT an event of their own when a
//     65th birthday brings a 介護保険被保険者番号, and for dependents whose card changes because the
//     holder changed job, turned 75 or died (they move to the holder's new card or to 国保).
//   * household = the id of the household's first member (head) at period start; a baby gets the
//     household it is born into (after an in-period marriage: the id of the spouse who kept the
//     surname). It is not updated when people marry or move.
//   * insurance: employees hold their own card (枝番 00), spouse/children/older parents without
//     work are dependents on it (01, 02, …); otherwise 国保 per household and city (insurer =
//     the city's 5-digit code + check digit, wards use their designated city); 75+ have an
//     individual 後期高齢者 number (8 digits with check digit, no 記号, empty 枝番). No two people
//     ever share (insurer, 記号, 番号, 枝番) or a 後期高齢者 number (guaranteed up to ~128 M persons).
//   * hard negatives: twin_of is set on both twins; lookalike_of only on the stranger (an odd
//     segment's big-city single adult who copies name, sex and birth date of an adult in an even
//     segment of another block, same municipality); same_name_parent on the son.
//
// Rates and their sources are the defaults of PopulationRates below; the README of `generate`
// (and the report of this component) lists them. Tags as in DOMAIN.md: [P] primary, [S] secondary,
// [U] unverified background knowledge or an engineering choice.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/synth/model.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::synth {

inline constexpr std::uint64_t kBlockPersons = 1024;
inline constexpr std::uint64_t kSegmentPersons = 128;
inline constexpr std::uint64_t kSegmentsPerBlock = kBlockPersons / kSegmentPersons;

struct PopulationRates {
  // --- vital statistics (per year, Japan; MHLW 人口動態統計 2024 確定 via DOMAIN §4.4/§4.11 [S]) ---
  double births_per_year = 686173;
  double deaths_per_year = 1605378;
  double marriages_per_year = 485092;
  // Denominator turning the counts above into per-person rates. 0 = the sum of the embedded
  // population cells (住民基本台帳 2021-01-01: 126,654,244, the age structure the generator uses).
  double reference_population = 0;

  // --- marriage ---
  double wife_takes_surname = 0.95;       // DOMAIN §4.4 "~95%" [U]
  double recent_marriage_years = 2.0;     // women married this long before the period keep a maiden epoch
  double quit_job_at_marriage = 0.5;      // employee spouse who changes surname leaves the employee card
                                          // (quits, or part-time under the 被扶養者 income limit) [U]

  // --- mobility and work ---
  double moves_per_year = 0.04;           // households moving per year (brief; 住民基本台帳人口移動報告 ~4% [U])
  double move_same_municipality = 0.40;   // destination split of a move [U]
  double move_same_prefecture = 0.35;     // (other municipality, same prefecture); the rest: other prefecture
  double job_changes_per_year = 0.05;     // per employee card holder [U]

  // --- households (census 2020 shape; the parameters are tuned so the generated household types
  //     come out near 単独 38% / 夫婦のみ 20% / 夫婦と子 25% / ひとり親と子 9% [S: census summaries]) ---
  double young_adult_at_home_18_19 = 0.85;  // 18-19 living with parents [U]
  double young_adult_at_home_20_24 = 0.65;  // [U]
  double young_adult_at_home_25_29 = 0.50;  // [U]
  double adult_at_home_30_39 = 0.30;        // unmarried adults living with parents (親と同居未婚者) [U]
  double adult_at_home_40_49 = 0.10;        // [U]
  double elder_with_children_65_74 = 0.05;  // 65-74 living in a child's household [U]
  double elder_with_children_75_84 = 0.25;  // 75-84 [U]
  double elder_with_children_85 = 0.40;     // 85+ [U]
  double partnered_scale = 1.0;             // multiplies the age curve of "independent woman has a partner" [U]

  // --- insurance (enrolment shares, 令和4年度 医療保険に関する基礎資料 as recalled [U]) ---
  double employee_share_of_workers = 0.85;  // employed persons insured as employees (rest: 国保 self-employed)
  double scheme_kyokai = 0.52;              // of employee cards: 協会けんぽ ~40.3 M
  double scheme_kumiai = 0.37;              // 組合健保 ~28.4 M; the rest 共済 ~8.7 M
  double married_women_employed = 0.45;     // married women 20-59 holding their own employee/国保 card [U]

  // --- hard negatives ---
  double twin_delivery_share = 0.01;        // share of deliveries that are twins (brief; 複産 ~1% [U])
  double lookalike_big_city = 0.0005;       // big-city residents with a same-name same-birth stranger (brief)
  double same_name_son = 0.001;             // sons living with their father who carry his given name (brief)
  double variant_surname = 0.03;            // eligible surnames registered with a non-JIS X 0208 variant
                                            // (高→髙, 崎→﨑, 徳→德, 吉→𠮷) (brief) [U]
};

struct PopulationSpec {
  std::uint64_t seed = 1;
  std::uint64_t persons = 0;                                  // N, including babies born in the period
  Date period_start{2024, 4, 1};                              // inclusive (FY2024)
  Date period_end{2025, 4, 1};                                // exclusive
  PopulationRates rates;
};

// Every problem with the spec, in one go (empty = valid).
std::vector<std::string> validate(const PopulationSpec& spec);

// Number of blocks: ceil(persons / kBlockPersons).
std::uint64_t block_count(const PopulationSpec& spec);

// Persons with ids [block*1024, min(N, (block+1)*1024)), sorted by id. Pure function of (tables,
// spec, block). Throws std::invalid_argument if the spec is invalid or the block is out of range.
// Builds a PopulationGenerator each call; use one PopulationGenerator for many blocks.
std::vector<Person> generate_block(const Tables& tables, const PopulationSpec& spec, std::uint64_t block);

// The same, with the per-spec precomputation (samplers, calibrated mortality, prefecture runs) done
// once. Thread-safe: block() may be called concurrently. Keeps a reference to `tables`.
class PopulationGenerator {
 public:
  PopulationGenerator(const Tables& tables, const PopulationSpec& spec);
  ~PopulationGenerator();
  PopulationGenerator(PopulationGenerator&&) noexcept;
  PopulationGenerator& operator=(PopulationGenerator&&) noexcept;

  std::uint64_t blocks() const;
  std::vector<Person> block(std::uint64_t block) const;
  // The prefecture (1..47) of the segment holding person `id` (cheap; no generation).
  int prefecture_of(std::uint64_t id) const;
  // Calibrated per-year death probability at an exact age (for tests and documentation).
  double death_probability(Sex sex, int age) const;

  struct Model;

 private:
  std::unique_ptr<const Model> model_;
};

}  // namespace nayose::synth
