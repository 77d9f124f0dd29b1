#include "src/formats/encoding.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "src/common/error.hpp"

namespace nayose::formats {
namespace {

// True when `bytes` is 7-bit and switches only between ESC ( B (ASCII) and ESC $ B (JIS X 0208),
// ends in ASCII, and every JIS X 0208 byte pair lies in rows 1-8 or 16-84.
bool only_ascii_and_jisx0208(const std::string& bytes) {
  bool jis = false;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b >= 0x80) return false;
    if (b == 0x1B) {
      const std::string escape = bytes.substr(i, 3);
      if (escape == "\x1B(B") {
        jis = false;
      } else if (escape == "\x1B$B") {
        jis = true;
      } else {
        return false;
      }
      i += 3;
      continue;
    }
    if (jis) {
      if (b == '\r') return false;  // a line must return to ASCII first
      if (i + 1 >= bytes.size()) return false;
      const int row = b - 0x20;
      if (!((row >= 1 && row <= 8) || (row >= 16 && row <= 84))) return false;
      i += 2;
      continue;
    }
    ++i;
  }
  return !jis;
}

TEST(Cp932, CarriesTheNecAndIbmExtensionsOfMicrosoftCp932) {
  EXPECT_EQ(encode_cp932("髙﨑德"), "\xFB\xFC\xFA\xB1\xFA\xBA");
  EXPECT_EQ(decode_cp932("\xFB\xFC\xFA\xB1\xFA\xBA"), "髙﨑德");
  // NEC-selected IBM extension code of 髙 decodes to the same character.
  EXPECT_EQ(decode_cp932("\xEE\xE0"), "髙");
  EXPECT_TRUE(is_cp932_encodable(U'髙'));
  EXPECT_FALSE(is_cp932_encodable(U'\U00020BB7'));
}

TEST(Cp932, UsesTheMicrosoftMappingsForTildeMinusAndParallel) {
  EXPECT_EQ(encode_cp932("\uFF5E\uFF0D\u2225"), "\x81\x60\x81\x7C\x81\x61");
  EXPECT_EQ(decode_cp932("\x81\x60\x81\x7C\x81\x61"), "\uFF5E\uFF0D\u2225");
  EXPECT_EQ(encode_cp932("\\~"), "\\~");
}

TEST(Cp932, SubstitutesABlackSquareForCharactersOutsideCp932) {
  EXPECT_EQ(encode_cp932("𠮷田"), "\x81\xA1\x93\x63");
  EXPECT_EQ(decode_cp932(encode_cp932("𠮷田　太郎")), "■田　太郎");
}

TEST(Cp932, KeepsHalfWidthKanaHalfWidth) {
  EXPECT_EQ(encode_cp932("ｶﾞ ｱ"), "\xB6\xDE\x20\xB1");
}

TEST(Cp932, StrictDecoderRejectsIllegalSequences) {
  EXPECT_FALSE(decode_cp932("\x8E\x8E\x81\x20").has_value());
  EXPECT_FALSE(decode_cp932("abc\xFF").has_value());
  EXPECT_FALSE(decode_cp932("\x85\x40").has_value());  // unassigned row
  EXPECT_EQ(decode_cp932("RE,1\r\n\x1A"), "RE,1\r\n\x1A");
}

TEST(Cp932, ControlCodesMapToThemselvesAsInMicrosoftCp932) {
  // ICU's ibm-943 table permutes 1A/1C/7F (IBM PC controls); the wrapper undoes it.
  EXPECT_EQ(encode_cp932("\x1A\x1C\x7F"), "\x1A\x1C\x7F");
  EXPECT_EQ(decode_cp932("\x1A\x1C\x7F"), "\x1A\x1C\x7F");
  std::string ascii;
  for (int c = 1; c < 0x80; ++c) ascii.push_back(static_cast<char>(c));
  EXPECT_EQ(encode_cp932(ascii), ascii);
  EXPECT_EQ(decode_cp932(ascii), ascii);
}

// glibc's CP932 table (Microsoft's) is independent of ICU: convert one character with it.
class GlibcCp932 {
 public:
  GlibcCp932() : to_utf8_(iconv_open("UTF-8", "CP932")), from_utf8_(iconv_open("CP932", "UTF-8")) {}
  ~GlibcCp932() {
    iconv_close(to_utf8_);
    iconv_close(from_utf8_);
  }
  GlibcCp932(const GlibcCp932&) = delete;
  GlibcCp932& operator=(const GlibcCp932&) = delete;
  std::optional<std::string> decode(const std::string& bytes) { return run(to_utf8_, bytes); }
  std::optional<std::string> encode(const std::string& utf8) { return run(from_utf8_, utf8); }

 private:
  static std::optional<std::string> run(iconv_t cd, std::string in) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char out[32];
    char* in_ptr = in.data();
    std::size_t in_left = in.size();
    char* out_ptr = out;
    std::size_t out_left = sizeof out;
    if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1))
      return std::nullopt;
    return std::string(out, sizeof out - out_left);
  }
  iconv_t to_utf8_;
  iconv_t from_utf8_;
};

