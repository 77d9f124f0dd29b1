#include "kernels/normalize/kana.hpp"

#include <string_view>
#include <vector>

#include "kernels/normalize/text.hpp"
#include "kernels/normalize/utf8.hpp"

namespace nayose::normalize {
namespace {

constexpr char32_t kKatakanaFirst = U'ァ';  // U+30A1
constexpr char32_t kKatakanaLast = U'ヺ';   // U+30FA
constexpr char32_t kLongVowel = U'ー';      // U+30FC

// The vowel each katakana U+30A1..U+30FA ends in ('-' for ッ and ン), in code-point order.
constexpr std::string_view kVowels =
    "aaiiuueeoo"       // ァアィイゥウェエォオ
    "aaiiuueeoo"       // カガキギクグケゲコゴ
    "aaiiuueeoo"       // サザシジスズセゼソゾ
    "aaii-uueeoo"      // タダチヂッツヅテデトド
    "aiueo"            // ナニヌネノ
    "aaaiiiuuueeeooo"  // ハバパヒビピフブプヘベペホボポ
    "aiueo"            // マミムメモ
    "aauuoo"           // ャヤュユョヨ
    "aiueo"            // ラリルレロ
    "aaieo-"           // ヮワヰヱヲン
    "uae"              // ヴヵヶ
    "aieo";            // ヷヸヹヺ
static_assert(kVowels.size() == kKatakanaLast - kKatakanaFirst + 1);

bool is_katakana_letter(char32_t c) noexcept { return c >= kKatakanaFirst && c <= kKatakanaLast; }
bool is_kana_for_long_vowel(char32_t c) noexcept { return is_katakana_letter(c) || c == kLongVowel; }
char vowel_of(char32_t c) noexcept {
  return is_katakana_letter(c) ? kVowels[static_cast<std::size_t>(c - kKatakanaFirst)] : '\0';
}

bool is_long_vowel_lookalike(char32_t c) noexcept {
  switch (c) {
    case U'-':       // also what NFKC makes of － (U+FF0D) and ﹣
    case U'\u2010':  // ‐ hyphen
    case U'\u2011':  // ‑ non-breaking hyphen
    case U'\u2012':  // ‒ figure dash
    case U'\u2013':  // – en dash
    case U'\u2014':  // — em dash
    case U'\u2015':  // ― horizontal bar
    case U'\u2212':  // − minus sign
      return true;
    default:
      return false;
  }
}

// Spellings of the same reading (DOMAIN §4.2).
char32_t fold_reading(char32_t c) noexcept {
  switch (c) {
    case U'ヴ': return U'ブ';
    case U'ヂ': return U'ジ';
    case U'ヅ': return U'ズ';
    case U'ヲ': return U'オ';
    case U'ヰ': return U'イ';
    case U'ヱ': return U'エ';
    case U'ヷ': return U'バ';
    case U'ヸ': return U'ビ';
    case U'ヹ': return U'ベ';
    case U'ヺ': return U'ボ';
    default: return c;
  }
}

char32_t unvoiced(char32_t c) noexcept {
  if (c >= U'カ' && c <= U'ヂ') return (c - U'カ') % 2 == 1 ? c - 1 : c;  // カガキギ…チヂ
  if (c == U'ヅ' || c == U'デ' || c == U'ド') return c - 1;
  if (c >= U'ハ' && c <= U'ポ') return c - (c - U'ハ') % 3;  // ハバパ ヒビピ …
  if (c == U'ヴ') return U'ウ';
  return c;
}

}  // namespace

bool has_halfwidth_katakana(std::string_view text) noexcept {
  // U+FF66..U+FF9F = EF BD A6..BF, EF BE 80..9F
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xEF) continue;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    if ((b1 == 0xBD && b2 >= 0xA6 && b2 <= 0xBF) || (b1 == 0xBE && b2 >= 0x80 && b2 <= 0x9F)) return true;
  }
  return false;
}

