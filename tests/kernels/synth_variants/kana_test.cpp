#include "kernels/synth/kana.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <set>
#include <string>
#include <utility>

using namespace nayose::synth;

namespace {

// Independent oracle for the half-width direction: NFKC composes ｶﾞ back into ガ (DOMAIN §4.2).
std::string nfkc(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  EXPECT_TRUE(U_SUCCESS(status));
  const icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(s), status);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

// The katakana block ァ..ヶ as UTF-8 strings.
std::vector<std::string> all_katakana() {
  std::vector<std::string> out;
  for (char32_t c = U'ァ'; c <= U'ヶ'; ++c) out.push_back(u32_to_utf8(std::u32string(1, c)));
  return out;
}

}  // namespace

TEST(Utf8, RoundTripsAndReplacesMalformedBytes) {
  const std::string text = "髙橋 𠮷田 ｶﾞ A";
  EXPECT_EQ(u32_to_utf8(utf8_to_u32(text)), text);
  EXPECT_EQ(utf8_to_u32("𠮷").size(), 1U);
  EXPECT_EQ(utf8_to_u32("ｶﾞ").size(), 2U);
  EXPECT_EQ(utf8_to_u32(std::string("a\xff" "b")), std::u32string(U"a\uFFFDb"));
  EXPECT_EQ(utf8_to_u32(std::string("\xe3\x82")), std::u32string(U"\uFFFD\uFFFD"));  // truncated sequence
  EXPECT_EQ(utf8_to_u32(std::string("\xc0\xaf")), std::u32string(U"\uFFFD\uFFFD"));  // overlong '/'
}

TEST(HalfWidth, ConcreteNames) {
  EXPECT_EQ(to_halfwidth_kana("タカハシ　ショウタ"), "ﾀｶﾊｼ ｼｮｳﾀ");
  EXPECT_EQ(to_halfwidth_kana("ガ"), "ｶﾞ");
  EXPECT_EQ(utf8_to_u32(to_halfwidth_kana("ガ")), std::u32string(U"\uFF76\uFF9E"));  // two code points
  EXPECT_EQ(to_halfwidth_kana("パ"), "ﾊﾟ");
  EXPECT_EQ(to_halfwidth_kana("ヴ"), "ｳﾞ");
  EXPECT_EQ(to_halfwidth_kana("ユーコ"), "ﾕｰｺ");
  EXPECT_EQ(to_halfwidth_kana("ヲ・ン"), "ｦ･ﾝ");
  EXPECT_EQ(to_halfwidth_kana("ゴトウ１２"), "ｺﾞﾄｳ12");
  // No JIS X 0201 form: folded to the nearest so the name is uniformly half-width.
  EXPECT_EQ(to_halfwidth_kana("ヰヱヮヵヶ"), "ｲｴﾜｶｹ");
  EXPECT_EQ(to_halfwidth_kana("ヸヹ"), "ｲﾞｴﾞ");
  EXPECT_EQ(to_halfwidth_kana(""), "");
}

TEST(HalfWidth, NfkcRestoresEveryKatakanaThatHasAHalfWidthForm) {
  const std::set<std::string> folded = {"ヰ", "ヱ", "ヮ", "ヵ", "ヶ"};
  for (const std::string& k : all_katakana()) {
    const std::string half = to_halfwidth_kana(k);
    for (const char32_t c : utf8_to_u32(half)) {
      if (folded.count(k) == 0) {
        EXPECT_TRUE(c >= 0xFF61 && c <= 0xFF9F) << k << " -> " << half;
      }
    }
    if (folded.count(k) == 0) {
      EXPECT_EQ(nfkc(half), k) << half;
    }
  }
}

TEST(Hiragana, ScriptOnlyNoLongVowelRewriting) {
  EXPECT_EQ(katakana_to_hiragana("タカハシ　ショウタ"), "たかはし　しょうた");
  // ICU's Katakana-Hiragana would write しょおた / ゆうこ: we keep ー, a script change only.
  EXPECT_EQ(katakana_to_hiragana("ショータ"), "しょーた");
  EXPECT_EQ(katakana_to_hiragana("ユーコ"), "ゆーこ");
  EXPECT_EQ(katakana_to_hiragana("ヴヵヶヽヾ"), "ゔゕゖゝゞ");
  EXPECT_EQ(katakana_to_hiragana("ヷ"), "わ\u3099");
  EXPECT_EQ(katakana_to_hiragana("髙橋ABC"), "髙橋ABC");
  for (const std::string& k : all_katakana()) {
    const std::u32string h = utf8_to_u32(katakana_to_hiragana(k));
    ASSERT_EQ(h.size(), 1U);
    EXPECT_TRUE(h[0] >= U'ぁ' && h[0] <= U'ゖ') << k;
  }
}

