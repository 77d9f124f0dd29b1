#include "kernels/synth/kana.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "kernels/normalize/kana.hpp"

namespace nayose::synth {
namespace {

constexpr char32_t kKatakanaFirst = U'ァ';  // U+30A1
constexpr char32_t kKatakanaLast = U'ヶ';   // U+30F6
constexpr std::size_t kKatakanaCount = kKatakanaLast - kKatakanaFirst + 1;  // 86

bool is_katakana(char32_t c) { return c >= kKatakanaFirst && c <= kKatakanaLast; }
std::size_t katakana_index(char32_t c) { return static_cast<std::size_t>(c - kKatakanaFirst); }

// The vowel each katakana U+30A1..U+30F6 ends in ('-' for ッ and ン), in code-point order.
constexpr std::string_view kVowels =
    "aaiiuueeoo"        // ァアィイゥウェエォオ
    "aaiiuueeoo"        // カガキギクグケゲコゴ
    "aaiiuueeoo"        // サザシジスズセゼソゾ
    "aaii-uueeoo"       // タダチヂッツヅテデトド
    "aiueo"             // ナニヌネノ
    "aaaiiiuuueeeooo"   // ハバパヒビピフブプヘベペホボポ
    "aiueo"             // マミムメモ
    "aauuoo"            // ャヤュユョヨ
    "aiueo"             // ラリルレロ
    "aaieo-"            // ヮワヰヱヲン
    "uae";              // ヴヵヶ
static_assert(kVowels.size() == kKatakanaCount);

char vowel_of(char32_t c) { return is_katakana(c) ? kVowels[katakana_index(c)] : '\0'; }

bool is_small_vowel(char32_t c) { return c == U'ァ' || c == U'ィ' || c == U'ゥ' || c == U'ェ' || c == U'ォ'; }

using normalize::small_to_large;

// Neighbours a typist hits instead of a katakana: the voiced/unvoiced/semi-voiced partners and a
// few look-alikes. Symmetric by construction.
const std::array<std::u32string, kKatakanaCount>& typo_neighbours() {
  static const std::array<std::u32string, kKatakanaCount> table = [] {
    std::array<std::u32string, kKatakanaCount> t;
    const auto link = [&t](char32_t a, char32_t b) {
      t[katakana_index(a)].push_back(b);
      t[katakana_index(b)].push_back(a);
    };
    const std::u32string_view voicing_groups[] = {
        U"カガ", U"キギ", U"クグ", U"ケゲ", U"コゴ", U"サザ", U"シジ", U"スズ", U"セゼ", U"ソゾ",
        U"タダ", U"チヂ", U"ツヅ", U"テデ", U"トド", U"ハバパ", U"ヒビピ", U"フブプ", U"ヘベペ", U"ホボポ"};
    for (const auto group : voicing_groups) {
      for (std::size_t i = 0; i < group.size(); ++i) {
        for (std::size_t j = i + 1; j < group.size(); ++j) link(group[i], group[j]);
      }
    }
    const std::u32string_view lookalikes[] = {U"シツ", U"ソン", U"クタ", U"ウワ", U"スヌ",
                                              U"コロ", U"チテ", U"ルレ", U"ノメ"};
    for (const auto pair : lookalikes) link(pair[0], pair[1]);
    return t;
  }();
  return table;
}

const std::u32string& neighbours_of(char32_t c) {
  static const std::u32string none;
  return is_katakana(c) ? typo_neighbours()[katakana_index(c)] : none;
}

// ICU transliterators are not safe to share between threads; each thread builds its own once.
const icu::Transliterator& fullwidth_halfwidth() {
  thread_local const std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(
        icu::Transliterator::createInstance("Fullwidth-Halfwidth", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) {
      throw std::runtime_error(std::string("ICU transliterator Fullwidth-Halfwidth unavailable: ") +
                               u_errorName(status));
    }
    return made;
  }();
  return *instance;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u32string utf8_to_u32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1FU;
      min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0FU;
      min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07U;
      min = 0x10000;
    }
    bool ok = len != 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (b & 0x3FU);
      }
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(0xFFFD);
      ++i;
    }
  }
  return out;
}

std::string u32_to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char32_t c : text) append_utf8(out, c);
  return out;
}

