#pragma once
// Kana normalisation and lossy kana match keys (DOMAIN §0.3, §0.4, §4.2). The inverse of the
// variants nayose generate injects (kernels/synth/kana.hpp): for every name x,
// match_key_kana(x) == match_key_kana(v) for v = its half-width, hiragana, small-as-large and
// long-vowel spellings (tests/kernels/normalize check this over the synthetic name tables).
// Pure, thread-safe, never throws (std::bad_alloc aside); UTF-8 in and out.
#include <string>
#include <string_view>

namespace nayose::normalize {

// The exact normalised kana form, for display and exact comparison (DOMAIN §4.2):
//   NFKC (ｶﾞ → ガ, ｰ → ー), hiragana → katakana (あ → ア, ゝ → ヽ), U+0020 / U+3000 / ・ / ･ removed,
//   long-vowel look-alikes (- ‐ ‑ ‒ – — ― − after NFKC) → ー when they follow a kana and precede a
//   kana or end the text (ジョ- → ジョー); elsewhere (ABC-1) they stay.
std::string normalize_kana(std::string_view text);

// Whether the text (as given) holds half-width katakana (U+FF66..U+FF9F) / hiragana (U+3041..U+309F).
bool has_halfwidth_katakana(std::string_view text) noexcept;
bool has_hiragana(std::string_view text) noexcept;

// Whether voiced / semi-voiced kana fold to their plain kana in a match key.
enum class VoicedMarks : unsigned char { keep, fold };

// The lossy key for blocking and fuzzy scoring, NOT for display (DOMAIN §4.2 match_key_kana):
//   normalize_kana, then small → large (ァィゥェォッャュョヮヵヶ → アイウエオツヤユヨワカケ: ショウ ≡ シヨウ),
//   ヴ→ブ ヂ→ジ ヅ→ズ ヲ→オ ヰ→イ ヱ→エ (ヷヸヹヺ → バビベボ), then long vowels collapsed: a ー after a
//   kana, and a vowel kana that only lengthens the kana before it, are dropped — アイウエオ after a
//   kana of the same vowel row (オオ, カア, キイ, ユウ, ケエ), ウ after an o-row kana (オウ, ショウ), イ
//   after an e-row kana (エイ, ケイ). ウ before エ is not a long vowel (イノウエ keeps its ウ).
//   So オオタ ≡ オータ ≡ オウタ → オタ, ユウコ ≡ ユーコ → ユコ, エイジ ≡ エージ → エジ.
// With VoicedMarks::fold, voiced and semi-voiced kana also lose their marks (ガ→カ, パ→ハ, ヴ→フ,
// lone combining marks dropped): the key for "small kana enlarged, long vowels and voiced marks
// folded", robust to a dakuten typo (ガ↔カ) at the cost of more collisions.
std::string match_key_kana(std::string_view text, VoicedMarks voiced = VoicedMarks::keep);

// The same key from a string that is already the output of normalize_kana (saves the NFKC pass).
std::string match_key_of_normalized_kana(std::string_view normalized, VoicedMarks voiced = VoicedMarks::keep);

// A small kana as its large form (ァ→ア, ッ→ツ, ヵ→カ, and the same for hiragana: ぁ→あ); any other
// code point unchanged. Shared with the synthetic data's "small kana stored large" error.
char32_t small_to_large(char32_t c) noexcept;

}  // namespace nayose::normalize
