#pragma once
// Dates as the sources give them (DOMAIN §0.1, §1.2): 西暦 YYYYMMDD / YYYYMM and 和暦 GYYMMDD / GYYMM
// (G = 元号区分コード 1 明治 … 5 令和), decided by length. Results are integers YYYYMMDD / YYYYMM in
// the proleptic Gregorian calendar. Pure, thread-safe, never throw.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nayose::normalize {

enum class DateStatus : unsigned char {
  ok,
  empty,            // nothing given (empty or only spaces)
  bad_date,         // no accepted shape: wrong length, not digits
  impossible_date,  // right shape, no such date: month 13, 2023-02-30, era year 0, unknown era code
};

enum DateFlag : std::uint8_t {
  kDateFromWareki = 1U << 0,       // given as 和暦 (GYYMMDD / GYYMM)
  kDatePastEraEnd = 1U << 1,       // 和暦 date after its era ended (大正40年, 昭和64年1月8日): accepted
  kDateBeforeEraStart = 1U << 2,   // 和暦 date before its era began (平成元年1月1日): accepted
};

struct ParsedDate {
  std::uint32_t value = 0;  // YYYYMMDD (parse_date) or YYYYMM (parse_month); 0 unless status == ok
  DateStatus status = DateStatus::empty;
  std::uint8_t flags = 0;   // DateFlag bits
};

// 8 digits YYYYMMDD or 7 digits GYYMMDD. Full-width digits are accepted (NFKC), surrounding spaces
// trimmed. A 和暦 year past its era's end is still a calendar date: accepted and flagged (a wrong
// era digit produces such dates), not rejected.
ParsedDate parse_date(std::string_view given);
// 6 digits YYYYMM or 5 digits GYYMM; flags as parse_date, judged on the whole month.
ParsedDate parse_month(std::string_view given);

bool is_calendar_date(int year, unsigned month, unsigned day) noexcept;  // year 1..9999
unsigned days_in_month(int year, unsigned month) noexcept;                // 0 for a bad month

enum class Era : std::uint8_t { meiji = 1, taisho = 2, showa = 3, heisei = 4, reiwa = 5 };

struct EraInfo {
  Era era;
  std::string_view name;     // 明治 …
  std::uint32_t first_day;   // YYYYMMDD of 元年 day 1 (明治: 18680125, as DOMAIN §1.2)
  int year_offset;           // 西暦 = 和暦 year + year_offset (1867, 1911, 1925, 1988, 2018)
};
std::span<const EraInfo> eras();  // in code order 1..5

struct WarekiDate {
  Era era = Era::reiwa;
  int year = 0;  // 1 = 元年
  unsigned month = 0;
  unsigned day = 0;
};
// The era of a full date, decided by the day (1989-01-07 昭和64, 1989-01-08 平成元; 2019-04-30
// 平成31, 2019-05-01 令和元). nullopt for an invalid date or one before 明治 (1868-01-25).
std::optional<WarekiDate> to_wareki(std::uint32_t yyyymmdd) noexcept;
// GYYMMDD, e.g. 昭和40年4月12日 → "3400412".
std::string format_wareki_date(const WarekiDate& date);

}  // namespace nayose::normalize
