#pragma once
// Variant kanji (異体字 / 旧字体) folded to their common form, for a soft name key (DOMAIN §0.2,
// §0.9, §4.3). Agreement on the soft key is weaker evidence than exact agreement: 髙橋 and 高橋 share
// a key, but 斎藤 and 斉藤 are different surnames and never fold into each other (齋 → 斎, 齊 → 斉).
// The table is kernels/normalize/data/kanji_variants.tsv (source and licence in data/README.md),
// compiled into the library. Pure, thread-safe; never throws once the table is loaded (a malformed
// embedded table throws std::logic_error on first use, which the unit tests rule out).
#include <span>
#include <string>
#include <string_view>

namespace nayose::normalize {

struct KanjiVariant {
  char32_t variant;
  char32_t common;
};

// All pairs, sorted by variant. No common form is itself a variant (folding is one step).
std::span<const KanjiVariant> kanji_variants();

// The common form of one code point (the code point itself when it is not a listed variant).
char32_t fold_kanji_variant(char32_t c);

// The soft key of an NFKC-normalised name: every listed variant folded to its common form and
// ideographic variation selectors (U+FE00..FE0F, U+E0100..E01EF) dropped. 髙橋 → 高橋, 渡邊 → 渡辺,
// 齋藤 → 斎藤, 齊藤 → 斉藤.
std::string kanji_soft_key(std::string_view text);

}  // namespace nayose::normalize
