#pragma once
// Kana transforms that turn a correctly recorded reading into the variants real systems produce
// (DOMAIN §0.3–0.5, §4.2). They are the inverse direction of ingest's normalisation: ingest folds
// these variants away, nayose generate injects them (kernels/synth/variants.*).
//
// All text is UTF-8; every function works on code points, never on bytes. Characters a transform
// does not know pass through unchanged, so the functions can be applied to a whole "姓　名" string.
//
// ICU is used where its transform is exactly the one real systems apply (Fullwidth-Halfwidth);
// explicit tables are used where ICU does something else (its Katakana-Hiragana rewrites ー into
// a vowel: ショータ → しょおた) or has no transform at all (small → large, long vowels, typos).
#include <cstdint>
#include <string>
#include <string_view>

namespace nayose::synth {

// Full-width katakana (and full-width digits, letters, the ideographic space, ー, ・) to JIS X 0201
// half-width forms, the way an old レセコン stores RE-5 氏名: ガ → ｶﾞ (two code points), パ → ﾊﾟ,
// ヴ → ｳﾞ, ー → ｰ, "　" → " ". Kana without a half-width form are folded first to the nearest one
// (ヰ→ｲ, ヱ→ｴ, ヮ→ﾜ, ヵ→ｶ, ヶ→ｹ, ヸ→ｲﾞ, ヹ→ｴﾞ) so that the result is pure half-width kana.
std::string to_halfwidth_kana(std::string_view text);

// Katakana to hiragana (ア→あ, ヴ→ゔ, ヵ→ゕ, ヽ→ゝ); ー and everything else unchanged.
std::string katakana_to_hiragana(std::string_view text);

// Small kana to large, as some insurer / online-eligibility systems store them (ショウイチ →
// シヨウイチ): ァィゥェォッャュョヮヵヶ → アイウエオツヤユヨワカケ (and the hiragana ぁぃぅぇぉっゃゅょゎゕゖ).
std::string small_kana_to_large(std::string_view text);

// The other spelling of a long vowel, as a clerk would type it from the spoken reading:
//   オオタ → オータ, ユウコ → ユーコ, エイジ → エージ, ショウイチ → ショーイチ  (vowel kana → ー), and,
//   when the reading has no such vowel pair, the reverse: オータ → オオタ, ユーコ → ユウコ, ケー → ケイ.
// Every occurrence is rewritten (a clerk's style is consistent). ウ before エ is never lengthened
// (イノウエ is i-no-ue, not a long vowel). Returns the input unchanged when there is nothing to vary.
std::string long_vowel_variant(std::string_view text);

// One mistyped kana: one katakana replaced by a neighbour, either its voiced/unvoiced partner
// (ガ↔カ, バ↔ハ↔パ) or a look-alike (シ↔ツ, ソ↔ン, ク↔タ, ウ↔ワ, ス↔ヌ, コ↔ロ, チ↔テ, ル↔レ, ノ↔メ).
// `random` picks the position and the neighbour (pure function of its inputs). Returns the input
// unchanged when it has no katakana with a neighbour.
std::string kana_typo(std::string_view text, std::uint64_t random);

// Whether kana_typo / small_kana_to_large / long_vowel_variant would change `text`.
bool has_typo_candidate(std::string_view text);
bool has_small_kana(std::string_view text);

// ASCII digits to full-width (123 → １２３), as UKE 記号・番号 are often written (DOMAIN §0.5).
std::string digits_to_fullwidth(std::string_view text);

// UTF-8 <-> UTF-32. Malformed input decodes to U+FFFD per bad byte.
std::u32string utf8_to_u32(std::string_view text);
std::string u32_to_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

}  // namespace nayose::synth
