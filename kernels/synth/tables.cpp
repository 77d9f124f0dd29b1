#include "kernels/synth/tables.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "kernels/synth/embedded_tables.hpp"

namespace nayose::synth {
namespace {

// One TSV file: a header line naming the columns, then rows with exactly that many cells.
class TsvReader {
 public:
  TsvReader(const EmbeddedFile& file, std::initializer_list<std::string_view> header)
      : name_(file.name), rest_(file.content), columns_(header.size()) {
    std::vector<std::string_view> cells;
    if (!next(cells)) fail("empty file");
    if (!std::equal(cells.begin(), cells.end(), header.begin(), header.end())) fail("unexpected header");
  }

  // Fills `cells` with the next row's cells (views into the embedded text); false at the end.
  bool next(std::vector<std::string_view>& cells) {
    if (rest_.empty()) return false;
    ++line_;
    const std::size_t eol = rest_.find('\n');
    std::string_view row = rest_.substr(0, eol);
    rest_ = eol == std::string_view::npos ? std::string_view{} : rest_.substr(eol + 1);
    cells.clear();
    while (true) {
      const std::size_t tab = row.find('\t');
      cells.push_back(row.substr(0, tab));
      if (tab == std::string_view::npos) break;
      row = row.substr(tab + 1);
    }
    if (columns_ != 0 && cells.size() != columns_) {
      fail("expected " + std::to_string(columns_) + " cells, got " + std::to_string(cells.size()));
    }
    return true;
  }

  template <typename T>
  T number(std::string_view cell) const {
    T value{};
    const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (ec != std::errc{} || ptr != cell.data() + cell.size()) fail("not a number: '" + std::string(cell) + "'");
    return value;
  }

  Sex sex(std::string_view cell) const {
    if (cell == "1") return Sex::male;
    if (cell == "2") return Sex::female;
    fail("sex must be 1 or 2: '" + std::string(cell) + "'");
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("synth tables: " + std::string(name_) + ":" + std::to_string(line_) + ": " + what);
  }

