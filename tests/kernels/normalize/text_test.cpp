#include "kernels/normalize/text.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/normalize/utf8.hpp"

namespace nayose::normalize {
namespace {

// Slow oracle: ICU's UTF-16 API.
std::string nfkc_oracle(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  const icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(text), status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

TEST(Nfkc, DomainExamples) {
  EXPECT_EQ(nfkc("１２３"), "123");                  // full-width digits (DOMAIN §0.5)
  EXPECT_EQ(nfkc("ＡＢＣ"), "ABC");
  EXPECT_EQ(nfkc("ｶﾞ"), "ガ");                       // half-width kana + separate dakuten (§0.3)
  EXPECT_EQ(nfkc("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
  EXPECT_EQ(nfkc("ｰ"), "ー");
  EXPECT_EQ(nfkc("山田\u3000太郎"), "山田 太郎");    // ideographic space → U+0020
  EXPECT_EQ(nfkc("－"), "-");                         // §4.2: full-width hyphen-minus → ASCII
  EXPECT_EQ(nfkc("‐"), "‐");                          // U+2010 untouched
  // §4.3: NFKC does not fold the name variants …
  for (const char* s : {"髙", "﨑", "德", "𠮷", "邊", "齋"}) EXPECT_EQ(nfkc(s), s) << s;
  // … but folds compatibility ideographs that have a decomposition.
  EXPECT_EQ(nfkc("\uFA4C"), "\u793E");  // 社 → 社
}

TEST(Nfkc, AsciiFastPathAndMalformedInput) {
  EXPECT_EQ(nfkc(""), "");
  EXPECT_EQ(nfkc("ABC-123 xyz"), "ABC-123 xyz");
  EXPECT_EQ(nfkc("A\xFF" "B"), "A\uFFFDB");          // a bad byte becomes U+FFFD
  EXPECT_EQ(nfkc("\xE3\x81"), "\uFFFD\uFFFD");        // truncated sequence
  EXPECT_EQ(nfkc("\xC0\xAF"), "\uFFFD\uFFFD");        // overlong
  EXPECT_EQ(nfkc("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate
}

TEST(Nfkc, MatchesIcuUtf16OnRandomMixes) {
  const std::vector<char32_t> alphabet = {U'a', U'Z', U'1', U' ', U'-', U'\u3000', U'１', U'Ａ', U'ｶ', U'ﾞ', U'ﾟ', U'ﾊ',
                                          U'ｰ', U'ｧ', U'か', U'゙', U'カ', U'ー', U'山', U'髙', U'﨑', U'\uFA4C', U'①',
                                          U'㈱', U'ｱ', U'－', U'‐', U'・', U'･', U'\U00020BB7', U'é', U'e', U'\u0301'};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    const std::size_t n = rng() % 12;
    for (std::size_t k = 0; k < n; ++k) utf8::append(s, alphabet[rng() % alphabet.size()]);
    ASSERT_EQ(nfkc(s), nfkc_oracle(s)) << s;
  }
}

TEST(Spaces, RemoveAndTrim) {
  EXPECT_EQ(remove_spaces(" 山田\u3000太郎 "), "山田太郎");
  EXPECT_EQ(remove_spaces(""), "");
  EXPECT_EQ(trim_spaces("\u3000 山田 太郎\t\u3000"), "山田 太郎");
  EXPECT_EQ(trim_spaces("\u3000\u3000"), "");
  EXPECT_EQ(trim_spaces("x"), "x");
}

TEST(Digits, ToAsciiAndDetection) {
  EXPECT_EQ(digits_to_ascii("１２３ab４"), "123ab4");
  EXPECT_EQ(digits_to_ascii("東１"), "東1");
  EXPECT_TRUE(has_fullwidth_digits("記号１"));
  EXPECT_TRUE(has_fullwidth_digits("９"));
  EXPECT_FALSE(has_fullwidth_digits("123"));
  EXPECT_FALSE(has_fullwidth_digits("ＡＢ"));  // EF BC A1.. are letters
}

TEST(Substitutes, DetectsEachSymbol) {
  for (const char* s : {"■橋", "●崎", "〓田", "？田", "?田", "\uFFFD田"}) EXPECT_TRUE(has_substitute_character(s)) << s;
  for (const char* s : {"高橋", "山崎", "", "ABC", "□田"}) EXPECT_FALSE(has_substitute_character(s)) << s;
}

TEST(SplitFullName, AtFirstSpaceOfEitherWidth) {
  NameSplit a = split_full_name("山田\u3000太郎");
  EXPECT_TRUE(a.split);
  EXPECT_EQ(a.surname, "山田");
  EXPECT_EQ(a.given, "太郎");
  NameSplit b = split_full_name("ﾔﾏﾀﾞ ﾀﾛｳ");
  EXPECT_TRUE(b.split);
  EXPECT_EQ(b.surname, "ﾔﾏﾀﾞ");
  EXPECT_EQ(b.given, "ﾀﾛｳ");
  NameSplit c = split_full_name("\u3000山田 太郎 花子\u3000");  // ends trimmed, first inner space wins
  EXPECT_EQ(c.surname, "山田");
  EXPECT_EQ(c.given, "太郎 花子");
  NameSplit d = split_full_name("山田太郎");
  EXPECT_FALSE(d.split);
  EXPECT_EQ(d.surname, "山田太郎");
  EXPECT_EQ(d.given, "");
  EXPECT_FALSE(split_full_name("").split);
  EXPECT_FALSE(split_full_name("\u3000").split);
}

}  // namespace
}  // namespace nayose::normalize
