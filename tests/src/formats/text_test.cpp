#include "src/formats/text.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "src/common/error.hpp"
#include "src/formats/claims.hpp"
#include "tests/src/formats/fixtures.hpp"

namespace nayose::formats {
namespace {

using testing::date;

TEST(Dates, CivilFormsAreWrittenAsGivenEvenWhenImpossible) {
  EXPECT_EQ(yyyymmdd(date(1965, 4, 12)), "19650412");
  EXPECT_EQ(yyyymmdd(date(2023, 2, 30)), "20230230");
  EXPECT_EQ(yyyymmdd(synth::Date{}), "");
  EXPECT_EQ(yyyymm(2024, 5), "202405");
}

TEST(Wareki, TakesTheEraFromTheFullDate) {
  EXPECT_EQ(wareki_date(date(1989, 1, 7), false), "3640107");   // 昭和64
  EXPECT_EQ(wareki_date(date(1989, 1, 8), false), "4010108");   // 平成元
  EXPECT_EQ(wareki_date(date(2019, 4, 30), false), "4310430");  // 平成31
  EXPECT_EQ(wareki_date(date(2019, 5, 1), false), "5010501");   // 令和元
  EXPECT_EQ(wareki_date(date(1965, 4, 12), false), "3400412");  // DOMAIN §1.2 example
  EXPECT_EQ(wareki_date(date(1926, 12, 24), false), "2151224");
  EXPECT_EQ(wareki_date(date(1926, 12, 25), false), "3011225");
  EXPECT_EQ(wareki_date(date(1912, 7, 29), false), "1450729");
  EXPECT_EQ(wareki_date(date(1912, 7, 30), false), "2010730");
  EXPECT_EQ(wareki_date(date(2023, 2, 30), false), "5050230");  // impossible date, as given
  EXPECT_THROW(wareki_date(date(1850, 1, 1), false), Error);
}

TEST(Wareki, MonthsTakeTheEraOfTheirLastDay) {
  EXPECT_EQ(wareki_month(2024, 5), "50605");  // DOMAIN §1.2 example
  EXPECT_EQ(wareki_month(2019, 4), "43104");
  EXPECT_EQ(wareki_month(2019, 5), "50105");
  EXPECT_EQ(wareki_month(1989, 1), "40101");
  EXPECT_EQ(wareki_month(1988, 12), "36312");
}

TEST(Wareki, WrongEraDigitIsAlwaysARealButWrongEra) {
  for (int era = 1; era <= 5; ++era) {
    const int wrong = wrong_era_code(era);
    EXPECT_NE(wrong, era);
    EXPECT_GE(wrong, 1);
    EXPECT_LE(wrong, 5);
  }
  EXPECT_EQ(wareki_date(date(1989, 1, 8), true), "3010108");
  EXPECT_EQ(wareki_date(date(1975, 6, 1), true), "4500601");
}

TEST(Wareki, AgreesWithAChronoOracleOnEveryDayOfSwitchYearsAndASweep) {
  using namespace std::chrono;
  int checked = 0;
  for (sys_days day = year{1868} / 2 / 1; day < sys_days{year{2030} / 1 / 1}; day += days{1}) {
    const year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    const bool switch_year = y == 1912 || y == 1926 || y == 1989 || y == 2019;
    if (!switch_year && (day.time_since_epoch().count() % 37) != 0) continue;
    const int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const int d = static_cast<int>(static_cast<unsigned>(ymd.day()));
    ASSERT_EQ(wareki_date(date(y, m, d), false), testing::oracle_wareki_date(y, m, d))
        << y << "-" << m << "-" << d;
    ++checked;
  }
  EXPECT_GT(checked, 2000);
}

TEST(Text, SplitsStripsAndMakesCommaSafe) {
  EXPECT_EQ(split_first_code_point("𠮷田").first, "𠮷");
  EXPECT_EQ(split_first_code_point("𠮷田").second, "田");
  EXPECT_EQ(split_first_code_point("ｶﾞ").first, "ｶ");
  EXPECT_EQ(split_first_code_point("").first, "");
  EXPECT_EQ(without_spaces("シケン　ハナコ"), "シケンハナコ");
  EXPECT_EQ(without_spaces("ｼｹﾝ ﾊﾅｺ"), "ｼｹﾝﾊﾅｺ");
  EXPECT_EQ(comma_safe("a,b\"c\r\n\x1A"), "a，b＂c");
  EXPECT_EQ(zero_padded(42, 6), "000042");
  EXPECT_EQ(left_padded("1234567", 6, '0'), "1234567");
}

TEST(Claims, ReceiptKindFollowsPayerAgeAndBranch) {
  using claims::receipt_kind;
  synth::RecordedIdentity id =
      testing::identity("試験", "花子", "シケン", "ハナコ", synth::Sex::female, date(1965, 4, 12));
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 5), "1112");  // 本人 外来
  EXPECT_EQ(receipt_kind('1', id, true, 2024, 5), "1111");   // 本人 入院
  id.branch = "01";
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 5), "1116");  // 家族 外来
  id.insurer_number = "39131008";
  EXPECT_EQ(receipt_kind('4', id, false, 2024, 5), "4318");  // 後期 一般
  id.insurer_number = "138016";
  id.birth = date(1954, 5, 2);  // 70 on 2024-05-02
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 5), "1116");
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 6), "1118");  // 高齢受給者 from the next month
  id.birth = date(1954, 5, 1);                               // born on the 1st: from the birthday month
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 5), "1118");
  id.birth = date(2018, 4, 1);  // school from 2024-04-01
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 3), "1114");
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 4), "1116");
  id.birth = date(2018, 4, 2);  // school from 2025-04-01
  EXPECT_EQ(receipt_kind('1', id, false, 2024, 4), "1114");
}

TEST(Claims, PayerGroupAndOrganisation) {
  EXPECT_EQ(claims::payer_group("138016"), claims::PayerGroup::kokuho);
  EXPECT_EQ(claims::payer_group("38016"), claims::PayerGroup::kokuho);
  EXPECT_EQ(claims::payer_group("39131008"), claims::PayerGroup::kouki);
  EXPECT_EQ(claims::payer_group("1130012"), claims::PayerGroup::employee);  // lost leading zero
  EXPECT_EQ(claims::payer_group("01130012"), claims::PayerGroup::employee);
}

}  // namespace
}  // namespace nayose::formats