TEST(SmallKana, AllTwelveBecomeLarge) {
  EXPECT_EQ(small_kana_to_large("ショウイチ"), "シヨウイチ");
  EXPECT_EQ(small_kana_to_large("ァィゥェォッャュョヮヵヶ"), "アイウエオツヤユヨワカケ");
  EXPECT_EQ(small_kana_to_large("きょうこ"), "きようこ");
  EXPECT_EQ(small_kana_to_large("タカハシ"), "タカハシ");
  EXPECT_TRUE(has_small_kana("ショウ"));
  EXPECT_TRUE(has_small_kana("ハットリ"));
  EXPECT_FALSE(has_small_kana("タカハシ"));
}

TEST(LongVowel, ForwardAndReverse) {
  const std::pair<const char*, const char*> cases[] = {
      {"オオタ", "オータ"},     {"オータ", "オオタ"},         {"ユウコ", "ユーコ"},   {"ユーコ", "ユウコ"},
      {"エイジ", "エージ"},     {"ケー", "ケイ"},             {"ショウイチ", "ショーイチ"},
      {"ショータ", "ショウタ"}, {"サトウ", "サトー"},         {"トオル", "トール"},   {"キュウ", "キュー"},
      {"ホウジョウ", "ホージョー"}, {"マーヤ", "マアヤ"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(long_vowel_variant(in), out) << in;
  // Not long vowels: ウ of 上 (イノウエ), a vowel kana starting a new mora (ウォ), nothing to vary.
  EXPECT_EQ(long_vowel_variant("イノウエ"), "イノウエ");
  EXPECT_EQ(long_vowel_variant("コウォ"), "コウォ");
  EXPECT_EQ(long_vowel_variant("タカハシ"), "タカハシ");
  EXPECT_EQ(long_vowel_variant("ミウラ"), "ミウラ");
  EXPECT_EQ(long_vowel_variant(""), "");
}

TEST(KanaTypo, ChangesExactlyOneKanaToANeighbour) {
  const std::set<std::pair<char32_t, char32_t>> voicing = {
      {U'カ', U'ガ'}, {U'キ', U'ギ'}, {U'ク', U'グ'}, {U'ケ', U'ゲ'}, {U'コ', U'ゴ'}, {U'サ', U'ザ'}, {U'シ', U'ジ'},
      {U'ス', U'ズ'}, {U'セ', U'ゼ'}, {U'ソ', U'ゾ'}, {U'タ', U'ダ'}, {U'チ', U'ヂ'}, {U'ツ', U'ヅ'}, {U'テ', U'デ'},
      {U'ト', U'ド'}, {U'ハ', U'バ'}, {U'ハ', U'パ'}, {U'バ', U'パ'}, {U'ヒ', U'ビ'}, {U'ヒ', U'ピ'}, {U'ビ', U'ピ'},
      {U'フ', U'ブ'}, {U'フ', U'プ'}, {U'ブ', U'プ'}, {U'ヘ', U'ベ'}, {U'ヘ', U'ペ'}, {U'ベ', U'ペ'}, {U'ホ', U'ボ'},
      {U'ホ', U'ポ'}, {U'ボ', U'ポ'}, {U'シ', U'ツ'}, {U'ソ', U'ン'}, {U'ク', U'タ'}, {U'ウ', U'ワ'}, {U'ス', U'ヌ'},
      {U'コ', U'ロ'}, {U'チ', U'テ'}, {U'ル', U'レ'}, {U'ノ', U'メ'}};
  const auto neighbours = [&voicing](char32_t a, char32_t b) {
    return voicing.count({a, b}) + voicing.count({b, a}) > 0;
  };
  const std::string name = "ヤマグチ　ショウタ";
  const std::u32string before = utf8_to_u32(name);
  std::set<std::string> seen;
  for (std::uint64_t r = 0; r < 2000; ++r) {
    const std::string typo = kana_typo(name, r * 0x9E3779B97F4A7C15ULL);
    EXPECT_EQ(typo, kana_typo(name, r * 0x9E3779B97F4A7C15ULL));  // pure function
    const std::u32string after = utf8_to_u32(typo);
    ASSERT_EQ(after.size(), before.size());
    int changed = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (before[i] == after[i]) continue;
      ++changed;
      EXPECT_TRUE(neighbours(before[i], after[i])) << name << " -> " << typo;
    }
    EXPECT_EQ(changed, 1) << typo;
    seen.insert(typo);
  }
  // Every reachable typo occurs: グ→ク, チ→ヂ/テ, シ→ジ/ツ, ウ→ワ, タ→ダ/ク.
  EXPECT_EQ(seen.size(), 8U);
  EXPECT_TRUE(seen.count("ヤマクチ　ショウタ") == 1);
  EXPECT_EQ(kana_typo("ガ", 12345), "カ");
  EXPECT_EQ(kana_typo("ャー", 1), "ャー");  // nothing to mistype
  EXPECT_FALSE(has_typo_candidate("ャー"));
  EXPECT_TRUE(has_typo_candidate("ガ"));
}

TEST(Digits, ToFullWidth) {
  EXPECT_EQ(digits_to_fullwidth("123"), "１２３");
  EXPECT_EQ(digits_to_fullwidth("A-1209"), "A-１２０９");
  EXPECT_EQ(digits_to_fullwidth("記号"), "記号");
  EXPECT_EQ(digits_to_fullwidth(""), "");
}
