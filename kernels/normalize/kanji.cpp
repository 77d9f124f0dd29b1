#include "kernels/normalize/kanji.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "kernels/normalize/embedded_tables.hpp"
#include "kernels/normalize/utf8.hpp"

namespace nayose::normalize {
namespace {

// One code point, the whole field, else 0.
char32_t single_code_point(std::string_view field) {
  if (field.empty()) return 0;
  std::size_t pos = 0;
  const char32_t c = utf8::next(field, pos);
  return pos == field.size() && c != utf8::kReplacement ? c : 0;
}

// kanji_variants.tsv: a header line "variant<TAB>common<TAB>source", then one pair per line;
// '#' lines are comments.
std::vector<KanjiVariant> parse_table(std::string_view text) {
  std::vector<KanjiVariant> pairs;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 || line.empty() || line.front() == '#') continue;
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) {
      throw std::logic_error("kanji_variants.tsv line " + std::to_string(line_no) + ": expected 3 tab-separated fields");
    }
    const char32_t variant = single_code_point(line.substr(0, tab1));
    const char32_t common = single_code_point(line.substr(tab1 + 1, tab2 - tab1 - 1));
    if (variant == 0 || common == 0 || variant == common) {
      throw std::logic_error("kanji_variants.tsv line " + std::to_string(line_no) + ": expected two different single characters");
    }
    pairs.push_back({variant, common});
  }
  std::sort(pairs.begin(), pairs.end(), [](const KanjiVariant& a, const KanjiVariant& b) { return a.variant < b.variant; });
  for (std::size_t i = 1; i < pairs.size(); ++i) {
    if (pairs[i].variant == pairs[i - 1].variant) throw std::logic_error("kanji_variants.tsv: a variant is listed twice");
  }
  for (const KanjiVariant& p : pairs) {
    const bool chained = std::binary_search(pairs.begin(), pairs.end(), KanjiVariant{p.common, 0},
                                            [](const KanjiVariant& a, const KanjiVariant& b) { return a.variant < b.variant; });
    if (chained) throw std::logic_error("kanji_variants.tsv: a common form is itself listed as a variant");
  }
  return pairs;
}

const std::vector<KanjiVariant>& table() {
  static const std::vector<KanjiVariant> pairs = [] {
    for (const EmbeddedFile& f : embedded_normalize_tables()) {
      if (f.name == "kanji_variants.tsv") return parse_table(f.content);
    }
    throw std::logic_error("kanji_variants.tsv is not embedded");
  }();
  return pairs;
}

bool is_variation_selector(char32_t c) noexcept {
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

}  // namespace

std::span<const KanjiVariant> kanji_variants() { return table(); }

char32_t fold_kanji_variant(char32_t c) {
  if (c < 0x3400) return c;  // below CJK Extension A: nothing to fold (keeps ASCII and kana cheap)
  const std::vector<KanjiVariant>& pairs = table();
  const auto it = std::lower_bound(pairs.begin(), pairs.end(), c,
                                   [](const KanjiVariant& p, char32_t value) { return p.variant < value; });
  return it != pairs.end() && it->variant == c ? it->common : c;
}

std::string kanji_soft_key(std::string_view text) {
  if (utf8::is_ascii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  utf8::for_each(text, [&out](char32_t c) {
    if (!is_variation_selector(c)) utf8::append(out, fold_kanji_variant(c));
  });
  return out;
}

}  // namespace nayose::normalize
