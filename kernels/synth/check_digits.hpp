#pragma once
// Check digits of Japanese public codes (DOMAIN §4.7, §4.8), used to generate valid numbers and to
// verify them in tests. Inputs are ASCII digit strings; anything else throws std::invalid_argument.
#include <string>
#include <string_view>

namespace nayose::synth {

// 全国地方公共団体コード: check digit of the 5-digit code (都道府県 2 + 市区町村 3), weights 6,5,4,3,2,
// (11 - S mod 11) mod 10 — remainder 0 gives 1, remainder 1 gives 0. 13101 -> 6 (131016).
int local_government_check_digit(std::string_view five_digits);
// True for a 6-digit code whose last digit is the check digit of the first five.
bool is_valid_local_government_code(std::string_view code) noexcept;

// 保険者番号 検証番号 (Luhn variant, DOMAIN §4.8): over all digits of `base` from the right, weights
// 2,1,2,1,...; two-digit products add their digits; check = (10 - sum mod 10) mod 10.
// Used for 8-digit insurer numbers (7-digit base), 6-digit 国保 numbers (5-digit base), 公費 numbers
// and the 8-digit 後期高齢者 被保険者番号. 3312001 -> 5 (33120015); 13801 -> 6 (138016).
int payer_check_digit(std::string_view base);
// `base` followed by its check digit.
std::string with_payer_check_digit(std::string_view base);
// True for a number of at least two digits whose last digit is the check digit of the others.
bool has_valid_payer_check_digit(std::string_view number) noexcept;

}  // namespace nayose::synth
