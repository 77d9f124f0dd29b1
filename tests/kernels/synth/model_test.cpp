#include "kernels/synth/model.hpp"

#include <gtest/gtest.h>

namespace nayose::synth {
namespace {

Date d(int y, int m, int dd) { return Date{static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(dd)}; }

TEST(CivilDays, KnownValues) {
  EXPECT_EQ(days_from_civil(d(1970, 1, 1)), 0);
  EXPECT_EQ(days_from_civil(d(2000, 3, 1)), 11017);
  EXPECT_EQ(days_from_civil(d(1969, 12, 31)), -1);
  EXPECT_EQ(days_from_civil(d(1900, 1, 1)), -25567);
  EXPECT_EQ(civil_from_days(19723), d(2024, 1, 1));
}

TEST(CivilDays, RoundTripEveryDayFrom1800To2200) {
  const std::int32_t lo = days_from_civil(d(1800, 1, 1));
  const std::int32_t hi = days_from_civil(d(2200, 12, 31));
  Date previous = civil_from_days(lo - 1);
  for (std::int32_t day = lo; day <= hi; ++day) {
    const Date date = civil_from_days(day);
    ASSERT_TRUE(is_valid_date(date.year, date.month, date.day)) << day;
    ASSERT_EQ(days_from_civil(date), day);
    ASSERT_LT(previous, date);
    previous = date;
  }
}

TEST(ValidDate, LeapYearsAndBounds) {
  EXPECT_TRUE(is_valid_date(2024, 2, 29));
  EXPECT_FALSE(is_valid_date(2023, 2, 29));
  EXPECT_FALSE(is_valid_date(1900, 2, 29));
  EXPECT_TRUE(is_valid_date(2000, 2, 29));
  EXPECT_FALSE(is_valid_date(2023, 2, 30));
  EXPECT_FALSE(is_valid_date(2023, 4, 31));
  EXPECT_FALSE(is_valid_date(2023, 13, 1));
  EXPECT_FALSE(is_valid_date(2023, 0, 1));
  EXPECT_FALSE(is_valid_date(2023, 1, 0));
}

TEST(EpochAt, PicksTheEpochInForce) {
  Person p;
  EXPECT_THROW(p.epoch_at(d(2024, 1, 1)), std::logic_error);
  IdentityEpoch a, b;
  a.from = d(2024, 4, 1);
  a.until = d(2024, 7, 1);
  a.name.kanji_surname = "佐藤";
  b.from = d(2024, 7, 1);
  b.name.kanji_surname = "鈴木";
  p.epochs = {a, b};
  EXPECT_EQ(p.epoch_at(d(2024, 3, 1)).name.kanji_surname, "佐藤");  // before every start: the first
  EXPECT_EQ(p.epoch_at(d(2024, 6, 30)).name.kanji_surname, "佐藤");
  EXPECT_EQ(p.epoch_at(d(2024, 7, 1)).name.kanji_surname, "鈴木");
  EXPECT_EQ(p.epoch_at(d(2030, 1, 1)).name.kanji_surname, "鈴木");
}

}  // namespace
}  // namespace nayose::synth
