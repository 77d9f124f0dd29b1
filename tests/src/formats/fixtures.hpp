#pragma once
// Hand-built facility-months and byte-level helpers shared by the format tests.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/synth/model.hpp"

namespace nayose::formats::testing {

inline synth::Date date(int y, int m, int d) {
  return {static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(d)};
}

// An identity with components and the joined forms ("姓　名", "セイ　メイ").
inline synth::RecordedIdentity identity(const std::string& kanji_surname, const std::string& kanji_given,
                                        const std::string& kana_surname, const std::string& kana_given,
                                        synth::Sex sex, synth::Date birth) {
  synth::RecordedIdentity id;
  id.kanji_surname = kanji_surname;
  id.kanji_given = kanji_given;
  id.kana_surname = kana_surname;
  id.kana_given = kana_given;
  id.kanji_name = kanji_surname.empty() ? std::string() : kanji_surname + "\u3000" + kanji_given;
  id.kana_name = kana_surname + "\u3000" + kana_given;
  id.sex = sex;
  id.birth = birth;
  id.insurer_number = "01130012";
  id.symbol = "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17";  // １２３４５６７
  id.number = "\uFF18\uFF19";                                // ８９
  id.branch = "00";
  id.postal_code = "1000001";
  id.address = "東京都千代田区千代田1丁目1番1号";
  id.municipality_code = "131016";
  return id;
}

inline synth::ClinicalItem item(synth::ItemKind kind, std::string code, std::string name, synth::Date when,
                                std::int32_t points = 0, std::string value = {}, std::string extra = {},
                                std::string unit = {}) {
  synth::ClinicalItem it;
  it.kind = kind;
  it.code = std::move(code);
  it.name = std::move(name);
  it.date = when;
  it.points = points;
  it.value = std::move(value);
  it.extra = std::move(extra);
  it.unit = std::move(unit);
  return it;
}

// Splits at CRLF; a final CRLF does not produce an empty last element. Anything after the last
// CRLF (the 0x1A of a claims file) is returned as the last element.
inline std::vector<std::string> crlf_lines(std::string_view bytes) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < bytes.size()) {
    const std::size_t end = bytes.find("\r\n", start);
    if (end == std::string_view::npos) {
      lines.emplace_back(bytes.substr(start));
      break;
    }
    lines.emplace_back(bytes.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// Slow 和暦 oracle, independent of src/formats/text.cpp: era start days as std::chrono::sys_days,
// searched linearly. `era_override` (1..5) replaces the era code when non-zero.
inline std::string oracle_wareki_date(int y, int m, int d, int era_override = 0) {
  using namespace std::chrono;
  const sys_days day = year{y} / m / d;
  struct Start {
    int code;
    sys_days first;
    int base;
  };
  const Start starts[] = {{5, year{2019} / 5 / 1, 2018},
                          {4, year{1989} / 1 / 8, 1988},
                          {3, year{1926} / 12 / 25, 1925},
                          {2, year{1912} / 7 / 30, 1911},
                          {1, year{1868} / 1 / 25, 1867}};
  for (const Start& s : starts) {
    if (day >= s.first) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%d%02d%02d%02d", era_override != 0 ? era_override : s.code,
                    y - s.base, m, d);
      return buffer;
    }
  }
  return "";
}

inline bool all_digits(std::string_view text, std::size_t length) {
  if (text.size() != length) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline bool all_alnum(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace nayose::formats::testing