bool has_hiragana(std::string_view text) noexcept {
  // U+3041..U+309F = E3 81 81..BF, E3 82 80..9F
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xE3) continue;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    if ((b1 == 0x81 && b2 >= 0x81) || (b1 == 0x82 && b2 <= 0x9F)) {
      const bool combining_or_spacing_mark = b1 == 0x82 && b2 >= 0x99 && b2 <= 0x9C;  // ゙ ゚ ゛ ゜
      if (!combining_or_spacing_mark) return true;
    }
  }
  return false;
}

std::string normalize_kana(std::string_view text) {
  const std::string folded = nfkc(text);
  thread_local std::vector<char32_t> cps;
  cps.clear();
  utf8::for_each(folded, [](char32_t c) {
    if ((c >= U'ぁ' && c <= U'ゖ') || c == U'ゝ' || c == U'ゞ') c += 0x60;  // → ァ..ヶ, ヽ ヾ
    if (c == U' ' || c == U'\u3000' || c == U'・' || c == U'･') return;
    cps.push_back(c);
  });
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (is_long_vowel_lookalike(c) && i > 0 && is_kana_for_long_vowel(cps[i - 1]) &&
        (i + 1 == cps.size() || is_kana_for_long_vowel(cps[i + 1]) || is_long_vowel_lookalike(cps[i + 1]))) {
      c = kLongVowel;
      cps[i] = c;  // a following look-alike sees a kana before it
    }
    utf8::append(out, c);
  }
  return out;
}

std::string match_key_of_normalized_kana(std::string_view normalized, VoicedMarks voiced) {
  thread_local std::vector<char32_t> cps;
  cps.clear();
  const bool fold_voiced = voiced == VoicedMarks::fold;
  utf8::for_each(normalized, [fold_voiced](char32_t c) {
    if (fold_voiced && (c == U'\u3099' || c == U'\u309A')) return;  // lone combining (semi-)voiced mark
    c = fold_reading(small_to_large(c));
    if (fold_voiced) c = unvoiced(c);
    cps.push_back(c);
  });
  std::string out;
  out.reserve(normalized.size());
  char32_t last = 0;  // the last kept code point
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    const char v = vowel_of(last);
    const char32_t next = i + 1 < cps.size() ? cps[i + 1] : U'\0';
    bool lengthens = false;
    switch (c) {
      case kLongVowel: lengthens = is_katakana_letter(last); break;
      case U'ア': lengthens = v == 'a'; break;
      case U'イ': lengthens = v == 'i' || v == 'e'; break;
      case U'ウ': lengthens = (v == 'u' || v == 'o') && next != U'エ'; break;
      case U'エ': lengthens = v == 'e'; break;
      case U'オ': lengthens = v == 'o'; break;
      default: break;
    }
    if (lengthens) continue;
    utf8::append(out, c);
    last = c;
  }
  return out;
}

std::string match_key_kana(std::string_view text, VoicedMarks voiced) {
  return match_key_of_normalized_kana(normalize_kana(text), voiced);
}

char32_t small_to_large(char32_t c) noexcept {
  switch (c) {
    case U'ァ': return U'ア';
    case U'ィ': return U'イ';
    case U'ゥ': return U'ウ';
    case U'ェ': return U'エ';
    case U'ォ': return U'オ';
    case U'ッ': return U'ツ';
    case U'ャ': return U'ヤ';
    case U'ュ': return U'ユ';
    case U'ョ': return U'ヨ';
    case U'ヮ': return U'ワ';
    case U'ヵ': return U'カ';
    case U'ヶ': return U'ケ';
    case U'ぁ': return U'あ';
    case U'ぃ': return U'い';
    case U'ぅ': return U'う';
    case U'ぇ': return U'え';
    case U'ぉ': return U'お';
    case U'っ': return U'つ';
    case U'ゃ': return U'や';
    case U'ゅ': return U'ゆ';
    case U'ょ': return U'よ';
    case U'ゎ': return U'わ';
    case U'ゕ': return U'か';
    case U'ゖ': return U'け';
    default: return c;
  }
}

}  // namespace nayose::normalize
