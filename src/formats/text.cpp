#include "src/formats/text.hpp"

#include <array>
#include <string>

#include "src/common/error.hpp"
#include "src/formats/encoding.hpp"

namespace nayose::formats {
namespace {

struct Era {
  int code;
  synth::Date start;
  int offset;  // 西暦 = 元号年 + offset
};

// Newest first, so the first era whose start is <= the date is the one in force.
constexpr std::array<Era, 5> kEras{{
    {5, {2019, 5, 1}, 2018},
    {4, {1989, 1, 8}, 1988},
    {3, {1926, 12, 25}, 1925},
    {2, {1912, 7, 30}, 1911},
    {1, {1868, 1, 25}, 1867},
}};

std::string two_digits(int value) {
  return zero_padded(static_cast<std::uint64_t>(value), 2);
}

}  // namespace

std::string zero_padded(std::uint64_t value, std::size_t width) {
  return left_padded(std::to_string(value), width, '0');
}

std::string left_padded(std::string_view text, std::size_t width, char fill) {
  std::string out;
  if (text.size() < width) out.assign(width - text.size(), fill);
  out.append(text);
  return out;
}

std::string yyyymmdd(const synth::Date& date) {
  if (date.empty()) return {};
  return zero_padded(static_cast<std::uint64_t>(date.year), 4) + two_digits(date.month) +
         two_digits(date.day);
}

std::string yyyymm(int year, int month) {
  return zero_padded(static_cast<std::uint64_t>(year), 4) + two_digits(month);
}

Wareki to_wareki(int year, int month, int day) {
  const synth::Date date{static_cast<std::int16_t>(year), static_cast<std::int8_t>(month),
                         static_cast<std::int8_t>(day)};
  for (const Era& era : kEras) {
    if (date >= era.start) {
      const int era_year = year - era.offset;
      if (era_year > 99) throw Error("和暦: year " + std::to_string(year) + " is past year 99 of its era");
      return {era.code, era_year};
    }
  }
  throw Error("和暦: year " + std::to_string(year) + " is before 明治");
}

int wrong_era_code(int era) {
  switch (era) {
    case 1:
      return 2;
    case 2:
      return 3;
    case 3:
      return 4;
    case 4:
      return 3;
    default:
      return 4;
  }
}

std::string wareki_date(const synth::Date& date, bool wrong_era) {
  if (date.empty()) return {};
  const Wareki w = to_wareki(date.year, date.month, date.day);
  const int era = wrong_era ? wrong_era_code(w.era) : w.era;
  return std::to_string(era) + two_digits(w.year) + two_digits(date.month) + two_digits(date.day);
}

std::string wareki_month(int year, int month) {
  const Wareki w = to_wareki(year, month, 31);  // day 31 sorts after every real day of the month
  return std::to_string(w.era) + two_digits(w.year) + two_digits(month);
}

std::pair<std::string, std::string> split_first_code_point(std::string_view utf8) {
  if (!is_valid_utf8(utf8)) throw Error("split_first_code_point: the input is not valid UTF-8");
  if (utf8.empty()) return {};
  const auto lead = static_cast<unsigned char>(utf8[0]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return {std::string(utf8.substr(0, length)), std::string(utf8.substr(length))};
}

std::string without_spaces(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == ' ') continue;
    if (utf8.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    out.push_back(utf8[i]);
  }
  return out;
}

std::string comma_safe(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (const char c : utf8) {
    switch (c) {
      case ',':
        out += "\uFF0C";
        break;
      case '"':
        out += "\uFF02";
        break;
      case '\r':
      case '\n':
      case '\x1A':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace nayose::formats