std::string to_halfwidth_kana(std::string_view text) {
  // Kana that JIS X 0201 lacks: fold to the nearest half-width-able kana first (ICU leaves them
  // full-width, which would give a mixed-width name no real system writes).
  std::u32string folded;
  for (const char32_t c : utf8_to_u32(text)) {
    switch (c) {
      case U'ヰ': folded.push_back(U'イ'); break;
      case U'ヱ': folded.push_back(U'エ'); break;
      case U'ヮ': folded.push_back(U'ワ'); break;
      case U'ヵ': folded.push_back(U'カ'); break;
      case U'ヶ': folded.push_back(U'ケ'); break;
      case U'ヸ': folded += U"イ\u3099"; break;  // combining dakuten → ﾞ
      case U'ヹ': folded += U"エ\u3099"; break;
      default: folded.push_back(c);
    }
  }
  const std::string folded_utf8 = u32_to_utf8(folded);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(folded_utf8.data(),
                                                                         static_cast<std::int32_t>(folded_utf8.size())));
  fullwidth_halfwidth().transliterate(s);
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string katakana_to_hiragana(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char32_t c : utf8_to_u32(text)) {
    if (is_katakana(c)) {
      append_utf8(out, c - 0x60);  // ァ..ヶ → ぁ..ゖ, one to one
    } else if (c == U'ヽ' || c == U'ヾ') {
      append_utf8(out, c - 0x60);  // ヽヾ → ゝゞ
    } else if (c >= U'ヷ' && c <= U'ヺ') {
      static constexpr char32_t base[] = {U'わ', U'ゐ', U'ゑ', U'を'};
      append_utf8(out, base[c - U'ヷ']);
      append_utf8(out, U'\u3099');  // combining dakuten: hiragana has no precomposed form
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string small_kana_to_large(std::string_view text) {
  std::u32string s = utf8_to_u32(text);
  for (char32_t& c : s) c = small_to_large(c);
  return u32_to_utf8(s);
}

bool has_small_kana(std::string_view text) {
  for (const char32_t c : utf8_to_u32(text)) {
    if (small_to_large(c) != c) return true;
  }
  return false;
}

std::string long_vowel_variant(std::string_view text) {
  const std::u32string s = utf8_to_u32(text);
  std::u32string forward = s;
  bool changed = false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char32_t c = s[i];
    const char v = vowel_of(s[i - 1]);
    const char32_t next = i + 1 < s.size() ? s[i + 1] : U'\0';
    if (is_small_vowel(next)) continue;  // ウォ, イェ: the vowel kana starts a new mora
    const bool lengthens = (c == U'ウ' && (v == 'o' || v == 'u') && next != U'エ') ||
                           (c == U'オ' && v == 'o') || (c == U'イ' && v == 'e');
    if (lengthens) {
      forward[i] = U'ー';
      changed = true;
    }
  }
  if (changed) return u32_to_utf8(forward);

  std::u32string reverse;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != U'ー' || i == 0) {
      reverse.push_back(s[i]);
      continue;
    }
    switch (vowel_of(s[i - 1])) {
      case 'a': reverse.push_back(U'ア'); break;
      case 'i': reverse.push_back(U'イ'); break;
      case 'u': reverse.push_back(U'ウ'); break;
      case 'e': reverse.push_back(U'イ'); break;
      case 'o': reverse.push_back(s[i - 1] == U'オ' ? U'オ' : U'ウ'); break;  // オータ→オオタ, ショータ→ショウタ
      default: reverse.push_back(s[i]);
    }
  }
  return u32_to_utf8(reverse);
}

bool has_typo_candidate(std::string_view text) {
  for (const char32_t c : utf8_to_u32(text)) {
    if (!neighbours_of(c).empty()) return true;
  }
  return false;
}

std::string kana_typo(std::string_view text, std::uint64_t random) {
  std::u32string s = utf8_to_u32(text);
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!neighbours_of(s[i]).empty()) positions.push_back(i);
  }
  if (positions.empty()) return std::string(text);
  const std::size_t pos =
      positions[kernels::reduce_to_range(random, static_cast<std::uint32_t>(positions.size()))];
  const std::u32string& options = neighbours_of(s[pos]);
  s[pos] = options[kernels::reduce_to_range(kernels::splitmix64(random),
                                            static_cast<std::uint32_t>(options.size()))];
  return u32_to_utf8(s);
}

std::string digits_to_fullwidth(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      append_utf8(out, U'０' + static_cast<char32_t>(c - '0'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace nayose::synth