TEST(Cp932, AgreesWithGlibcOnEverySingleAndDoubleByteCode) {
  GlibcCp932 glibc;
  std::set<std::string> repertoire;
  std::size_t decodable = 0;
  const auto check = [&](const std::string& bytes) {
    const auto ours = decode_cp932(bytes);
    ASSERT_EQ(ours, glibc.decode(bytes))
        << "byte " << std::hex << static_cast<int>(static_cast<unsigned char>(bytes[0]));
    if (ours) {
      ++decodable;
      repertoire.insert(*ours);
    }
  };
  for (int b = 0; b < 0x100; ++b) {
    if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) continue;
    check(std::string(1, static_cast<char>(b)));
  }
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (lead > 0x9F && lead < 0xE0) continue;
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      if (trail != 0x7F) check({static_cast<char>(lead), static_cast<char>(trail)});
    }
  }
  EXPECT_GT(decodable, 9000U);
  for (const std::string& character : repertoire) {
    ASSERT_EQ(std::optional<std::string>(encode_cp932(character)), glibc.encode(character)) << character;
  }
}

TEST(Iso2022Jp, EncodesJisX0208BetweenEscapesAndEndsInAscii) {
  const std::string bytes = encode_iso2022jp("PID|高橋^翔太|M\r");
  EXPECT_EQ(bytes, "PID|\x1B$B9b66\x1B(B^\x1B$BfFB@\x1B(B|M\r");
  EXPECT_TRUE(only_ascii_and_jisx0208(bytes));
  EXPECT_EQ(decode_iso2022jp(bytes), "PID|高橋^翔太|M\r");
}

TEST(Iso2022Jp, SubstitutesEverythingOutsideAsciiAndJisX0208) {
  // 髙 (IBM ext.), ① (NEC row 13), ¥ (JIS X 0201 Roman), 𠮷 (outside the BMP), ～ is JIS 1-33.
  const std::string bytes = encode_iso2022jp("髙①¥𠮷～");
  EXPECT_TRUE(only_ascii_and_jisx0208(bytes));
  EXPECT_EQ(decode_iso2022jp(bytes), "■■■■～");
  EXPECT_FALSE(is_jisx0208_encodable(U'髙'));
  EXPECT_FALSE(is_jisx0208_encodable(U'①'));
  EXPECT_FALSE(is_jisx0208_encodable(U'\u00A5'));
  EXPECT_FALSE(is_jisx0208_encodable(U'\x1B'));
  EXPECT_TRUE(is_jisx0208_encodable(U'■'));
  EXPECT_TRUE(is_jisx0208_encodable(U'高'));
  EXPECT_TRUE(is_jisx0208_encodable(U'A'));
  EXPECT_TRUE(is_jisx0208_encodable(U'凜'));  // row 84 (JIS X 0208:1990)
}

TEST(Iso2022Jp, FoldsHalfWidthKanaToFullWidthComposingVoicedMarks) {
  EXPECT_EQ(halfwidth_kana_to_fullwidth("ｶﾞｷﾞｮｰ ﾊﾟﾝ ABC１"), "ガギョー パン ABC１");
  const std::string bytes = encode_iso2022jp("ﾀﾞｲｽｹ");
  EXPECT_TRUE(only_ascii_and_jisx0208(bytes));
  EXPECT_EQ(decode_iso2022jp(bytes), "ダイスケ");
}

TEST(Iso2022Jp, StrictDecoderRejectsEightBitBytesAndUnknownEscapes) {
  EXPECT_FALSE(decode_iso2022jp("abc\x81\xA1").has_value());
  EXPECT_FALSE(decode_iso2022jp("abc\x1B$Z9b\x1B(B").has_value());
  EXPECT_FALSE(decode_iso2022jp("abc\x1B$(D9b\x1B(B").has_value());
}

TEST(Nfkc, FoldsFullWidthDigits) {
  EXPECT_EQ(nfkc("１２３ＡＢ"), "123AB");
}

TEST(Utf8, InvalidInputThrowsWithoutQuotingIt) {
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // an encoded surrogate
  EXPECT_TRUE(is_valid_utf8("𠮷"));
  EXPECT_THROW(encode_cp932("a\xFF"), Error);
  EXPECT_THROW(encode_iso2022jp("a\xC3"), Error);
}

TEST(Encoders, GiveTheSameBytesOnEveryThread) {
  const std::string text = "髙橋　ｼｮｳﾀ 𠮷田 ①";
  const std::string cp932 = encode_cp932(text);
  const std::string jis = encode_iso2022jp(text);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t) {
    threads.emplace_back([&, t] {
      bool same = true;
      for (int i = 0; i < 200; ++i)
        same = same && encode_cp932(text) == cp932 && encode_iso2022jp(text) == jis;
      ok[t] = same ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int v : ok) EXPECT_EQ(v, 1);
}

}  // namespace
}  // namespace nayose::formats
