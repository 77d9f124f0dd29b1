#pragma once
// Character encodings of the source formats, through ICU (README "Encodings").
//
//   CP932        Microsoft's Shift_JIS (UKE, CYO, care CSV). ICU converter "ibm-943_P15A-2003", which
//                is what ICU 72 resolves "windows-31j", "cp932", "ms932" and "windows-932" to; it
//                carries the NEC and IBM extensions (髙 -> FB FC, 﨑 -> FA B1, 德 -> FA BA) and the
//                Microsoft mappings (～ U+FF5E -> 81 60, － U+FF0D -> 81 7C, ∥ U+2225 -> 81 61).
//   ISO-2022-JP  7-bit ASCII + JIS X 0208 (SS-MIX2). ICU converter "ISO-2022-JP" restricted to
//                ASCII and JIS X 0208 rows 1-8 and 16-84: NEC row 13 (①), JIS X 0201 Roman (¥ ‾)
//                and everything else outside JIS X 0208 is replaced before encoding.
//
// Substitution policy: a character the target cannot carry is written as ■ (U+25A0, JIS 1-2-2,
// CP932 81 A1) — what SS-MIX2 prescribes for 外字 and what claims software does for 𠮷.
// ISO-2022-JP additionally folds half-width katakana to full-width first (ｶﾞ -> ガ, not カ゛).
//
// All functions are pure and thread-safe (ICU converters are per thread). Invalid UTF-8 input is a
// programming error upstream and throws nayose::Error; the message never quotes the text.
#include <optional>
#include <string>
#include <string_view>

namespace nayose::formats {

// ■ BLACK SQUARE, U+25A0, in UTF-8.
inline constexpr std::string_view kSubstituteUtf8 = "\u25A0";

// Whether a code point survives the encoding unchanged.
bool is_cp932_encodable(char32_t code_point);
bool is_jisx0208_encodable(char32_t code_point);  // ASCII or JIS X 0208 (rows 1-8, 16-84)

// Half-width katakana and half-width punctuation (U+FF61-U+FF9F) to full-width, composing voiced
// marks (ICU transliterator "Halfwidth-Fullwidth" filtered to that block). Everything else,
// including ASCII and the half-width space, is left alone.
std::string halfwidth_kana_to_fullwidth(std::string_view utf8);

// Unicode NFKC (ICU Normalizer2): full-width digits and letters to ASCII, half-width kana to
// full-width, µ to μ, ….
std::string nfkc(std::string_view utf8);

// UTF-8 -> target bytes with the substitution policy above.
std::string encode_cp932(std::string_view utf8);
std::string encode_iso2022jp(std::string_view utf8);  // ends in ASCII state (ESC ( B when needed)

// Strict decoders (tests and verifiers): nullopt on any illegal, unassigned or unsupported byte
// sequence, including an unknown escape sequence or an 8-bit byte in ISO-2022-JP.
std::optional<std::string> decode_cp932(std::string_view bytes);
std::optional<std::string> decode_iso2022jp(std::string_view bytes);

bool is_valid_utf8(std::string_view bytes);

}  // namespace nayose::formats