 private:
  std::string_view name_;
  std::string_view rest_;
  std::size_t columns_;
  std::size_t line_ = 0;
};

const EmbeddedFile& find_file(std::span<const EmbeddedFile> files, std::string_view name) {
  for (const EmbeddedFile& f : files) {
    if (f.name == name) return f;
  }
  throw std::runtime_error("synth tables: file " + std::string(name) + " is missing");
}

std::vector<Code> parse_codes(std::span<const EmbeddedFile> files, std::string_view name) {
  TsvReader in(find_file(files, name), {"code", "name", "icd10", "unit", "points", "group", "weight"});
  std::vector<Code> out;
  std::vector<std::string_view> c;
  while (in.next(c)) {
    Code code;
    code.code = c[0];
    code.name = c[1];
    code.icd10 = c[2];
    code.unit = c[3];
    code.points = in.number<std::int32_t>(c[4]);
    code.group = c[5];
    code.weight = in.number<std::uint32_t>(c[6]);
    if (code.code.empty() || code.group.empty()) in.fail("empty code or group");
    out.push_back(std::move(code));
  }
  // group() relies on this order: each group is one contiguous run.
  std::stable_sort(out.begin(), out.end(),
                   [](const Code& a, const Code& b) { return std::tie(a.group, a.code) < std::tie(b.group, b.code); });
  return out;
}

}  // namespace

Tables Tables::parse(std::span<const EmbeddedFile> files) {
  Tables t;
  std::vector<std::string_view> c;

  {
    TsvReader in(find_file(files, "surnames.tsv"), {"kanji", "kana", "weight"});
    while (in.next(c)) t.surnames.push_back(Surname{std::string(c[0]), std::string(c[1]), in.number<std::uint32_t>(c[2])});
    std::stable_sort(t.surnames.begin(), t.surnames.end(),
                     [](const Surname& a, const Surname& b) { return a.weight > b.weight; });
  }
  {
    TsvReader in(find_file(files, "given_names.tsv"), {"sex", "kana", "born_from", "born_to", "weight", "kanji"});
    while (in.next(c)) {
      const Sex sex = in.sex(c[0]);
      const auto from = in.number<std::uint16_t>(c[2]);
      const auto to = in.number<std::uint16_t>(c[3]);
      const auto weight = in.number<std::uint32_t>(c[4]);
      if (from > to) in.fail("born_from > born_to");
      std::string_view spellings = c[5];
      while (!spellings.empty()) {
        const std::size_t sp = spellings.find(' ');
        t.given_names.push_back(GivenName{std::string(spellings.substr(0, sp)), std::string(c[1]), sex, from, to, weight});
        spellings = sp == std::string_view::npos ? std::string_view{} : spellings.substr(sp + 1);
      }
    }
  }
  {
    TsvReader in(find_file(files, "municipalities.tsv"),
                 {"code", "pref", "pref_name", "name", "kana", "city_code", "weight"});
    while (in.next(c)) {
      Municipality m;
      m.code = c[0];
      m.prefecture_code = c[1];
      m.prefecture_name = c[2];
      m.name = c[3];
      m.kana = c[4];
      m.city_code = c[5];
      m.weight = in.number<std::uint32_t>(c[6]);
      if (m.code.size() != 6 || m.prefecture_code.size() != 2 || m.code.compare(0, 2, m.prefecture_code) != 0) {
        in.fail("bad municipality or prefecture code");
      }
      t.municipalities.push_back(std::move(m));
    }
    std::sort(t.municipalities.begin(), t.municipalities.end(),
              [](const Municipality& a, const Municipality& b) { return a.code < b.code; });
  }
  {
    TsvReader in(find_file(files, "postal_areas.tsv"), {"municipality", "postal_code", "chome", "town", "town_kana"});
    while (in.next(c)) {
      const auto it = std::lower_bound(t.municipalities.begin(), t.municipalities.end(), c[0],
                                       [](const Municipality& m, std::string_view code) { return m.code < code; });
      if (it == t.municipalities.end() || it->code != c[0]) in.fail("unknown municipality " + std::string(c[0]));
      if (c[1].size() != 7) in.fail("postal code must have 7 digits");
      it->postal_areas.push_back(PostalArea{std::string(c[1]), std::string(c[3]), std::string(c[4]), c[2] == "1"});
    }
    for (const Municipality& m : t.municipalities) {
      if (m.postal_areas.empty()) {
        throw std::runtime_error("synth tables: municipality " + m.code + " has no postal area");
      }
    }
  }
  {
    TsvReader in(find_file(files, "population.tsv"), {"pref", "sex", "band", "count"});
    while (in.next(c)) {
      const auto pref = in.number<std::uint8_t>(c[0]);
      const auto band = in.number<std::uint8_t>(c[2]);
      if (pref < 1 || pref > 47 || band > 20) in.fail("prefecture or band out of range");
      t.population.push_back(PopulationCell{pref, in.sex(c[1]), band, in.number<std::uint32_t>(c[3])});
    }
  }
  t.diagnoses = parse_codes(files, "diagnoses.tsv");
  t.procedures = parse_codes(files, "procedures.tsv");
  t.drugs = parse_codes(files, "drugs.tsv");
  t.lab_items = parse_codes(files, "lab_items.tsv");
  t.checkup_items = parse_codes(files, "checkup_items.tsv");
  t.death_causes = parse_codes(files, "death_causes.tsv");
  {
    TsvReader in(find_file(files, "kanji_variants.tsv"), {"variant", "common", "in_jis_x0208"});
    while (in.next(c)) {
      if (c[2] != "0" && c[2] != "1") in.fail("in_jis_x0208 must be 0 or 1");
      t.kanji_variants.push_back(KanjiVariant{std::string(c[0]), std::string(c[1]), c[2] == "1"});
    }
  }
  return t;
}

const Tables& Tables::embedded() {
  static const Tables tables = parse(nayose::embedded_synth_tables());  // thread-safe static init
  return tables;
}

const Municipality& Tables::municipality(const std::string& code) const {
  const auto it = std::lower_bound(municipalities.begin(), municipalities.end(), code,
                                   [](const Municipality& m, const std::string& k) { return m.code < k; });
  if (it == municipalities.end() || it->code != code) throw std::out_of_range("unknown municipality code " + code);
  return *it;
}

std::span<const Code> Tables::group(const std::vector<Code>& table, const std::string& group_name) const {
  const auto lo = std::lower_bound(table.begin(), table.end(), group_name,
                                   [](const Code& code, const std::string& g) { return code.group < g; });
  auto hi = lo;
  while (hi != table.end() && hi->group == group_name) ++hi;
  if (lo == hi) throw std::out_of_range("no codes in group " + group_name);
  return {&*lo, static_cast<std::size_t>(hi - lo)};
}

}  // namespace nayose::synth
