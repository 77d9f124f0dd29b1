#include "kernels/synth/tables.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "kernels/synth/check_digits.hpp"
#include "kernels/synth/embedded_tables.hpp"

namespace nayose::synth {
namespace {

TEST(SynthTables, LoadWithSaneSizes) {
  const Tables& t = Tables::embedded();
  EXPECT_EQ(&t, &Tables::embedded());  // parsed once
  EXPECT_EQ(t.surnames.size(), 1999U);
  EXPECT_GT(t.given_names.size(), 80000U);
  EXPECT_EQ(t.municipalities.size(), 1892U);
  EXPECT_EQ(t.population.size(), 47U * 2U * 21U);
  EXPECT_GE(t.diagnoses.size(), 250U);
  EXPECT_GE(t.procedures.size(), 60U);
  EXPECT_GE(t.drugs.size(), 180U);
  EXPECT_GE(t.lab_items.size(), 12U);
  EXPECT_GE(t.checkup_items.size(), 50U);
  EXPECT_GE(t.death_causes.size(), 30U);
  EXPECT_EQ(t.kanji_variants.size(), 10U);
  std::size_t bytes = 0;
  for (const EmbeddedFile& f : embedded_synth_tables()) bytes += f.content.size();
  EXPECT_LT(bytes, 4U * 1024U * 1024U);
}

TEST(SynthTables, Surnames) {
  const Tables& t = Tables::embedded();
  EXPECT_EQ(t.surnames.front().kanji, "佐藤");
  EXPECT_EQ(t.surnames.front().kana, "サトウ");
  for (std::size_t i = 1; i < t.surnames.size(); ++i) EXPECT_GE(t.surnames[i - 1].weight, t.surnames[i].weight);
  bool kaneko = false;
  for (const Surname& s : t.surnames) {
    if (s.kanji == "金子") kaneko = s.kana == "カネコ";
    EXPECT_EQ(s.kana.find("ア") == std::string::npos && s.kana.find("あ") != std::string::npos, false) << s.kana;
  }
  EXPECT_TRUE(kaneko) << "金子 must read カネコ (DOMAIN §4.5)";
}

TEST(SynthTables, GivenNamesHaveVariantsBothWays) {
  const Tables& t = Tables::embedded();
  std::map<std::string, std::set<std::string>> readings_of_kanji, kanji_of_reading;
  bool katakana_women = false;
  for (const GivenName& g : t.given_names) {
    readings_of_kanji[g.kanji].insert(g.kana);
    kanji_of_reading[g.kana].insert(g.kanji);
    if (g.sex == Sex::female && g.kanji == "ハル" && g.born_from == 1912 && g.born_to == 1921) katakana_women = true;
    EXPECT_LE(g.born_from, g.born_to);
  }
  EXPECT_GE(readings_of_kanji["大翔"].size(), 3U);  // ひろと / はると / やまと ...
  EXPECT_GE(kanji_of_reading["ヒロシ"].size(), 10U);
  EXPECT_TRUE(katakana_women);
}

TEST(SynthTables, MunicipalitiesValidAndLiveable) {
  const Tables& t = Tables::embedded();
  std::set<std::string> prefectures;
  for (const Municipality& m : t.municipalities) {
    EXPECT_TRUE(is_valid_local_government_code(m.code)) << m.code;
    EXPECT_TRUE(is_valid_local_government_code(m.city_code)) << m.city_code;
    EXPECT_EQ(m.code.substr(0, 2), m.prefecture_code);
    EXPECT_FALSE(m.postal_areas.empty()) << m.code;
    EXPECT_LE(m.postal_areas.size(), 20U);
    EXPECT_GT(m.weight, 0U);
    EXPECT_EQ(m.name.find(' '), std::string::npos);
    for (const PostalArea& a : m.postal_areas) EXPECT_EQ(a.postal_code.size(), 7U);
    prefectures.insert(m.prefecture_code);
  }
  EXPECT_EQ(prefectures.size(), 47U);
  // Designated-city parents are replaced by their wards; wards point at the city.
  EXPECT_THROW(t.municipality("011002"), std::out_of_range);
  EXPECT_EQ(t.municipality("011011").name, "札幌市中央区");
  EXPECT_EQ(t.municipality("011011").city_code, "011002");
  EXPECT_EQ(t.municipality("131016").name, "千代田区");
  EXPECT_EQ(t.municipality("131016").city_code, "131016");
  EXPECT_EQ(t.municipality("221384").name, "浜松市中央区");  // 2024 ward, added from the postal file
}

TEST(SynthTables, PopulationCellsMatchTheSource) {
  const Tables& t = Tables::embedded();
  std::uint64_t total = 0;
  for (const PopulationCell& c : t.population) total += c.count;
  // Sum of the prefecture x sex x band cells of jumin_2021-01-01_pref_sex_age5.csv (slightly below the
  // 126,654,244 total: foreign residents' ages are suppressed in small municipalities).
  EXPECT_EQ(total, 126645025U);
}

TEST(SynthTables, CodeGroupsAreContiguousAndComplete) {
  const Tables& t = Tables::embedded();
  for (const char* g : {"hypertension", "diabetes", "dyslipidemia", "acute", "orthopedic", "elderly", "inpatient"}) {
    EXPECT_FALSE(t.group(t.diagnoses, g).empty()) << g;
  }
  for (const char* g : {"first_visit", "revisit", "management", "prescription", "lab_test", "inpatient"}) {
    EXPECT_FALSE(t.group(t.procedures, g).empty()) << g;
  }
  for (const char* g : {"oral_drug:hypertension", "oral_drug:diabetes", "oral_drug:dyslipidemia", "oral_drug:acute",
                        "oral_drug:orthopedic", "oral_drug:elderly", "oral_drug:inpatient", "topical_drug:orthopedic"}) {
    EXPECT_FALSE(t.group(t.drugs, g).empty()) << g;
  }
  EXPECT_EQ(t.group(t.checkup_items, "checkup_core").size(), 16U);
  EXPECT_GE(t.group(t.lab_items, "lab_core").size(), 12U);
  EXPECT_EQ(t.group(t.death_causes, "death_cause").size(), t.death_causes.size());
  EXPECT_THROW(t.group(t.diagnoses, "no_such_group"), std::out_of_range);
  for (const auto* table : {&t.diagnoses, &t.procedures, &t.drugs, &t.lab_items, &t.checkup_items, &t.death_causes}) {
    for (std::size_t i = 1; i < table->size(); ++i) {
      EXPECT_LE((*table)[i - 1].group, (*table)[i].group);
    }
  }
  const auto first_visit = t.group(t.procedures, "first_visit");
  ASSERT_EQ(first_visit.size(), 1U);
  EXPECT_EQ(first_visit[0].code, "111000110");
  EXPECT_EQ(first_visit[0].points, 291);
  bool hypertension = false;
  for (const Code& c : t.diagnoses) hypertension = hypertension || (c.name == "高血圧症" && c.icd10 == "I10");
  EXPECT_TRUE(hypertension);
  for (const Code& c : t.drugs) {
    EXPECT_EQ(c.code.size(), 9U);
    EXPECT_GT(c.points, 0);
    EXPECT_FALSE(c.unit.empty());
  }
  for (const Code& c : t.checkup_items) EXPECT_EQ(c.code.size(), 17U) << c.code;
}

TEST(SynthTables, KanjiVariants) {
  const Tables& t = Tables::embedded();
  std::map<std::string, bool> jis;
  for (const KanjiVariant& v : t.kanji_variants) jis[v.variant] = v.in_jis_x0208;
  EXPECT_FALSE(jis.at("髙"));
  EXPECT_FALSE(jis.at("﨑"));
  EXPECT_FALSE(jis.at("德"));
  EXPECT_FALSE(jis.at("𠮷"));
  EXPECT_TRUE(jis.at("邊"));
  EXPECT_TRUE(jis.at("齋"));
}

TEST(SynthTables, ParseReportsFileAndLine) {
  const EmbeddedFile broken[] = {{"surnames.tsv", "kanji\tkana\tweight\n佐藤\tサトウ\tmany\n"}};
  try {
    Tables::parse(broken);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("surnames.tsv:2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nayose::synth
