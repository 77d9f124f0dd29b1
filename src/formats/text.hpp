#pragma once
// Small text helpers shared by the writers: fixed-width numbers, the civil and 和暦 date forms of
// the claims files, UTF-8 splitting and the field sanitising of delimiter-separated formats.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

// `value` in decimal, left-padded with '0' to at least `width` digits (no sign handling: value >= 0).
std::string zero_padded(std::uint64_t value, std::size_t width);
// `text` left-padded with `fill` to at least `width` bytes (longer text is returned unchanged).
std::string left_padded(std::string_view text, std::size_t width, char fill);

// YYYYMMDD / YYYYMM, written as given even when the date is impossible (2023-02-30 -> 20230230).
// An empty date gives "".
std::string yyyymmdd(const synth::Date& date);
std::string yyyymm(int year, int month);

// 元号区分コード (DOMAIN §1.2): 1 明治 (from 1868-01-25), 2 大正 (1912-07-30), 3 昭和 (1926-12-25),
// 4 平成 (1989-01-08), 5 令和 (2019-05-01). The era is chosen from the FULL date, so 1989-01-07 is
// 昭和64 and 1989-01-08 平成元 (year 1). Dates before 明治 or past year 99 of an era throw nayose::Error.
struct Wareki {
  int era = 0;   // 1..5
  int year = 0;  // 1..99 (元年 = 1)
};
Wareki to_wareki(int year, int month, int day);
// The code written for ErrorFlag kEraDigitWrong: 1->2, 2->3, 3->4, 4->3, 5->4 (always a real era, never the
// right one).
int wrong_era_code(int era);
// GYYMMDD; `wrong_era` replaces G by wrong_era_code(G). Empty date -> "".
std::string wareki_date(const synth::Date& date, bool wrong_era);
// GYYMM. A month takes the era in force on its last day (2019-04 -> 43104, 2019-05 -> 50105,
// 1989-01 -> 40101).
std::string wareki_month(int year, int month);

// The first code point of `utf8` and the rest (both empty for empty input). Throws on invalid UTF-8.
std::pair<std::string, std::string> split_first_code_point(std::string_view utf8);
// Removes U+0020 SPACE and U+3000 IDEOGRAPHIC SPACE (カナ氏名 without the 姓名 separator).
std::string without_spaces(std::string_view utf8);
// Makes a value safe inside an unquoted comma-separated field: ',' -> '，' (U+FF0C), '"' -> '＂'
// (U+FF02), CR/LF/0x1A -> removed. The writers apply it to every field of UKE, CYO and the CSVs.
std::string comma_safe(std::string_view utf8);

}  // namespace nayose::formats
