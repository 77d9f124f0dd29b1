#include "kernels/normalize/kana.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/normalize/utf8.hpp"
#include "kernels/synth/kana.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::normalize {
namespace {

// Slow oracle of normalize_kana, written from DOMAIN §4.2 step by step on UTF-32 with ICU's UTF-16
// NFKC.
std::u32string to_u32(const std::string& s) { return synth::utf8_to_u32(s); }

std::string normalize_kana_oracle(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::string nf;
  icu::Normalizer2::getNFKCInstance(status)->normalize(icu::UnicodeString::fromUTF8(text), status).toUTF8String(nf);
  std::u32string s;
  for (char32_t c : to_u32(nf)) {
    if (c >= 0x3041 && c <= 0x3096) c += 0x60;
    if (c == 0x309D || c == 0x309E) c += 0x60;
    s.push_back(c);
  }
  std::u32string t;
  for (const char32_t c : s) {
    if (c != U' ' && c != U'\u3000' && c != U'・' && c != U'･') t.push_back(c);
  }
  const auto kana = [](char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; };
  const std::u32string dashes = U"-\u2010\u2011\u2012\u2013\u2014\u2015\u2212";
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (dashes.find(t[i]) == std::u32string::npos || i == 0 || !kana(t[i - 1])) continue;
    if (i + 1 == t.size() || kana(t[i + 1]) || dashes.find(t[i + 1]) != std::u32string::npos) t[i] = U'ー';
  }
  return synth::u32_to_utf8(t);
}

