#include "kernels/synth/check_digits.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace nayose::synth {
namespace {

TEST(LocalGovernmentCheckDigit, DomainWorkedExamples) {
  // DOMAIN §4.7: 千代田区, 札幌市, 苫小牧市 (remainder 0 -> 1), 室蘭市 (remainder 1 -> 0).
  EXPECT_EQ(local_government_check_digit("13101"), 6);
  EXPECT_EQ(local_government_check_digit("01100"), 2);
  EXPECT_EQ(local_government_check_digit("01213"), 1);
  EXPECT_EQ(local_government_check_digit("01205"), 0);
  for (const char* code : {"131016", "011002", "012131", "012050", "010006", "130001", "470007"}) {
    EXPECT_TRUE(is_valid_local_government_code(code)) << code;
  }
  EXPECT_FALSE(is_valid_local_government_code("131017"));
  EXPECT_FALSE(is_valid_local_government_code("13101"));
  EXPECT_FALSE(is_valid_local_government_code("13101a"));
  EXPECT_THROW(local_government_check_digit("1310"), std::invalid_argument);
}

TEST(PayerCheckDigit, DomainWorkedExamples) {
  // DOMAIN §4.8: 千葉県警察共済, 協会けんぽ東京 and the other published numbers, a 6-digit 国保 number.
  EXPECT_EQ(payer_check_digit("3312001"), 5);
  EXPECT_EQ(payer_check_digit("0113001"), 2);
  EXPECT_EQ(payer_check_digit("13801"), 6);
  for (const char* number : {"33120015", "01130012", "01010016", "01140011", "39131008", "06132013", "138016"}) {
    EXPECT_TRUE(has_valid_payer_check_digit(number)) << number;
  }
  EXPECT_EQ(with_payer_check_digit("3913100"), "39131008");
  // Fixtures known to be invalid (DOMAIN §4.8).
  EXPECT_FALSE(has_valid_payer_check_digit("83136019"));
  EXPECT_FALSE(has_valid_payer_check_digit("67999991"));
  EXPECT_FALSE(has_valid_payer_check_digit("0113001x"));
  EXPECT_THROW(payer_check_digit("01-3001"), std::invalid_argument);
}

}  // namespace
}  // namespace nayose::synth
