#pragma once
// Text normalisers for identity fields (DOMAIN §0.2–0.5, §4.2, §4.3): NFKC, spaces, digits, name
// splitting, substitute characters. Pure and thread-safe; they never throw (std::bad_alloc aside).
// All text is UTF-8 and is processed as code points; a malformed byte becomes U+FFFD.
// Kana: kernels/normalize/kana.hpp; variant kanji: kernels/normalize/kanji.hpp.
#include <string>
#include <string_view>

namespace nayose::normalize {

// Unicode NFKC (ICU Normalizer2; ASCII is returned as is without calling ICU). Full-width digits and
// letters become ASCII, half-width kana full-width (ｶﾞ → ガ), U+3000 becomes U+0020, compatibility
// ideographs with a decomposition fold (社 U+FA4C → 社) but 﨑 髙 德 𠮷 do not (DOMAIN §4.3).
std::string nfkc(std::string_view text);

// Removes every U+0020 and U+3000.
std::string remove_spaces(std::string_view text);
// Without leading and trailing U+0020 / U+3000 / tab.
std::string_view trim_spaces(std::string_view text) noexcept;

// Full-width digits ０-９ to ASCII 0-9; everything else unchanged.
std::string digits_to_ascii(std::string_view text);
bool has_fullwidth_digits(std::string_view text) noexcept;

// True when the text holds a character systems write for a kanji they cannot encode: ■ ● 〓 ？ ?
// (and U+FFFD, a decoder's replacement character).
bool has_substitute_character(std::string_view text) noexcept;
bool is_substitute_character(char32_t c) noexcept;

// A full name split at its first U+0020 / U+3000 (after trimming the ends). `split` is false, and
// surname holds the whole trimmed name, when there is no inner space. The given part may start with
// further spaces (callers remove spaces from each part).
struct NameSplit {
  std::string_view surname;
  std::string_view given;
  bool split = false;
};
NameSplit split_full_name(std::string_view full_name) noexcept;

}  // namespace nayose::normalize
