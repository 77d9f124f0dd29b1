#include "kernels/synth/variants.hpp"

#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "kernels/synth/kana.hpp"

namespace nayose::synth {
namespace {

using kernels::reduce_to_range;
using kernels::splitmix64;
using kernels::stable_hash64;

// ---------------------------------------------------------------------------------------------
// Rates by name.

struct RateField {
  std::string_view name;
  double ErrorRates::*member;
  std::string_view help;
};

constexpr RateField kRateFields[] = {
    {"half_width_kana", &ErrorRates::half_width_kana,
     "per facility x person: UKE/CYO name (RE-5) or care kana name written in half-width kana"},
    {"hiragana_name", &ErrorRates::hiragana_name, "per facility x person: UKE/CYO name (RE-5) written in hiragana"},
    {"small_kana_large", &ErrorRates::small_kana_large,
     "per facility x person with small kana in the reading: small kana stored large (ショウ -> シヨウ)"},
    {"long_vowel_variant", &ErrorRates::long_vowel_variant,
     "per facility x person with a long vowel in the reading: other spelling (オオタ <-> オータ)"},
    {"no_name_space", &ErrorRates::no_name_space,
     "per facility x person: no space between surname and given name (UKE/CYO, care, death)"},
    {"itaiji_substitute", &ErrorRates::itaiji_substitute,
     "per facility x person: a registered kanji variant the source CAN encode typed as the common form "
     "(one it cannot encode is always substituted)"},
    {"itaiji_symbol_share", &ErrorRates::itaiji_symbol_share,
     "share of forced variant substitutions written as the facility's symbol (■ ● 〓 ？) instead of the common form"},
    {"old_surname_after_marriage", &ErrorRates::old_surname_after_marriage,
     "per facility x person with an earlier surname: the facility still records the earlier one"},
    {"old_address_after_move", &ErrorRates::old_address_after_move,
     "per facility x person with an earlier address: SS-MIX2 / check-up still carry the earlier one"},
    {"full_width_card_digits", &ErrorRates::full_width_card_digits,
     "per facility x person: 記号・番号 written with full-width digits (UKE/CYO, SS-MIX2, check-up)"},
    {"insurer_leading_zero_lost", &ErrorRates::insurer_leading_zero_lost,
     "per facility x person with an insurer number starting with 0: leading zeros dropped (SS-MIX2, check-up, care)"},
    {"cp932_claims_share", &ErrorRates::cp932_claims_share,
     "per facility: share of UKE/CYO writers using CP932, so 髙 﨑 德 (not 𠮷) can reach the file"},
    {"kana_typo", &ErrorRates::kana_typo, "per record with kana: one kana replaced by a neighbour (ガ<->カ, シ<->ツ)"},
    {"day_month_swap", &ErrorRates::day_month_swap,
     "per record whose birth day is <= 12 and differs from the month: day and month swapped"},
    {"era_digit_wrong", &ErrorRates::era_digit_wrong,
     "per UKE/CYO record of a wareki facility: birth era digit off by one era (when that date exists)"},
    {"missing_field", &ErrorRates::missing_field, "per record: one optional field left empty"},
    {"bad_check_digit", &ErrorRates::bad_check_digit,
     "invalid record: insurer number (care: insurer = municipality code; death: municipality code) check digit broken"},
    {"impossible_date", &ErrorRates::impossible_date, "invalid record: birth date that does not exist (e.g. Feb 30)"},
    {"truncated_line", &ErrorRates::truncated_line, "invalid record: line cut short (applied by the writer)"},
    {"wrong_field_count", &ErrorRates::wrong_field_count,
     "invalid record: an extra field (applied by the writer; UKE/CYO/care/death only)"},
    {"bad_byte_sequence", &ErrorRates::bad_byte_sequence,
     "invalid record: bytes invalid in the file's encoding in a name (applied by the writer)"},
};

const RateField* find_rate(std::string_view name) {
  for (const RateField& f : kRateFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

[[noreturn]] void throw_unknown_rate(std::string_view name) {
  std::string known;
  for (const RateField& f : kRateFields) {
    if (!known.empty()) known += ", ";
    known += f.name;
  }
  throw std::invalid_argument("unknown error rate '" + std::string(name) + "' (known: " + known + ")");
}

// ---------------------------------------------------------------------------------------------
// Keyed randomness.

constexpr std::uint64_t kPersistentDomain = 0x7661722D70657273ULL;  // "var-pers"
constexpr std::uint64_t kFacilityDomain = 0x7661722D66616369ULL;    // "var-faci"
constexpr std::uint64_t kRecordDomain = 0x7661722D7265636FULL;      // "var-reco"

// Draw `slot` of a counter-based stream: a pure function of (key, slot).
class Stream {
 public:
  explicit Stream(std::uint64_t key) : key_(key) {}
  std::uint64_t bits(std::uint64_t slot) const { return splitmix64(key_ + slot); }
  double uniform(std::uint64_t slot) const { return static_cast<double>(bits(slot) >> 11) * 0x1.0p-53; }
  bool chance(std::uint64_t slot, double p) const { return uniform(slot) < p; }

 private:
  std::uint64_t key_;
};

// Slots of the persistent (facility x person) stream.
enum PersistentSlot : std::uint64_t {
  kSlotScript = 1,
  kSlotSmallKana,
  kSlotLongVowel,
  kSlotNoSpace,
  kSlotItaiji,
  kSlotItaijiSymbol,
  kSlotOldSurname,
  kSlotOldAddress,
  kSlotFullWidthDigits,
  kSlotZeroLost,
};
// Slots of the facility stream.
enum FacilitySlot : std::uint64_t { kSlotCp932 = 1, kSlotSymbol };
// Slots of the per-record stream.
enum RecordSlot : std::uint64_t {
  kSlotCorruption = 1,
  kSlotCorruptionDetail,
  kSlotMissing,
  kSlotMissingWhich,
  kSlotTypo,
  kSlotTypoWhich,
  kSlotTypoWhere,
  kSlotSwap,
  kSlotEra,
  kSlotEraWhich,
};

Stream persistent_stream(std::uint64_t seed, const Facility& facility, const Person& person) {
  return Stream(stable_hash64(person.id, stable_hash64(std::uint64_t{facility.id}, seed ^ kPersistentDomain)));
}
Stream facility_stream(std::uint64_t seed, const Facility& facility) {
  return Stream(stable_hash64(std::uint64_t{facility.id}, seed ^ kFacilityDomain));
}
Stream record_stream(std::uint64_t seed, std::uint64_t record_key) {
  return Stream(stable_hash64(record_key, seed ^ kRecordDomain));
}

// ---------------------------------------------------------------------------------------------
// Charsets.

constexpr std::uint8_t kInCp932 = 1;
constexpr std::uint8_t kInJisX0208 = 2;

struct ConverterCloser {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};

// ICU converters hold conversion state: one per thread.
UConverter& cp932_converter() {
  thread_local const std::unique_ptr<UConverter, ConverterCloser> converter = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> c(ucnv_open("windows-31j", &status));
    if (U_FAILURE(status) || !c) {
      throw std::runtime_error(std::string("ICU converter windows-31j unavailable: ") + u_errorName(status));
    }
    ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ucnv_setFallback(c.get(), false);
    if (U_FAILURE(status)) throw std::runtime_error("ICU converter setup failed");
    return c;
  }();
  return *converter;
}

bool is_jis_x0208_lead(unsigned char lead) {
  // CP932 lead bytes of JIS X 0208 rows 1–8 and 16–84; 0x85–0x87 (NEC row 13, unassigned rows),
  // 0xED–0xEE (NEC-selected IBM) and 0xFA–0xFC (IBM) are the extensions.
  return (lead >= 0x81 && lead <= 0x84) || (lead >= 0x88 && lead <= 0x9F) || (lead >= 0xE0 && lead <= 0xEA);
}

std::uint8_t encodability(char32_t cp) {
  if (cp < 0x80) return kInCp932 | kInJisX0208;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  thread_local std::unordered_map<char32_t, std::uint8_t> cache;
  if (const auto it = cache.find(cp); it != cache.end()) return it->second;

  std::array<UChar, 2> units{};
  std::int32_t n_units = 1;
  if (cp < 0x10000) {
    units[0] = static_cast<UChar>(cp);
  } else {
    const char32_t v = cp - 0x10000;
    units[0] = static_cast<UChar>(0xD800 + (v >> 10));
    units[1] = static_cast<UChar>(0xDC00 + (v & 0x3FF));
    n_units = 2;
  }
  std::array<char, 8> bytes{};
  UErrorCode status = U_ZERO_ERROR;
  UConverter& converter = cp932_converter();
  ucnv_resetFromUnicode(&converter);
  const std::int32_t len = ucnv_fromUChars(&converter, bytes.data(), static_cast<std::int32_t>(bytes.size()),
                                           units.data(), n_units, &status);
  std::uint8_t result = 0;
  if (U_SUCCESS(status) && len > 0) {
    result |= kInCp932;
    if (len == 2 && is_jis_x0208_lead(static_cast<unsigned char>(bytes[0]))) result |= kInJisX0208;
  }
  cache.emplace(cp, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Check digits (DOMAIN §4.8 for insurer numbers, §0.6 for municipality codes).

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int insurer_check_digit(std::string_view base) {
  int sum = 0;
  int i = 0;
  for (auto it = base.rbegin(); it != base.rend(); ++it, ++i) {
    const int p = (*it - '0') * (i % 2 == 0 ? 2 : 1);
    sum += p / 10 + p % 10;
  }
  return (10 - sum % 10) % 10;
}

int municipality_check_digit(std::string_view base) {
  static constexpr int weights[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 5; ++i) sum += (base[i] - '0') * weights[i];
  return (11 - sum % 11) % 10;
}

bool insurer_has_check_digit(std::string_view n) { return all_digits(n) && (n.size() == 8 || n.size() == 6); }
bool municipality_has_check_digit(std::string_view n) { return all_digits(n) && n.size() == 6; }

// Replaces the last digit with one of the nine digits the check rejects.
void break_check_digit(std::string& number, bool municipality, std::uint64_t random) {
  const std::string_view base = std::string_view(number).substr(0, number.size() - 1);
  const int correct = municipality ? municipality_check_digit(base) : insurer_check_digit(base);
  const int wrong = (correct + 1 + static_cast<int>(random % 9)) % 10;
  number.back() = static_cast<char>('0' + wrong);
}

// ---------------------------------------------------------------------------------------------
// Dates.

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_date(const Date& d) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const int limit = d.month == 2 && is_leap(d.year) ? 29 : days[d.month - 1];
  return d.day <= limit;
}

Date make_date(int y, int m, int d) {
  return Date{static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(d)};
}

struct Era {
  Date first_day;
  Date last_day;
  int first_year;
};
// 明治 大正 昭和 平成 令和 (元号 codes 1–5).
constexpr Era kEras[] = {
    {{1868, 1, 1}, {1912, 7, 29}, 1868},
    {{1912, 7, 30}, {1926, 12, 24}, 1912},
    {{1926, 12, 25}, {1989, 1, 7}, 1926},
    {{1989, 1, 8}, {2019, 4, 30}, 1989},
    {{2019, 5, 1}, {9999, 12, 31}, 2019},
};

// The dates a wareki writer would denote if the era digit of `birth` were off by one era, keeping
// 年 (YY), month and day: each lies inside the other era, so that era's code is what gets written.
std::vector<Date> wrong_era_dates(const Date& birth) {
  std::vector<Date> out;
  constexpr std::size_t n = std::size(kEras);
  for (std::size_t i = 0; i < n; ++i) {
    if (birth < kEras[i].first_day || birth > kEras[i].last_day) continue;
    const int yy = birth.year - kEras[i].first_year + 1;
    for (const std::size_t j : {i - 1, i + 1}) {  // i - 1 wraps for i == 0 and fails the bound
      if (j >= n) continue;
      const Date d = make_date(kEras[j].first_year + yy - 1, birth.month, birth.day);
      if (valid_date(d) && d >= kEras[j].first_day && d <= kEras[j].last_day && d != birth) out.push_back(d);
    }
  }
  return out;
}

Date impossible_date_in(int year, std::uint64_t random) {
  std::vector<Date> options = {make_date(year, 2, 30), make_date(year, 2, 31), make_date(year, 4, 31),
                               make_date(year, 6, 31), make_date(year, 9, 31), make_date(year, 11, 31)};
  if (!is_leap(year)) options.push_back(make_date(year, 2, 29));
  return options[reduce_to_range(random, static_cast<std::uint32_t>(options.size()))];
}

// ---------------------------------------------------------------------------------------------
// Names.

// Half-width RE-5 holds at most 40 bytes (one byte per JIS X 0201 character in Shift_JIS).
std::string truncate_to_sjis_bytes(std::string_view text, std::size_t max_bytes) {
  std::u32string out;
  std::size_t bytes = 0;
  for (const char32_t c : utf8_to_u32(text)) {
    const std::size_t width = (c < 0x80 || (c >= 0xFF61 && c <= 0xFF9F)) ? 1 : 2;
    if (bytes + width > max_bytes) break;
    out.push_back(c);
    bytes += width;
  }
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return u32_to_utf8(out);
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// Kanji the source cannot carry: registered variants become the common form (if the clerk does
// not, the system's symbol); any other unencodable character becomes the symbol. An encodable
// variant is replaced only when the clerk types common forms. Returns whether anything changed.
bool substitute_kanji(std::string& text, NameCharset charset, bool clerk_types_common, bool forced_to_common,
                      std::string_view symbol, const Tables& tables) {
  bool changed = false;
  for (const KanjiVariant& v : tables.kanji_variants) {
    if (v.variant.empty() || v.variant == v.common || text.find(v.variant) == std::string::npos) continue;
    if (can_encode(v.variant, charset)) {
      if (!clerk_types_common) continue;
      replace_all(text, v.variant, v.common);
    } else {
      const bool common_fits = can_encode(v.common, charset);
      replace_all(text, v.variant, forced_to_common && common_fits ? std::string_view(v.common) : symbol);
    }
    changed = true;
  }
  if (charset != NameCharset::unicode && !can_encode(text, charset)) {
    std::string rebuilt;
    for (const char32_t c : utf8_to_u32(text)) {
      if (can_encode(c, charset)) {
        append_utf8(rebuilt, c);
      } else {
        rebuilt += symbol;
      }
    }
    text = std::move(rebuilt);
    changed = true;
  }
  return changed;
}

template <typename Predicate>
const IdentityEpoch* latest_earlier_epoch(const Person& person, const IdentityEpoch& current, Predicate differs) {
  const IdentityEpoch* found = nullptr;
  for (const IdentityEpoch& e : person.epochs) {
    if (e.from < current.from && differs(e)) found = &e;
  }
  return found;
}

bool has_ascii_digit(std::string_view s) {
  for (const char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool has_fullwidth_digit(std::string_view s) {
  for (const char32_t c : utf8_to_u32(s)) {
    if (c >= U'０' && c <= U'９') return true;
  }
  return false;
}

std::string strip_leading_zeros(std::string_view s) {
  const std::size_t first = s.find_first_not_of('0');
  return first == std::string_view::npos ? std::string("0") : std::string(s.substr(first));
}

enum class NameScript : std::uint8_t { standard, half_width, hiragana };
enum class Field : std::uint8_t { kana, birth, address, insurer, symbol, number, branch, care_number };

constexpr std::string_view kFullWidthSpace = "\u3000";

}  // namespace

// ---------------------------------------------------------------------------------------------
// ErrorRates.

void ErrorRates::set(std::string_view name, double value) {
  const RateField* f = find_rate(name);
  if (f == nullptr) throw_unknown_rate(name);
  if (!(value >= 0.0 && value <= 1.0)) {
    throw std::invalid_argument("error rate " + std::string(name) + " = " + std::to_string(value) +
                                " is outside [0, 1]");
  }
  this->*(f->member) = value;
}

double ErrorRates::get(std::string_view name) const {
  const RateField* f = find_rate(name);
  if (f == nullptr) throw_unknown_rate(name);
  return this->*(f->member);
}

double* ErrorRates::field(std::string_view name) {
  const RateField* f = find_rate(name);
  if (f == nullptr) throw_unknown_rate(name);
  return &(this->*(f->member));
}

std::vector<std::string> ErrorRates::names() {
  std::vector<std::string> out;
  for (const RateField& f : kRateFields) out.emplace_back(f.name);
  return out;
}

std::string_view ErrorRates::help(std::string_view name) {
  const RateField* f = find_rate(name);
  if (f == nullptr) throw_unknown_rate(name);
  return f->help;
}

std::vector<std::string> ErrorRates::problems() const {
  std::vector<std::string> out;
  for (const RateField& f : kRateFields) {
    const double v = this->*(f.member);
    if (!(v >= 0.0 && v <= 1.0)) out.push_back("error rate " + std::string(f.name) + " = " + std::to_string(v) +
                                               " is outside [0, 1]");
  }
  if (half_width_kana + hiragana_name > 1.0) {
    out.emplace_back("half_width_kana + hiragana_name must not exceed 1 (they share one draw)");
  }
  if (bad_check_digit + impossible_date + truncated_line + wrong_field_count + bad_byte_sequence > 1.0) {
    out.emplace_back("the invalid-record rates (bad_check_digit ... bad_byte_sequence) must not sum to more than 1");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Charsets.

NameCharset name_charset(const Facility& facility, SourceKind kind, std::uint64_t seed, const ErrorRates& rates) {
  switch (kind) {
    case SourceKind::uke:
    case SourceKind::cyo:
      return facility_stream(seed, facility).chance(kSlotCp932, rates.cp932_claims_share) ? NameCharset::cp932
                                                                                            : NameCharset::jis_x0208;
    case SourceKind::ssmix2: return NameCharset::jis_x0208;
    case SourceKind::checkup: return NameCharset::unicode;
    case SourceKind::care:
    case SourceKind::death: return NameCharset::cp932;
  }
  return NameCharset::jis_x0208;
}

bool can_encode(char32_t cp, NameCharset charset) {
  switch (charset) {
    case NameCharset::unicode: return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    case NameCharset::cp932: return (encodability(cp) & kInCp932) != 0;
    case NameCharset::jis_x0208: return (encodability(cp) & kInJisX0208) != 0;
  }
  return false;
}

bool can_encode(std::string_view utf8, NameCharset charset) {
  for (const char32_t c : utf8_to_u32(utf8)) {
    if (!can_encode(c, charset)) return false;
  }
  return true;
}

bool corruption_allowed(SourceKind kind, Corruption corruption) {
  if (corruption == Corruption::wrong_field_count) {
    return kind != SourceKind::ssmix2 && kind != SourceKind::checkup;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// render_identity.

RecordedIdentity render_identity(const Person& person, const IdentityEpoch& current, const Facility& facility,
                                 SourceKind kind, std::uint64_t seed, std::uint64_t record_key,
                                 const ErrorRates& rates, const Tables& tables) {
  const Stream persistent = persistent_stream(seed, facility, person);
  const Stream habits = facility_stream(seed, facility);
  const Stream record = record_stream(seed, record_key);
  const bool claims = kind == SourceKind::uke || kind == SourceKind::cyo;
  const bool carries_card = claims || kind == SourceKind::ssmix2 || kind == SourceKind::checkup;
  const bool carries_address = kind == SourceKind::ssmix2 || kind == SourceKind::checkup || kind == SourceKind::death;
  const Insurance& insurance = current.insurance;

  RecordedIdentity out;
  std::uint32_t flags = 0;
  out.sex = person.sex;

  // Invalid record kind first: other errors must not touch the field it breaks.
  Corruption corruption = Corruption::none;
  {
    bool has_check_target = false;
    if (carries_card) {
      has_check_target = insurer_has_check_digit(insurance.insurer_number);
    } else if (kind == SourceKind::care || kind == SourceKind::death) {
      has_check_target = municipality_has_check_digit(current.address.municipality_code);
    }
    const std::pair<Corruption, double> kinds[] = {
        {Corruption::bad_check_digit, rates.bad_check_digit},   {Corruption::impossible_date, rates.impossible_date},
        {Corruption::truncated_line, rates.truncated_line},     {Corruption::wrong_field_count, rates.wrong_field_count},
        {Corruption::bad_byte_sequence, rates.bad_byte_sequence}};
    const double u = record.uniform(kSlotCorruption);
    double low = 0.0;
    for (const auto& [candidate, rate] : kinds) {
      if (!corruption_allowed(kind, candidate)) continue;
      if (candidate == Corruption::bad_check_digit && !has_check_target) continue;
      if (u >= low && u < low + rate) {
        corruption = candidate;
        break;
      }
      low += rate;
    }
  }

  // Which surname and address the facility has on file.
  Name name = current.name;
  if (const IdentityEpoch* before = latest_earlier_epoch(person, current, [&](const IdentityEpoch& e) {
        return e.name.kanji_surname != current.name.kanji_surname || e.name.kana_surname != current.name.kana_surname;
      });
      before != nullptr && persistent.chance(kSlotOldSurname, rates.old_surname_after_marriage)) {
    name.kanji_surname = before->name.kanji_surname;
    name.kana_surname = before->name.kana_surname;
    flags |= kOldSurname;
  }
  const Address* address = &current.address;
  if (kind == SourceKind::ssmix2 || kind == SourceKind::checkup) {
    if (const IdentityEpoch* before = latest_earlier_epoch(
            person, current, [&](const IdentityEpoch& e) { return e.address.text != current.address.text; });
        before != nullptr && persistent.chance(kSlotOldAddress, rates.old_address_after_move)) {
      address = &before->address;
      flags |= kOldAddress;
    }
  }

  // One optional field left empty on this record.
  std::optional<Field> missing;
  {
    std::vector<Field> candidates;
    const auto offer = [&candidates](bool present, Field f) {
      if (present) candidates.push_back(f);
    };
    const bool birth_free = corruption != Corruption::impossible_date;
    const bool insurer_free = corruption != Corruption::bad_check_digit;
    switch (kind) {
      case SourceKind::uke:
      case SourceKind::cyo:
        offer(!name.kana_surname.empty() || !name.kana_given.empty(), Field::kana);
        offer(birth_free, Field::birth);
        offer(!insurance.symbol.empty(), Field::symbol);
        offer(!insurance.number.empty(), Field::number);
        offer(!insurance.branch.empty(), Field::branch);
        break;
      case SourceKind::ssmix2:
        offer(!name.kana_surname.empty() || !name.kana_given.empty(), Field::kana);
        offer(birth_free, Field::birth);
        offer(!address->text.empty() || !address->postal_code.empty(), Field::address);
        offer(insurer_free && !insurance.insurer_number.empty(), Field::insurer);
        offer(!insurance.symbol.empty(), Field::symbol);
        offer(!insurance.number.empty(), Field::number);
        offer(!insurance.branch.empty(), Field::branch);
        break;
      case SourceKind::checkup:
        offer(birth_free, Field::birth);
        offer(!address->text.empty() || !address->postal_code.empty(), Field::address);
        offer(!insurance.symbol.empty(), Field::symbol);
        offer(!insurance.number.empty(), Field::number);
        offer(!insurance.branch.empty(), Field::branch);
        break;
      case SourceKind::care:
        offer(birth_free, Field::birth);
        offer(!current.care_insured_number.empty(), Field::care_number);
        break;
      case SourceKind::death:
        offer(birth_free, Field::birth);
        // A death record's check digit is its municipality code, part of the address block.
        offer(insurer_free && !address->text.empty(), Field::address);
        break;
    }
    if (!candidates.empty() && record.chance(kSlotMissing, rates.missing_field)) {
      missing = candidates[reduce_to_range(record.bits(kSlotMissingWhich), static_cast<std::uint32_t>(candidates.size()))];
      flags |= kMissingField;
    }
  }

  // Script of the joined name: RE-5 of claims, the kana name of care records.
  NameScript script = NameScript::standard;
  if (claims || kind == SourceKind::care) {
    const double u = persistent.uniform(kSlotScript);
    if (u < rates.half_width_kana) {
      script = NameScript::half_width;
    } else if (claims && u < rates.half_width_kana + rates.hiragana_name) {
      script = NameScript::hiragana;
    }
  }

  // Kana: persistent spelling variants, then this record's typo.
  if (kind != SourceKind::death) {
    if ((has_small_kana(name.kana_surname) || has_small_kana(name.kana_given)) &&
        persistent.chance(kSlotSmallKana, rates.small_kana_large)) {
      name.kana_surname = small_kana_to_large(name.kana_surname);
      name.kana_given = small_kana_to_large(name.kana_given);
      flags |= kSmallKanaLarge;
    }
    {
      std::string surname = long_vowel_variant(name.kana_surname);
      std::string given = long_vowel_variant(name.kana_given);
      if ((surname != name.kana_surname || given != name.kana_given) &&
          persistent.chance(kSlotLongVowel, rates.long_vowel_variant)) {
        name.kana_surname = std::move(surname);
        name.kana_given = std::move(given);
        flags |= kLongVowelVariant;
      }
    }
    const bool kana_shown = missing != Field::kana || (claims && script != NameScript::standard);
    if (kana_shown) {
      const bool in_surname = has_typo_candidate(name.kana_surname);
      const bool in_given = has_typo_candidate(name.kana_given);
      if ((in_surname || in_given) && record.chance(kSlotTypo, rates.kana_typo)) {
        const bool pick_surname = in_surname && (!in_given || (record.bits(kSlotTypoWhich) & 1U) == 0);
        std::string& target = pick_surname ? name.kana_surname : name.kana_given;
        target = kana_typo(target, record.bits(kSlotTypoWhere));
        flags |= kKanaTypo;
      }
    } else {
      flags &= ~(kSmallKanaLarge | kLongVowelVariant);
    }
  }

  // Kanji the source cannot (or the clerk does not) write.
  const bool kanji_shown = kind == SourceKind::ssmix2 || kind == SourceKind::death ||
                           (claims && script == NameScript::standard);
  if (kanji_shown) {
    const NameCharset charset = name_charset(facility, kind, seed, rates);
    static constexpr std::string_view kSymbols[] = {"■", "●", "〓", "？"};
    const std::string_view symbol =
        kind == SourceKind::ssmix2 ? kSymbols[0] : kSymbols[reduce_to_range(habits.bits(kSlotSymbol), 4)];
    const bool clerk_types_common = persistent.chance(kSlotItaiji, rates.itaiji_substitute);
    const bool forced_to_common = !persistent.chance(kSlotItaijiSymbol, rates.itaiji_symbol_share);
    bool changed = substitute_kanji(name.kanji_surname, charset, clerk_types_common, forced_to_common, symbol, tables);
    changed = substitute_kanji(name.kanji_given, charset, clerk_types_common, forced_to_common, symbol, tables) ||
              changed;
    if (changed) flags |= kItaijiSubstitute;
  }

  // Assemble the name fields the source carries.
  const bool joined = claims || kind == SourceKind::care || kind == SourceKind::death;
  const bool no_space = joined && persistent.chance(kSlotNoSpace, rates.no_name_space);
  if (no_space) flags |= kNoNameSpace;
  const std::string_view separator = no_space ? std::string_view() : kFullWidthSpace;
  const auto join = [&separator](std::string_view a, std::string_view b) {
    std::string s(a);
    s += separator;
    s += b;
    return s;
  };
  switch (kind) {
    case SourceKind::uke:
    case SourceKind::cyo:
      switch (script) {
        case NameScript::standard: out.kanji_name = join(name.kanji_surname, name.kanji_given); break;
        case NameScript::half_width:
          out.kanji_name = truncate_to_sjis_bytes(to_halfwidth_kana(join(name.kana_surname, name.kana_given)), 40);
          flags |= kHalfWidthKana;
          break;
        case NameScript::hiragana:
          out.kanji_name = join(katakana_to_hiragana(name.kana_surname), katakana_to_hiragana(name.kana_given));
          flags |= kHiraganaName;
          break;
      }
      if (missing != Field::kana) out.kana_name = join(name.kana_surname, name.kana_given);
      break;
    case SourceKind::ssmix2:
      out.kanji_surname = name.kanji_surname;
      out.kanji_given = name.kanji_given;
      if (missing != Field::kana) {
        out.kana_surname = name.kana_surname;
        out.kana_given = name.kana_given;
      }
      break;
    case SourceKind::checkup: out.kana_name = name.kana_surname + name.kana_given; break;
    case SourceKind::care:
      out.kana_name = join(name.kana_surname, name.kana_given);
      if (script == NameScript::half_width) {
        out.kana_name = to_halfwidth_kana(out.kana_name);
        flags |= kHalfWidthKana;
      }
      break;
    case SourceKind::death: out.kanji_name = join(name.kanji_surname, name.kanji_given); break;
  }

  // Birth date.
  out.birth = person.birth;
  if (corruption == Corruption::impossible_date) {
    out.birth = impossible_date_in(person.birth.year, record.bits(kSlotCorruptionDetail));
  } else if (missing == Field::birth) {
    out.birth = Date{};
    out.birth_missing = true;
  } else {
    if (out.birth.day <= 12 && out.birth.day != out.birth.month && record.chance(kSlotSwap, rates.day_month_swap)) {
      const Date swapped = make_date(out.birth.year, out.birth.day, out.birth.month);
      if (valid_date(swapped)) {
        out.birth = swapped;
        flags |= kDayMonthSwap;
      }
    }
    if (claims && facility.wareki_dates) {
      const std::vector<Date> wrong = wrong_era_dates(out.birth);
      if (!wrong.empty() && record.chance(kSlotEra, rates.era_digit_wrong)) {
        out.birth = wrong[reduce_to_range(record.bits(kSlotEraWhich), static_cast<std::uint32_t>(wrong.size()))];
        flags |= kEraDigitWrong;
      }
    }
  }

  // Insurance card.
  if (carries_card) {
    std::string insurer = insurance.insurer_number;
    if (corruption == Corruption::bad_check_digit) {
      break_check_digit(insurer, false, record.bits(kSlotCorruptionDetail));
    }
    if ((kind == SourceKind::ssmix2 || kind == SourceKind::checkup) && !insurer.empty() && insurer.front() == '0' &&
        persistent.chance(kSlotZeroLost, rates.insurer_leading_zero_lost)) {
      insurer = strip_leading_zeros(insurer);
      flags |= kInsurerLeadingZeroLost;
    }
    std::string symbol = insurance.symbol;
    std::string number = insurance.number;
    if ((has_ascii_digit(symbol) || has_ascii_digit(number)) &&
        persistent.chance(kSlotFullWidthDigits, rates.full_width_card_digits)) {
      symbol = digits_to_fullwidth(symbol);
      number = digits_to_fullwidth(number);
      flags |= kFullWidthCardDigits;
    }
    out.insurer_number = missing == Field::insurer ? std::string() : std::move(insurer);
    out.symbol = missing == Field::symbol ? std::string() : std::move(symbol);
    out.number = missing == Field::number ? std::string() : std::move(number);
    out.branch = missing == Field::branch ? std::string() : insurance.branch;
    if (out.insurer_number.empty()) flags &= ~kInsurerLeadingZeroLost;
    if (!has_fullwidth_digit(out.symbol) && !has_fullwidth_digit(out.number)) flags &= ~kFullWidthCardDigits;
  } else if (kind == SourceKind::care) {
    std::string insurer = current.address.municipality_code;
    if (corruption == Corruption::bad_check_digit) {
      break_check_digit(insurer, true, record.bits(kSlotCorruptionDetail));
    }
    if (!insurer.empty() && insurer.front() == '0' &&
        persistent.chance(kSlotZeroLost, rates.insurer_leading_zero_lost)) {
      insurer = strip_leading_zeros(insurer);
      flags |= kInsurerLeadingZeroLost;
    }
    out.insurer_number = std::move(insurer);
    if (missing != Field::care_number) out.care_insured_number = current.care_insured_number;
  }

  // Address.
  if (carries_address) {
    if (missing == Field::address) {
      flags &= ~kOldAddress;
    } else {
      out.address = address->text;
      if (kind != SourceKind::death) out.postal_code = address->postal_code;
      if (kind != SourceKind::checkup) out.municipality_code = address->municipality_code;
      if (kind == SourceKind::death && corruption == Corruption::bad_check_digit) {
        break_check_digit(out.municipality_code, true, record.bits(kSlotCorruptionDetail));
      }
    }
  }

  out.error_flags = flags;
  out.corruption = corruption;
  return out;
}

}  // namespace nayose::synth
