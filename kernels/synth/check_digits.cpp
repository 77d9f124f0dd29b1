#include "kernels/synth/check_digits.hpp"

#include <stdexcept>

namespace nayose::synth {
namespace {

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void require_digits(std::string_view s, std::size_t size, const char* what) {
  if (!all_digits(s) || (size != 0 && s.size() != size)) {
    throw std::invalid_argument(std::string(what) + ": expected " + (size != 0 ? std::to_string(size) + " " : "") +
                                "ASCII digits, got '" + std::string(s) + "'");
  }
}

}  // namespace

int local_government_check_digit(std::string_view five_digits) {
  require_digits(five_digits, 5, "local_government_check_digit");
  static constexpr int kWeights[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 5; ++i) sum += (five_digits[i] - '0') * kWeights[i];
  return (11 - sum % 11) % 10;
}

bool is_valid_local_government_code(std::string_view code) noexcept {
  if (code.size() != 6 || !all_digits(code)) return false;
  return local_government_check_digit(code.substr(0, 5)) == code[5] - '0';
}

int payer_check_digit(std::string_view base) {
  require_digits(base, 0, "payer_check_digit");
  int sum = 0;
  std::size_t i = 0;
  for (auto it = base.rbegin(); it != base.rend(); ++it, ++i) {
    const int p = (*it - '0') * (i % 2 == 0 ? 2 : 1);
    sum += p / 10 + p % 10;
  }
  return (10 - sum % 10) % 10;
}

std::string with_payer_check_digit(std::string_view base) {
  std::string out(base);
  out.push_back(static_cast<char>('0' + payer_check_digit(base)));
  return out;
}

bool has_valid_payer_check_digit(std::string_view number) noexcept {
  if (number.size() < 2 || !all_digits(number)) return false;
  return payer_check_digit(number.substr(0, number.size() - 1)) == number.back() - '0';
}

}  // namespace nayose::synth
