#pragma once
// Embedded reference tables for the synthetic population (nayose generate). The data files live
// in kernels/synth/data/ (subsets of ../shared/data built by kernels/synth/data/build_tables.py,
// with their licences and attribution in kernels/synth/data/README.md) and are compiled into the
// binary, so generation never needs ../shared or the source tree.
//
// Tables are parsed once (`Tables::embedded()`, thread-safe) and are read-only afterwards.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kernels/core/embedded.hpp"
#include "kernels/synth/model.hpp"

namespace nayose::synth {

struct Surname {
  std::string kanji;
  std::string kana;         // full-width katakana
  std::uint32_t weight;     // estimated holders (relative weight)
};

struct GivenName {
  std::string kanji;
  std::string kana;         // full-width katakana
  Sex sex;
  std::uint16_t born_from;  // birth-year range in which this name is typical (inclusive);
  std::uint16_t born_to;    //   a long-tail name has the whole range
  std::uint32_t weight;
};

struct PostalArea {
  std::string postal_code;  // 7 digits
  std::string town;         // 町域 (kanji), "" when the municipality has no town split
  std::string town_kana;
  bool chome = false;       // the 町域 is numbered in 丁目 (住居表示: "1丁目2番3号"); else 地番 ("123番地4")
};

struct Municipality {
  std::string code;             // 6-digit with check digit
  std::string prefecture_code;  // 2 digits
  std::string prefecture_name;  // 東京都
  std::string name;             // 千代田区 / 札幌市中央区
  std::string kana;
  std::uint32_t weight;         // relative population weight inside its prefecture
  std::vector<PostalArea> postal_areas;  // at least one
  std::string city_code;        // the insuring city (国保/介護保険): the designated city for a ward, else == code
};

// Population by prefecture x sex x 5-year band (21 bands: 0-4 ... 95-99, 100+).
struct PopulationCell {
  std::uint8_t prefecture;  // 1..47
  Sex sex;
  std::uint8_t band;        // 0..20
  std::uint32_t count;
};

// A real code from the SSK masters (or the 特定健診 / JLAC10 item list in DOMAIN §3.3).
struct Code {
  std::string code;
  std::string name;
  std::string icd10;        // diagnoses: ICD-10 (2013); else ""
  std::string unit;         // drugs: 単位名称; lab/check-up items: unit; else ""
  std::int32_t points = 0;  // procedures: 点数; drugs: price x 100 (yen, 2 decimals) ; else 0
  std::string group;        // what the care plan selects by: e.g. "hypertension", "diabetes", "acute",
                            // "first_visit", "revisit", "checkup_core", "lab_core", "oral_drug", ...
  std::uint32_t weight = 1; // relative frequency inside its group (death causes); 1 where unknown
};

// Itaiji pairs used for error injection and (later) as the soft-folding table: variant -> common.
struct KanjiVariant {
  std::string variant;      // 髙
  std::string common;       // 高
  bool in_jis_x0208;        // whether `variant` is encodable in JIS X 0208 (UKE/SS-MIX2 can carry it)
};

class Tables {
 public:
  static const Tables& embedded();

  std::vector<Surname> surnames;              // sorted by weight, heaviest first
  std::vector<GivenName> given_names;
  std::vector<Municipality> municipalities;   // sorted by code
  std::vector<PopulationCell> population;
  std::vector<Code> diagnoses;
  std::vector<Code> procedures;
  std::vector<Code> drugs;
  std::vector<Code> lab_items;                // JLAC10 codes with units (SS-MIX2 OBX)
  std::vector<Code> checkup_items;            // 特定健診 item codes with units (XML)
  std::vector<Code> death_causes;             // ICD-10 codes with names
  std::vector<KanjiVariant> kanji_variants;

  // Lookups (throw std::out_of_range with the key in the message if absent).
  const Municipality& municipality(const std::string& code) const;
  std::span<const Code> group(const std::vector<Code>& table, const std::string& group_name) const;

  // Parses the TSV files of kernels/synth/data (as embedded: name = file name). `embedded()` is
  // parse(embedded_synth_tables()) done once. Throws std::runtime_error naming the file and line.
  static Tables parse(std::span<const EmbeddedFile> files);
};

}  // namespace nayose::synth