TEST(NormalizeKana, DomainExamples) {
  EXPECT_EQ(normalize_kana("ｶﾞ"), "ガ");
  EXPECT_EQ(normalize_kana("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
  EXPECT_EQ(normalize_kana("やまだ\u3000たろう"), "ヤマダタロウ");
  EXPECT_EQ(normalize_kana("ヤマダ・タロウ"), "ヤマダタロウ");
  EXPECT_EQ(normalize_kana("ﾔﾏﾀﾞ･ﾀﾛｳ"), "ヤマダタロウ");
  EXPECT_EQ(normalize_kana("ｼﾞｮｰ"), "ジョー");
  EXPECT_EQ(normalize_kana("ぱぴぷ"), "パピプ");
  EXPECT_EQ(normalize_kana("さゝき"), "サヽキ");
  EXPECT_EQ(normalize_kana("ヴ"), "ヴ");
  EXPECT_EQ(normalize_kana("ｳﾞｨ"), "ヴィ");
}

TEST(NormalizeKana, LongVowelLookalikesOnlyBetweenKana) {
  for (const char* dash : {"-", "－", "‐", "‑", "‒", "–", "—", "―", "−"}) {
    EXPECT_EQ(normalize_kana(std::string("オ") + dash + "タ"), "オータ") << dash;
    EXPECT_EQ(normalize_kana(std::string("ジョ") + dash), "ジョー") << dash;  // name-final long vowel
  }
  EXPECT_EQ(normalize_kana("ｵｰﾀ"), "オータ");
  EXPECT_EQ(normalize_kana("ABC-1"), "ABC-1");
  EXPECT_EQ(normalize_kana("-オ"), "-オ");
  EXPECT_EQ(normalize_kana("オ-1"), "オ-1");
  EXPECT_EQ(normalize_kana("山-田"), "山-田");
}

TEST(NormalizeKana, MatchesOracleOnRandomMixes) {
  const std::vector<char32_t> alphabet = {U'ｶ', U'ﾞ', U'ﾟ', U'ﾊ', U'ｰ', U'ｧ', U'ｯ', U'ｱ', U'･', U' ', U'\u3000', U'・',
                                          U'か', U'ぁ', U'ゝ', U'ゔ', U'カ', U'ァ', U'ー', U'-', U'－', U'‐', U'−',
                                          U'—', U'山', U'A', U'1', U'ヴ', U'ヷ', U'ン', U'ッ'};
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const std::size_t n = rng() % 10;
    for (std::size_t k = 0; k < n; ++k) utf8::append(s, alphabet[rng() % alphabet.size()]);
    ASSERT_EQ(normalize_kana(s), normalize_kana_oracle(s)) << s;
  }
}

TEST(KanaFlags, HalfWidthAndHiragana) {
  EXPECT_TRUE(has_halfwidth_katakana("ﾔﾏﾀﾞ"));
  EXPECT_TRUE(has_halfwidth_katakana("ｦ"));   // U+FF66, first
  EXPECT_TRUE(has_halfwidth_katakana("ﾟ"));   // U+FF9F, last
  EXPECT_FALSE(has_halfwidth_katakana("ヤマダ"));
  EXPECT_FALSE(has_halfwidth_katakana("･"));  // U+FF65 middle dot is not kana
  EXPECT_FALSE(has_halfwidth_katakana("ＡＢ"));
  EXPECT_TRUE(has_hiragana("やまだ"));
  EXPECT_TRUE(has_hiragana("ぁ"));
  EXPECT_TRUE(has_hiragana("ゟ"));
  EXPECT_FALSE(has_hiragana("ヤマダ"));
  EXPECT_FALSE(has_hiragana("\u3099"));      // a combining mark alone is not hiragana
  EXPECT_FALSE(has_hiragana("山田"));
}

TEST(MatchKeyKana, DomainEquivalences) {
  // §0.4 small kana stored as large.
  EXPECT_EQ(match_key_kana("ショウイチ"), match_key_kana("シヨウイチ"));
  EXPECT_EQ(match_key_kana("ショウイチ"), match_key_kana("ショーイチ"));
  EXPECT_EQ(match_key_kana("ショウイチ"), "シヨイチ");
  // §4.2 long vowels.
  for (const char* s : {"オオタ", "オータ", "オウタ", "ｵｰﾀ", "おおた"}) EXPECT_EQ(match_key_kana(s), "オタ") << s;
  for (const char* s : {"ユウコ", "ユーコ"}) EXPECT_EQ(match_key_kana(s), "ユコ") << s;
  for (const char* s : {"エイジ", "エージ"}) EXPECT_EQ(match_key_kana(s), "エジ") << s;
  for (const char* s : {"サトウ", "サトー", "サトオ"}) EXPECT_EQ(match_key_kana(s), "サト") << s;
  for (const char* s : {"ケイコ", "ケーコ"}) EXPECT_EQ(match_key_kana(s), "ケコ") << s;
  EXPECT_EQ(match_key_kana("ユウキ"), match_key_kana("ユーキ"));
  EXPECT_EQ(match_key_kana("イノウエ"), "イノウエ");  // ウ before エ is a mora of its own
  EXPECT_EQ(match_key_kana("カアサン"), "カサン");
  // Reading folds.
  EXPECT_EQ(match_key_kana("ヴァイオリン"), match_key_kana("ブアイオリン"));
  EXPECT_EQ(match_key_kana("チヂミ"), match_key_kana("チジミ"));
  EXPECT_EQ(match_key_kana("ツヅキ"), match_key_kana("ツズキ"));
  EXPECT_EQ(match_key_kana("カヲル"), match_key_kana("カオル"));
  EXPECT_EQ(match_key_kana("ヰ"), "イ");
  EXPECT_EQ(match_key_kana("ヱミ"), "エミ");
  EXPECT_EQ(match_key_kana("ヵヶ"), "カケ");
  EXPECT_EQ(match_key_kana("ヮ"), "ワ");
  // Voiced marks are kept by default.
  EXPECT_NE(match_key_kana("ガトウ"), match_key_kana("カトウ"));
  EXPECT_EQ(match_key_kana(""), "");
  EXPECT_EQ(match_key_kana("ー"), "ー");  // nothing to lengthen
}

TEST(MatchKeyKana, VoicedMarksFolded) {
  const auto key = [](const char* s) { return match_key_kana(s, VoicedMarks::fold); };
  EXPECT_EQ(key("ガトウ"), key("カトウ"));
  EXPECT_EQ(key("パン"), "ハン");
  EXPECT_EQ(key("バン"), "ハン");
  EXPECT_EQ(key("ｶﾞｯｺｳ"), "カツコ");
  EXPECT_EQ(key("ヴ"), "フ");  // ヴ → ブ → フ
  EXPECT_EQ(key("ヂ"), "シ");
  EXPECT_EQ(key("ヅ"), "ス");
  EXPECT_EQ(key("デド"), "テト");
  EXPECT_EQ(key("ギグゲゴザジズゼゾダ"), "キクケコサシスセソタ");
  EXPECT_EQ(key("ビピブプベペボポ"), "ヒヒフフヘヘホホ");
  EXPECT_EQ(key("ア\u3099"), "ア");  // a lone combining mark is dropped
  EXPECT_EQ(key("ッツテト"), "ツツテト");
}

TEST(MatchKeyKana, NormalizedEntryPointAgrees) {
  for (const char* s : {"ｼﾖｳｲﾁ", "やまだ たろう", "オ－タ", "ヴィ"}) {
    EXPECT_EQ(match_key_of_normalized_kana(normalize_kana(s)), match_key_kana(s)) << s;
  }
}

// Every spelling variant nayose generate injects (kernels/synth/kana.hpp) has the key of the true
// reading — over every surname and given name of the synthetic tables.
TEST(MatchKeyKana, UndoesEveryGeneratedVariantOverTheNameTables) {
  const synth::Tables& tables = synth::Tables::embedded();
  std::vector<std::string> readings;
  for (const auto& s : tables.surnames) readings.push_back(s.kana);
  for (const auto& g : tables.given_names) readings.push_back(g.kana);
  ASSERT_GT(readings.size(), 1000U);
  std::size_t checked = 0;
  for (const std::string& r : readings) {
    const std::string key = match_key_kana(r);
    const std::string normalized = normalize_kana(r);
    ASSERT_EQ(match_key_kana(synth::to_halfwidth_kana(r)), key) << r;
    ASSERT_EQ(normalize_kana(synth::katakana_to_hiragana(r)), normalized) << r;
    ASSERT_EQ(match_key_kana(synth::small_kana_to_large(r)), key) << r;
    ASSERT_EQ(match_key_kana(synth::long_vowel_variant(r)), key) << r;
    ASSERT_EQ(match_key_kana(synth::long_vowel_variant(synth::small_kana_to_large(r))), key) << r;
    ASSERT_EQ(match_key_kana(synth::to_halfwidth_kana(synth::long_vowel_variant(r))), key) << r;
    ++checked;
  }
  EXPECT_EQ(checked, readings.size());
}

}  // namespace
}  // namespace nayose::normalize
