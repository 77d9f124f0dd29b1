#include "kernels/normalize/dates.hpp"

#include <array>

#include "kernels/normalize/text.hpp"
#include "kernels/normalize/utf8.hpp"

namespace nayose::normalize {
namespace {

constexpr std::array<EraInfo, 5> kEras = {{
    {Era::meiji, "明治", 18680125, 1867},
    {Era::taisho, "大正", 19120730, 1911},
    {Era::showa, "昭和", 19261225, 1925},
    {Era::heisei, "平成", 19890108, 1988},
    {Era::reiwa, "令和", 20190501, 2018},
}};

// Digits of `s` as a number; -1 unless every character is an ASCII digit.
int digits_value(std::string_view s) noexcept {
  if (s.size() > 9) return -1;  // would not fit an int (found by fuzz_care)
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Trimmed ASCII form (full-width digits folded); empty for nothing given.
std::string prepared(std::string_view given) {
  const std::string_view trimmed = trim_spaces(given);
  if (utf8::is_ascii(trimmed)) return std::string(trimmed);
  return std::string(trim_spaces(nfkc(trimmed)));
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::uint32_t ymd(int y, unsigned m, unsigned d) noexcept {
  return static_cast<std::uint32_t>(y) * 10000U + m * 100U + d;
}

// The era flags of a 和暦 span [first, last] (a day, or a whole month) in era `e` (index into kEras).
std::uint8_t era_flags(std::size_t e, std::uint32_t first, std::uint32_t last) noexcept {
  std::uint8_t flags = kDateFromWareki;
  if (last < kEras[e].first_day) flags |= kDateBeforeEraStart;
  if (e + 1 < kEras.size() && first >= kEras[e + 1].first_day) flags |= kDatePastEraEnd;
  return flags;
}

ParsedDate impossible() { return {0, DateStatus::impossible_date, 0}; }

}  // namespace

unsigned days_in_month(int year, unsigned month) noexcept {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool is_calendar_date(int year, unsigned month, unsigned day) noexcept {
  return year >= 1 && year <= 9999 && day >= 1 && day <= days_in_month(year, month);
}

std::span<const EraInfo> eras() { return kEras; }

ParsedDate parse_date(std::string_view given) {
  const std::string s = prepared(given);
  if (s.empty()) return {};
  if (!all_digits(s) || (s.size() != 8 && s.size() != 7)) return {0, DateStatus::bad_date, 0};
  const auto month = static_cast<unsigned>(digits_value(std::string_view(s).substr(s.size() - 4, 2)));
  const auto day = static_cast<unsigned>(digits_value(std::string_view(s).substr(s.size() - 2, 2)));
  if (s.size() == 8) {
    const int year = digits_value(std::string_view(s).substr(0, 4));
    if (!is_calendar_date(year, month, day)) return impossible();
    return {ymd(year, month, day), DateStatus::ok, 0};
  }
  const int code = s[0] - '0';
  const int era_year = digits_value(std::string_view(s).substr(1, 2));
  if (code < 1 || code > 5 || era_year == 0) return impossible();
  const std::size_t e = static_cast<std::size_t>(code - 1);
  const int year = era_year + kEras[e].year_offset;
  if (!is_calendar_date(year, month, day)) return impossible();
  const std::uint32_t value = ymd(year, month, day);
  return {value, DateStatus::ok, era_flags(e, value, value)};
}

ParsedDate parse_month(std::string_view given) {
  const std::string s = prepared(given);
  if (s.empty()) return {};
  if (!all_digits(s) || (s.size() != 6 && s.size() != 5)) return {0, DateStatus::bad_date, 0};
  const auto month = static_cast<unsigned>(digits_value(std::string_view(s).substr(s.size() - 2, 2)));
  if (s.size() == 6) {
    const int year = digits_value(std::string_view(s).substr(0, 4));
    if (!is_calendar_date(year, month, 1)) return impossible();
    return {static_cast<std::uint32_t>(year) * 100U + month, DateStatus::ok, 0};
  }
  const int code = s[0] - '0';
  const int era_year = digits_value(std::string_view(s).substr(1, 2));
  if (code < 1 || code > 5 || era_year == 0) return impossible();
  const std::size_t e = static_cast<std::size_t>(code - 1);
  const int year = era_year + kEras[e].year_offset;
  if (!is_calendar_date(year, month, 1)) return impossible();
  const std::uint8_t flags = era_flags(e, ymd(year, month, 1), ymd(year, month, days_in_month(year, month)));
  return {static_cast<std::uint32_t>(year) * 100U + month, DateStatus::ok, flags};
}

std::optional<WarekiDate> to_wareki(std::uint32_t yyyymmdd) noexcept {
  const auto year = static_cast<int>(yyyymmdd / 10000U);
  const unsigned month = yyyymmdd / 100U % 100U;
  const unsigned day = yyyymmdd % 100U;
  if (!is_calendar_date(year, month, day) || yyyymmdd < kEras[0].first_day) return std::nullopt;
  std::size_t e = kEras.size() - 1;
  while (yyyymmdd < kEras[e].first_day) --e;
  return WarekiDate{kEras[e].era, year - kEras[e].year_offset, month, day};
}

std::string format_wareki_date(const WarekiDate& date) {
  std::string out(7, '0');
  out[0] = static_cast<char>('0' + static_cast<int>(date.era));
  out[1] = static_cast<char>('0' + date.year / 10 % 10);
  out[2] = static_cast<char>('0' + date.year % 10);
  out[3] = static_cast<char>('0' + static_cast<int>(date.month / 10 % 10));
  out[4] = static_cast<char>('0' + static_cast<int>(date.month % 10));
  out[5] = static_cast<char>('0' + static_cast<int>(date.day / 10 % 10));
  out[6] = static_cast<char>('0' + static_cast<int>(date.day % 10));
  return out;
}

}  // namespace nayose::normalize
