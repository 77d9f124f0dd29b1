#include "kernels/normalize/codes.hpp"

#include <gtest/gtest.h>

#include "kernels/synth/check_digits.hpp"

namespace nayose::normalize {
namespace {

void expect_code(const NormalizedCode& c, const std::string& value, CodeStatus status, bool padded) {
  EXPECT_EQ(c.value, value);
  EXPECT_EQ(c.status, status);
  EXPECT_EQ(c.padded, padded);
}

TEST(InsurerNumber, DomainExamples) {
  // DOMAIN §0.5 / §4.8.
  expect_code(normalize_insurer_number("01130012"), "01130012", CodeStatus::ok, false);
  expect_code(normalize_insurer_number("1130012"), "01130012", CodeStatus::ok, true);  // lost leading zero
  expect_code(normalize_insurer_number("33120015"), "33120015", CodeStatus::ok, false);
  expect_code(normalize_insurer_number("39131008"), "39131008", CodeStatus::ok, false);
  expect_code(normalize_insurer_number("138016"), "138016", CodeStatus::ok, false);  // 6-digit 国保
  expect_code(normalize_insurer_number("  138016"), "138016", CodeStatus::ok, false);  // old HO-2 right-justified
  expect_code(normalize_insurer_number("０１１３００１２"), "01130012", CodeStatus::ok, false);
  expect_code(normalize_insurer_number("１１３００１２"), "01130012", CodeStatus::ok, true);
  const std::string six = synth::with_payer_check_digit("01380");  // a 6-digit number starting with 0
  expect_code(normalize_insurer_number(six.substr(1)), six, CodeStatus::ok, true);
  expect_code(normalize_insurer_number("83136019"), "83136019", CodeStatus::bad_check_digit, false);
  expect_code(normalize_insurer_number("67999991"), "67999991", CodeStatus::bad_check_digit, false);
  expect_code(normalize_insurer_number("1130013"), "01130013", CodeStatus::bad_check_digit, true);
  expect_code(normalize_insurer_number("138017"), "138017", CodeStatus::bad_check_digit, false);
}

TEST(InsurerNumber, ShapesAndEmpty) {
  expect_code(normalize_insurer_number(""), "", CodeStatus::empty, false);
  expect_code(normalize_insurer_number("\u3000 "), "", CodeStatus::empty, false);
  for (const char* bad : {"0113-0012", "1234", "123456789", "ABCDEFGH", "0113 0012", "０１１３Ｏ０１２"}) {
    EXPECT_EQ(normalize_insurer_number(bad).status, CodeStatus::bad_shape) << bad;
  }
}

TEST(MunicipalityCode, DomainExamples) {
  // DOMAIN §4.7: 千代田区, 苫小牧市 (remainder 0 → 1), 室蘭市 (remainder 1 → 0), 札幌市.
  expect_code(normalize_municipality_code("131016"), "131016", CodeStatus::ok, false);
  expect_code(normalize_municipality_code("131017"), "131017", CodeStatus::bad_check_digit, false);
  expect_code(normalize_municipality_code("012131"), "012131", CodeStatus::ok, false);
  expect_code(normalize_municipality_code("012050"), "012050", CodeStatus::ok, false);
  expect_code(normalize_municipality_code("011002"), "011002", CodeStatus::ok, false);
  expect_code(normalize_municipality_code("12131"), "012131", CodeStatus::ok, true);
  expect_code(normalize_municipality_code("１３１０１６"), "131016", CodeStatus::ok, false);
  expect_code(normalize_municipality_code(""), "", CodeStatus::empty, false);
  for (const char* bad : {"1310166", "1310", "13101a", "13-1016"}) {
    EXPECT_EQ(normalize_municipality_code(bad).status, CodeStatus::bad_shape) << bad;
  }
}

TEST(PostalCode, OneHyphenSevenDigits) {
  expect_code(normalize_postal_code("100-0001"), "1000001", CodeStatus::ok, false);
  expect_code(normalize_postal_code("1000001"), "1000001", CodeStatus::ok, false);
  expect_code(normalize_postal_code("１００－０００１"), "1000001", CodeStatus::ok, false);
  expect_code(normalize_postal_code("100ー0001"), "1000001", CodeStatus::ok, false);
  expect_code(normalize_postal_code("100‐0001"), "1000001", CodeStatus::ok, false);
  expect_code(normalize_postal_code(" 511-0204 "), "5110204", CodeStatus::ok, false);
  expect_code(normalize_postal_code(""), "", CodeStatus::empty, false);
  for (const char* bad : {"100--0001", "100-00-01", "100000", "10000011", "〒100-0001", "100 0001", "ABC-DEFG"}) {
    EXPECT_EQ(normalize_postal_code(bad).status, CodeStatus::bad_shape) << bad;
  }
}

TEST(Branch, OneDigitPadded) {
  expect_code(normalize_branch("1"), "01", CodeStatus::ok, true);
  expect_code(normalize_branch("００"), "00", CodeStatus::ok, false);
  expect_code(normalize_branch("１"), "01", CodeStatus::ok, true);
  expect_code(normalize_branch("12"), "12", CodeStatus::ok, false);
  expect_code(normalize_branch(""), "", CodeStatus::empty, false);
  expect_code(normalize_branch("001"), "001", CodeStatus::bad_shape, false);
  expect_code(normalize_branch("Ａ"), "A", CodeStatus::bad_shape, false);
}

TEST(CardField, NfkcWithoutSpaces) {
  EXPECT_EQ(normalize_card_field("１２３ ４５６７"), "1234567");  // DOMAIN §0.5
  EXPECT_EQ(normalize_card_field("東\u3000１２"), "東12");
  EXPECT_EQ(normalize_card_field(" 12 34 "), "1234");
  EXPECT_EQ(normalize_card_field(""), "");
}

}  // namespace
}  // namespace nayose::normalize
