#include "src/formats/claims.hpp"

#include <cstddef>
#include <string>

#include "src/formats/text.hpp"

namespace nayose::formats::claims {
namespace {

// Year-month as one comparable number.
int month_index(int year, int month) {
  return year * 12 + (month - 1);
}

bool elderly_recipient(const synth::Date& birth, int year, int month) {
  // 高齢受給者: from the 1st of the month after the 70th birthday (that month when born on the 1st).
  const int threshold = month_index(birth.year + 70, birth.month) + (birth.day == 1 ? 0 : 1);
  return month_index(year, month) >= threshold;
}

bool preschool(const synth::Date& birth, int year, int month) {
  // 未就学者: before April 1 of the school year after the 6th birthday (children born April 2 to
  // April 1 start school together).
  const bool late_in_school_year = birth.month > 4 || (birth.month == 4 && birth.day >= 2);
  const int school_start_year = birth.year + (late_in_school_year ? 7 : 6);
  return month_index(year, month) < month_index(school_start_year, 4);
}

}  // namespace

std::string date(const synth::Date& d, bool wareki) {
  return wareki ? wareki_date(d, false) : yyyymmdd(d);
}

std::string month(int year, int m, bool wareki) {
  return wareki ? wareki_month(year, m) : yyyymm(year, m);
}

std::string birth_date(const synth::RecordedIdentity& identity, bool wareki) {
  if (identity.birth_missing) return {};
  if (!wareki) return yyyymmdd(identity.birth);
  return wareki_date(identity.birth, (identity.error_flags & synth::kEraDigitWrong) != 0);
}

std::pair<int, int> following_month(int year, int m) {
  return m == 12 ? std::pair{year + 1, 1} : std::pair{year, m + 1};
}

PayerGroup payer_group(const std::string& insurer_number) {
  std::string digits;
  for (const char c : insurer_number) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() <= 6) return PayerGroup::kokuho;
  const std::string eight = left_padded(digits, 8, '0');
  return eight.compare(0, 2, "39") == 0 ? PayerGroup::kouki : PayerGroup::employee;
}

char payer_organization(const synth::FacilityMonth& fm) {
  std::size_t kokuho_side = 0;
  for (const synth::SourceRecord& record : fm.records) {
    if (payer_group(record.identity.insurer_number) != PayerGroup::employee) ++kokuho_side;
  }
  return 2 * kokuho_side > fm.records.size() ? '2' : '1';
}

std::string receipt_kind(char table, const synth::RecordedIdentity& identity, bool inpatient, int year,
                         int m) {
  const PayerGroup group = payer_group(identity.insurer_number);
  const bool known_birth = !identity.birth_missing && !identity.birth.empty();
  int patient_class = 0;  // the outpatient (even) digit; inpatient is one less
  if (group == PayerGroup::kouki || (known_birth && elderly_recipient(identity.birth, year, m))) {
    patient_class = 8;
  } else if (known_birth && preschool(identity.birth, year, m)) {
    patient_class = 4;
  } else if (identity.branch.empty() || identity.branch == "00") {
    patient_class = 2;
  } else {
    patient_class = 6;
  }
  const int digit4 = inpatient ? patient_class - 1 : patient_class;
  std::string kind;
  kind.push_back(table);
  kind.push_back(group == PayerGroup::kouki ? '3' : '1');
  kind.push_back('1');
  kind.push_back(static_cast<char>('0' + digit4));
  return kind;
}

std::string name(const synth::RecordedIdentity& identity) {
  return identity.kanji_name.empty() ? identity.kana_name : identity.kanji_name;
}

std::string kana_name(const synth::RecordedIdentity& identity) {
  return without_spaces(identity.kana_name);
}

std::string sex_code(synth::Sex sex) {
  return sex == synth::Sex::female ? "2" : "1";
}

}  // namespace nayose::formats::claims
