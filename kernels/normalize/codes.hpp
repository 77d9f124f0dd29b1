#pragma once
// Identity code normalisers (DOMAIN §0.5–0.7, §4.7–4.9): 保険者番号, 地方公共団体コード, 郵便番号,
// 枝番, 記号・番号. Every input is first NFKC-normalised (full-width digits → ASCII) and trimmed of
// surrounding spaces (old UKE HO-2 right-justifies 6-digit numbers with leading spaces).
// Pure, thread-safe, never throw (std::bad_alloc aside). Check digits: kernels/synth/check_digits.hpp.
#include <string>
#include <string_view>

namespace nayose::normalize {

enum class CodeStatus : unsigned char {
  ok,               // value holds the normalised code
  empty,            // nothing given (empty or only spaces); value is empty
  bad_shape,        // not the expected digits / length; value holds the NFKC, trimmed text
  bad_check_digit,  // right shape, wrong check digit; value holds the normalised (padded) code
};

struct NormalizedCode {
  std::string value;
  CodeStatus status = CodeStatus::empty;
  bool padded = false;  // a leading zero was restored (7 → 8, 5 → 6 digits; 1 → 2 for 枝番)
};

// 保険者番号: digits only; 8 digits, or 6 (市町村国保); 7 digits are left-padded to 8 and 5 to 6 (a
// numeric column lost the leading zero: 1130012 → 01130012); then the 検証番号 over the first 7
// (or 5) digits. Other lengths (incl. the ≤ 4-digit legacy 政管健保 numbers) are bad_shape.
NormalizedCode normalize_insurer_number(std::string_view given);

// 全国地方公共団体コード (6 digits with check digit; 5 digits are left-padded to 6: 12131 → 012131).
NormalizedCode normalize_municipality_code(std::string_view given);

// 郵便番号: 7 digits after removing at most one hyphen (-, and after NFKC － ‐ − ー): 100-0001 → 1000001.
NormalizedCode normalize_postal_code(std::string_view given);

// 枝番: 1 or 2 digits; 1 digit is left-padded to 2 (1 → 01).
NormalizedCode normalize_branch(std::string_view given);

// 被保険者証 記号 / 番号: NFKC, every U+0020 / U+3000 removed. May hold kanji or kana (「東」), so no
// shape check.
std::string normalize_card_field(std::string_view given);

}  // namespace nayose::normalize
