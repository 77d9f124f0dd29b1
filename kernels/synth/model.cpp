#include "kernels/synth/model.hpp"

#include <stdexcept>

namespace nayose::synth {

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil / civil_from_days),
// proleptic Gregorian, valid far beyond the int16 year range used here.
std::int32_t days_from_civil(const Date& d) {
  int y = d.year;
  const int m = d.month;
  const int dd = d.day;
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;                                   // [0, 399]
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;  // [0, 365]
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int32_t days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;                                      // [0, 146096]
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const int mp = (5 * doy + 2) / 153;                       // [0, 11]
  const int d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const int m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  Date out;
  out.year = static_cast<std::int16_t>(y + (m <= 2 ? 1 : 0));
  out.month = static_cast<std::int8_t>(m);
  out.day = static_cast<std::int8_t>(d);
  return out;
}

bool is_valid_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= last;
}

const IdentityEpoch& Person::epoch_at(const Date& date) const {
  if (epochs.empty()) throw std::logic_error("Person::epoch_at: person " + std::to_string(id) + " has no epochs");
  // Epochs are ordered and non-overlapping: the answer is the last epoch starting on or before `date`;
  // a date before every start gets the first epoch.
  const IdentityEpoch* found = &epochs.front();
  for (const IdentityEpoch& e : epochs) {
    if (e.from <= date) {
      found = &e;
    } else {
      break;
    }
  }
  return *found;
}

}  // namespace nayose::synth
