#include "kernels/normalize/kanji.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kernels/normalize/text.hpp"
#include "kernels/normalize/utf8.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::normalize {
namespace {

std::string utf8_of(char32_t c) {
  std::string s;
  utf8::append(s, c);
  return s;
}

TEST(KanjiVariants, TableRules) {
  const auto table = kanji_variants();
  ASSERT_GE(table.size(), 150U);
  std::set<char32_t> variants;
  for (const KanjiVariant& p : table) {
    EXPECT_TRUE(variants.insert(p.variant).second) << utf8_of(p.variant) << " listed twice";
    EXPECT_NE(p.variant, p.common);
    // Stated in NFKC form: NFKC runs first in ingest, so an NFKC-unstable row could never match.
    EXPECT_EQ(nfkc(utf8_of(p.variant)), utf8_of(p.variant));
    EXPECT_EQ(nfkc(utf8_of(p.common)), utf8_of(p.common));
  }
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].variant, table[i].variant);
  for (const KanjiVariant& p : table) {
    EXPECT_EQ(variants.count(p.common), 0U) << utf8_of(p.common) << " is both common and variant";
  }
  // DOMAIN §0.9: 斎藤 and 斉藤 are different surnames; neither is ever folded.
  EXPECT_EQ(variants.count(U'斎'), 0U);
  EXPECT_EQ(variants.count(U'斉'), 0U);
  EXPECT_EQ(fold_kanji_variant(U'齋'), U'斎');
  EXPECT_EQ(fold_kanji_variant(U'齊'), U'斉');
}

TEST(KanjiVariants, CoversTheSyntheticPopulationsVariants) {
  const synth::Tables& tables = synth::Tables::embedded();
  ASSERT_EQ(tables.kanji_variants.size(), 10U);
  for (const synth::KanjiVariant& v : tables.kanji_variants) {
    EXPECT_EQ(kanji_soft_key(v.variant), v.common) << v.variant;
  }
}

TEST(KanjiSoftKey, DomainExamples) {
  EXPECT_EQ(kanji_soft_key("髙橋"), "高橋");
  EXPECT_EQ(kanji_soft_key("髙橋"), kanji_soft_key("高橋"));
  EXPECT_EQ(kanji_soft_key("山﨑"), "山崎");
  EXPECT_EQ(kanji_soft_key("渡邊"), "渡辺");
  EXPECT_EQ(kanji_soft_key("渡邉"), "渡辺");
  EXPECT_EQ(kanji_soft_key("齋藤"), "斎藤");
  EXPECT_EQ(kanji_soft_key("齊藤"), "斉藤");
  EXPECT_NE(kanji_soft_key("斎藤"), kanji_soft_key("斉藤"));
  EXPECT_NE(kanji_soft_key("齋藤"), kanji_soft_key("齊藤"));
  EXPECT_EQ(kanji_soft_key("𠮷田"), "吉田");
  EXPECT_EQ(kanji_soft_key("德川"), "徳川");
  EXPECT_EQ(kanji_soft_key("澤田"), "沢田");
  EXPECT_EQ(kanji_soft_key("濱田"), "浜田");
  EXPECT_EQ(kanji_soft_key("廣瀬"), "広瀬");
  EXPECT_EQ(kanji_soft_key("櫻井"), "桜井");
  EXPECT_EQ(kanji_soft_key("國男"), "国男");
  EXPECT_EQ(kanji_soft_key("眞理子"), "真理子");
  EXPECT_EQ(kanji_soft_key("中嶋"), "中島");
  EXPECT_EQ(kanji_soft_key("中嶌"), "中島");
  EXPECT_EQ(kanji_soft_key("冨田"), "富田");
  EXPECT_EQ(kanji_soft_key("龍之介"), "竜之介");
  EXPECT_EQ(kanji_soft_key("壽"), "寿");
  EXPECT_EQ(kanji_soft_key("藤原"), "藤原");
  // Ideographic variation selectors (IVS / SVS) are dropped: 辻 with and without its two-dot IVS.
  EXPECT_EQ(kanji_soft_key("辻\U000E0100"), "辻");
  EXPECT_EQ(kanji_soft_key("葛\U000E0101城"), "葛城");
  EXPECT_EQ(kanji_soft_key("\uFE00"), "");
  // Non-kanji pass through.
  EXPECT_EQ(kanji_soft_key("ヤマダ tarō 123"), "ヤマダ tarō 123");
  EXPECT_EQ(kanji_soft_key(""), "");
  EXPECT_EQ(kanji_soft_key("■橋"), "■橋");
}

}  // namespace
}  // namespace nayose::normalize
