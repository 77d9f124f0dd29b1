#pragma once
// The linkage record: one distinct identity variant as the comparators see it (DESIGN §Linkage,
// DOMAIN §4.1–4.4). Every text field is already normalised at ingest and held as code points
// (UTF-32), so comparators never touch UTF-8 bytes (STYLE 6). Built by the link job from staged
// identities; the kernels only read it.
#include <cstdint>
#include <string>
#include <string_view>

namespace nayose::link {

struct LinkRecord {
  std::uint64_t key = 0;            // stable record key (unique; used for determinism/tie-breaks)
  std::u32string kana_surname, kana_given;           // normalised katakana (normalize_kana)
  std::u32string kana_surname_key, kana_given_key;   // match keys (small kana enlarged, long vowels/voiced folded)
  std::u32string kanji_name, kanji_soft_key;         // NFKC kanji name without spaces; itaiji-folded form
  std::uint32_t birth = 0;          // YYYYMMDD, 0 = missing
  std::uint8_t sex = 0;             // 1, 2, 9 other/unknown, 0 missing
  std::string postal_code;          // 7 digits or empty
  std::string municipality;         // 6 digits or empty
  std::uint64_t insurer_hash = 0;   // hash of the normalised 保険者番号 (0 = missing)
  std::uint64_t family_card_hash = 0;  // hash of the household card 保険者番号+記号+番号 (0 = missing)
  std::uint64_t card_hash = 0;      // hash of the individual card 保険者番号+記号+番号+枝番 (0 = missing)
};

// UTF-8 → code points. Never throws on bad input: each malformed byte becomes U+FFFD.
std::u32string to_u32(std::string_view utf8);

}  // namespace nayose::link
