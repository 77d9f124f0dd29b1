#include "kernels/normalize/codes.hpp"

#include "kernels/normalize/text.hpp"
#include "kernels/normalize/utf8.hpp"
#include "kernels/synth/check_digits.hpp"

namespace nayose::normalize {
namespace {

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// NFKC + trimmed: the common first step of every code.
std::string prepared(std::string_view given) {
  const std::string_view trimmed = trim_spaces(given);
  if (utf8::is_ascii(trimmed)) return std::string(trimmed);
  return std::string(trim_spaces(nfkc(trimmed)));
}

NormalizedCode bad_shape(std::string value) { return {std::move(value), CodeStatus::bad_shape, false}; }

}  // namespace

NormalizedCode normalize_insurer_number(std::string_view given) {
  std::string s = prepared(given);
  if (s.empty()) return {};
  if (!all_digits(s) || s.size() < 5 || s.size() > 8) return bad_shape(std::move(s));
  NormalizedCode out;
  if (s.size() == 7 || s.size() == 5) {
    s.insert(s.begin(), '0');
    out.padded = true;
  }
  out.status = synth::has_valid_payer_check_digit(s) ? CodeStatus::ok : CodeStatus::bad_check_digit;
  out.value = std::move(s);
  return out;
}

NormalizedCode normalize_municipality_code(std::string_view given) {
  std::string s = prepared(given);
  if (s.empty()) return {};
  if (!all_digits(s) || (s.size() != 5 && s.size() != 6)) return bad_shape(std::move(s));
  NormalizedCode out;
  if (s.size() == 5) {
    s.insert(s.begin(), '0');
    out.padded = true;
  }
  out.status = synth::is_valid_local_government_code(s) ? CodeStatus::ok : CodeStatus::bad_check_digit;
  out.value = std::move(s);
  return out;
}

NormalizedCode normalize_postal_code(std::string_view given) {
  std::string s = prepared(given);
  if (s.empty()) return {};
  std::string digits;
  digits.reserve(7);
  int hyphens = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t c = utf8::next(s, pos);
    if (c >= U'0' && c <= U'9') {
      digits.push_back(static_cast<char>(c));
    } else if (c == U'-' || c == U'\u2010' || c == U'\u2212' || c == U'ー') {
      ++hyphens;
    } else {
      return bad_shape(std::move(s));
    }
  }
  if (hyphens > 1 || digits.size() != 7) return bad_shape(std::move(s));
  return {std::move(digits), CodeStatus::ok, false};
}

NormalizedCode normalize_branch(std::string_view given) {
  std::string s = prepared(given);
  if (s.empty()) return {};
  if (!all_digits(s) || s.size() > 2) return bad_shape(std::move(s));
  NormalizedCode out;
  if (s.size() == 1) {
    s.insert(s.begin(), '0');
    out.padded = true;
  }
  out.status = CodeStatus::ok;
  out.value = std::move(s);
  return out;
}

std::string normalize_card_field(std::string_view given) {
  if (utf8::is_ascii(given)) return remove_spaces(given);
  return remove_spaces(nfkc(given));
}

}  // namespace nayose::normalize
