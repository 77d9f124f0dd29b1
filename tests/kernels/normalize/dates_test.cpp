#include "kernels/normalize/dates.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace nayose::normalize {
namespace {

namespace chr = std::chrono;

void expect_date(const ParsedDate& d, std::uint32_t value, std::uint8_t flags) {
  EXPECT_EQ(d.status, DateStatus::ok);
  EXPECT_EQ(d.value, value);
  EXPECT_EQ(d.flags, flags);
}

TEST(ParseDate, SeirekiAndWarekiByLength) {
  // DOMAIN §1.2: 昭和40年4月12日 = 3400412 = 19650412.
  expect_date(parse_date("19650412"), 19650412, 0);
  // Long digit strings are a bad shape, not an overflow (fuzz_care found digits_value overflowing).
  EXPECT_EQ(parse_date("194907259000000000000").status, DateStatus::bad_date);
  EXPECT_EQ(parse_month("1949072590").status, DateStatus::bad_date);
  expect_date(parse_date("3400412"), 19650412, kDateFromWareki);
  expect_date(parse_date("１９６５０４１２"), 19650412, 0);
  expect_date(parse_date(" 3400412 "), 19650412, kDateFromWareki);
  expect_date(parse_date("1010125"), 18680125, kDateFromWareki);  // 明治元年1月25日
  expect_date(parse_date("2010730"), 19120730, kDateFromWareki);  // 大正元年7月30日
  expect_date(parse_date("3011225"), 19261225, kDateFromWareki);  // 昭和元年12月25日
}

TEST(ParseDate, EraBoundaries) {
  // 1989-01-07 is 昭和64; 1989-01-08 is 平成元 (DOMAIN §1.2).
  expect_date(parse_date("3640107"), 19890107, kDateFromWareki);
  expect_date(parse_date("4010108"), 19890108, kDateFromWareki);
  expect_date(parse_date("3640108"), 19890108, kDateFromWareki | kDatePastEraEnd);
  expect_date(parse_date("4010107"), 19890107, kDateFromWareki | kDateBeforeEraStart);
  // 2019-04-30 平成31; 2019-05-01 令和元.
  expect_date(parse_date("4310430"), 20190430, kDateFromWareki);
  expect_date(parse_date("5010501"), 20190501, kDateFromWareki);
  expect_date(parse_date("4310501"), 20190501, kDateFromWareki | kDatePastEraEnd);
  expect_date(parse_date("5010430"), 20190430, kDateFromWareki | kDateBeforeEraStart);
  // A wrong era digit: 大正40年 is a calendar date (1951), accepted and flagged.
  expect_date(parse_date("2400101"), 19510101, kDateFromWareki | kDatePastEraEnd);
  expect_date(parse_date("4550101"), 20430101, kDateFromWareki | kDatePastEraEnd);  // 平成55
  expect_date(parse_date("5990101"), 21170101, kDateFromWareki);  // 令和 has no end
  expect_date(parse_date("1010124"), 18680124, kDateFromWareki | kDateBeforeEraStart);
}

TEST(ParseDate, ImpossibleAndBad) {
  for (const char* s : {"20230230", "20231301", "20230001", "20230100", "00000000", "20230229", "19000229",
                        "4000101", "0010101", "6010101", "9010101", "3401301", "4310230", "3400431"}) {
    EXPECT_EQ(parse_date(s).status, DateStatus::impossible_date) << s;
    EXPECT_EQ(parse_date(s).value, 0U) << s;
  }
  expect_date(parse_date("20240229"), 20240229, 0);
  expect_date(parse_date("20000229"), 20000229, 0);
  for (const char* s : {"202302", "2023-02-28", "19650", "196504120", "H010108", "abcdefgh", "1965 0412"}) {
    EXPECT_EQ(parse_date(s).status, DateStatus::bad_date) << s;
  }
  EXPECT_EQ(parse_date("").status, DateStatus::empty);
  EXPECT_EQ(parse_date("\u3000 ").status, DateStatus::empty);
}

TEST(ParseMonth, SeirekiAndWareki) {
  expect_date(parse_month("202405"), 202405, 0);
  expect_date(parse_month("50605"), 202405, kDateFromWareki);  // 令和6年5月 (DOMAIN §1.2)
  expect_date(parse_month("43104"), 201904, kDateFromWareki);
  expect_date(parse_month("43105"), 201905, kDateFromWareki | kDatePastEraEnd);
  expect_date(parse_month("50104"), 201904, kDateFromWareki | kDateBeforeEraStart);
  expect_date(parse_month("50105"), 201905, kDateFromWareki);
  expect_date(parse_month("36401"), 198901, kDateFromWareki);  // 昭和64年1月: the era ends inside the month
  expect_date(parse_month("40101"), 198901, kDateFromWareki);  // 平成元年1月: begins inside the month
  expect_date(parse_month("36402"), 198902, kDateFromWareki | kDatePastEraEnd);
  expect_date(parse_month("２０２４０５"), 202405, 0);
  for (const char* s : {"202413", "202400", "40001", "60101", "00101"}) {
    EXPECT_EQ(parse_month(s).status, DateStatus::impossible_date) << s;
  }
  for (const char* s : {"2024", "2024051", "20240501", "R0605", "2024-5"}) {
    EXPECT_EQ(parse_month(s).status, DateStatus::bad_date) << s;
  }
  EXPECT_EQ(parse_month("").status, DateStatus::empty);
}

TEST(CalendarDate, MatchesChronoOracle) {
  for (int y = 1800; y <= 2100; ++y) {
    for (unsigned m = 0; m <= 13; ++m) {
      for (unsigned d = 0; d <= 32; ++d) {
        const bool oracle = chr::year_month_day(chr::year(y), chr::month(m), chr::day(d)).ok();
        ASSERT_EQ(is_calendar_date(y, m, d), oracle) << y << "-" << m << "-" << d;
      }
    }
  }
  EXPECT_FALSE(is_calendar_date(0, 1, 1));
  EXPECT_FALSE(is_calendar_date(10000, 1, 1));
}

std::uint32_t yyyymmdd(chr::year_month_day ymd) {
  return static_cast<std::uint32_t>(static_cast<int>(ymd.year())) * 10000U + static_cast<unsigned>(ymd.month()) * 100U +
         static_cast<unsigned>(ymd.day());
}

// Oracle: the era of a day by comparing sys_days with each era's first day.
std::pair<Era, int> wareki_oracle(chr::sys_days day) {
  struct Start {
    Era era;
    chr::sys_days first;
    int first_year;
  };
  const Start starts[] = {
      {Era::reiwa, chr::sys_days(chr::year(2019) / 5 / 1), 2019},
      {Era::heisei, chr::sys_days(chr::year(1989) / 1 / 8), 1989},
      {Era::showa, chr::sys_days(chr::year(1926) / 12 / 25), 1926},
      {Era::taisho, chr::sys_days(chr::year(1912) / 7 / 30), 1912},
      {Era::meiji, chr::sys_days(chr::year(1868) / 1 / 25), 1868},
  };
  const int year = static_cast<int>(chr::year_month_day(day).year());
  for (const Start& s : starts) {
    if (day >= s.first) return {s.era, year - s.first_year + 1};
  }
  return {Era::meiji, 0};
}

TEST(ToWareki, EveryDayOf1989And2019AgainstChrono) {
  for (const int y : {1989, 2019}) {
    int days = 0;
    for (chr::sys_days day = chr::sys_days(chr::year(y) / 1 / 1); day < chr::sys_days(chr::year(y + 1) / 1 / 1);
         day += chr::days(1)) {
      const std::uint32_t value = yyyymmdd(chr::year_month_day(day));
      const auto w = to_wareki(value);
      ASSERT_TRUE(w.has_value()) << value;
      const auto [era, year] = wareki_oracle(day);
      ASSERT_EQ(w->era, era) << value;
      ASSERT_EQ(w->year, year) << value;
      // And back: the GYYMMDD form parses to the same day, without flags beyond 和暦.
      expect_date(parse_date(format_wareki_date(*w)), value, kDateFromWareki);
      ++days;
    }
    EXPECT_EQ(days, 365);
  }
  EXPECT_EQ(format_wareki_date(*to_wareki(19890107)), "3640107");
  EXPECT_EQ(format_wareki_date(*to_wareki(19890108)), "4010108");
  EXPECT_EQ(format_wareki_date(*to_wareki(20190430)), "4310430");
  EXPECT_EQ(format_wareki_date(*to_wareki(20190501)), "5010501");
  EXPECT_EQ(format_wareki_date(*to_wareki(19650412)), "3400412");
}

TEST(ToWareki, RoundTripEveryDay1868To2030) {
  for (chr::sys_days day = chr::sys_days(chr::year(1868) / 1 / 25); day < chr::sys_days(chr::year(2031) / 1 / 1);
       day += chr::days(1)) {
    const std::uint32_t value = yyyymmdd(chr::year_month_day(day));
    const auto w = to_wareki(value);
    ASSERT_TRUE(w.has_value()) << value;
    const auto [era, year] = wareki_oracle(day);
    ASSERT_EQ(w->era, era) << value;
    ASSERT_EQ(w->year, year) << value;
    const ParsedDate back = parse_date(format_wareki_date(*w));
    ASSERT_EQ(back.value, value);
    ASSERT_EQ(back.flags, kDateFromWareki) << value;
  }
  EXPECT_FALSE(to_wareki(18680124).has_value());
  EXPECT_FALSE(to_wareki(20230230).has_value());
  EXPECT_FALSE(to_wareki(0).has_value());
}

TEST(Eras, Table) {
  ASSERT_EQ(eras().size(), 5U);
  EXPECT_EQ(eras()[3].name, "平成");
  EXPECT_EQ(eras()[3].first_day, 19890108U);
  EXPECT_EQ(eras()[4].year_offset, 2018);
}

}  // namespace
}  // namespace nayose::normalize
