#include "kernels/synth/variants.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/synth/kana.hpp"

using namespace nayose::synth;

namespace {

// ---------------------------------------------------------------------------------------------
// Oracles written independently of variants.cpp (DOMAIN §4.8 / §0.6).

bool digits_only(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// 保険者番号 Luhn variant: from the right of the base, weights 2,1,2,…; digit sums of products.
bool insurer_check_ok(std::string n) {
  if (n.size() < 8 && n.size() != 6) n.insert(0, 8 - n.size(), '0');  // leading zeros lost in HL7
  if (!digits_only(n)) return false;
  int sum = 0;
  for (std::size_t k = 0; k + 1 < n.size(); ++k) {
    const std::size_t from_right = n.size() - 2 - k;  // 0 = rightmost digit of the base
    int p = (n[k] - '0') * (from_right % 2 == 0 ? 2 : 1);
    sum += p / 10 + p % 10;
  }
  return (10 - sum % 10) % 10 == n.back() - '0';
}

// 全国地方公共団体コード: (11 − Σ d·(6,5,4,3,2) mod 11) mod 10.
bool municipality_check_ok(std::string n) {
  if (n.size() < 6) n.insert(0, 6 - n.size(), '0');
  if (n.size() != 6 || !digits_only(n)) return false;
  const int w[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (n[static_cast<std::size_t>(i)] - '0') * w[i];
  return (11 - sum % 11) % 10 == n[5] - '0';
}

bool civil_date_ok(const Date& d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return d.day <= (d.month == 2 && leap ? 29 : days[d.month - 1]);
}

// Whether ICU's own converter can write the text (independent of variants.cpp's lead-byte rule).
bool icu_encodes(const std::string& utf8, const char* converter_name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cv = ucnv_open(converter_name, &status);
  EXPECT_TRUE(U_SUCCESS(status));
  ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
  char buffer[512];
  ucnv_fromUChars(cv, buffer, sizeof buffer, s.getBuffer(), s.length(), &status);
  ucnv_close(cv);
  return U_SUCCESS(status);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---------------------------------------------------------------------------------------------
// Hand-built inputs (Tables::embedded() is not needed).

Date date(int y, int m, int d) {
  return Date{static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(d)};
}

Tables test_tables() {
  Tables t;
  t.kanji_variants = {{"髙", "高", false}, {"﨑", "崎", false}, {"德", "徳", false}, {"𠮷", "吉", false},
                      {"澤", "沢", true},  {"邊", "辺", true},  {"齋", "斎", true}};
  return t;
}

Address sapporo() {
  Address a;
  a.municipality_code = "011011";  // 札幌市中央区 (check digit 1)
  a.prefecture_code = "01";
  a.postal_code = "0600001";
  a.text = "北海道札幌市中央区北一条西1丁目1番地";
  return a;
}

Address chiyoda() {
  Address a;
  a.municipality_code = "131016";  // 千代田区
  a.prefecture_code = "13";
  a.postal_code = "1000001";
  a.text = "東京都千代田区千代田1番1号";
  return a;
}

Insurance kyokai() {
  Insurance i;
  i.scheme = Scheme::kyokai;
  i.insurer_number = "01130012";  // 協会けんぽ東京 (DOMAIN §4.8)
  i.symbol = "1234567";
  i.number = "89";
  i.branch = "00";
  return i;
}

Name make_name(const char* ks, const char* kg, const char* ps, const char* pg) {
  Name n;
  n.kanji_surname = ks;
  n.kanji_given = kg;
  n.kana_surname = ps;
  n.kana_given = pg;
  return n;
}

IdentityEpoch make_epoch(Date from, Name name, Address address) {
  IdentityEpoch e;
  e.from = from;
  e.name = std::move(name);
  e.address = std::move(address);
  e.insurance = kyokai();
  e.care_insured_number = "0000012345";
  return e;
}

// Eligible for every error: small kana and long vowel (ショウ), typo candidates, an encodable
// variant (澤), an earlier surname and address, birth 1955-03-07 (day ≤ 12 ≠ month; 昭和30 ↔ 平成30).
Person married_person(std::uint64_t id) {
  Person p;
  p.id = id;
  p.sex = Sex::female;
  p.birth = date(1955, 3, 7);
  p.epochs.push_back(make_epoch(date(2010, 1, 1), make_name("髙橋", "翔子", "タカハシ", "ショウコ"), chiyoda()));
  p.epochs.push_back(make_epoch(date(2015, 6, 1), make_name("澤田", "翔子", "サワダ", "ショウコ"), sapporo()));
  return p;
}

Person single_epoch_person(std::uint64_t id, const char* ks, const char* kg, const char* ps, const char* pg,
                           Date birth = date(1980, 5, 20)) {
  Person p;
  p.id = id;
  p.sex = Sex::male;
  p.birth = birth;
  p.epochs.push_back(make_epoch(date(2010, 1, 1), make_name(ks, kg, ps, pg), sapporo()));
  return p;
}

Facility make_facility(std::uint32_t id, bool wareki = false) {
  Facility f;
  f.id = id;
  f.kind = FacilityKind::hospital;
  f.code = "1234567";
  f.prefecture_code = "01";
  f.municipality_code = "011011";
  f.name = "テスト病院";
  f.wareki_dates = wareki;
  f.has_ssmix2 = true;
  return f;
}

ErrorRates zero_rates() {
  ErrorRates r;
  for (const std::string& name : ErrorRates::names()) r.set(name, 0.0);
  return r;
}

ErrorRates zero_per_record(ErrorRates r) {
  for (const char* name : {"kana_typo", "day_month_swap", "era_digit_wrong", "missing_field", "bad_check_digit",
                           "impossible_date", "truncated_line", "wrong_field_count", "bad_byte_sequence"}) {
    r.set(name, 0.0);
  }
  return r;
}

std::string dump(const RecordedIdentity& r) {
  std::string s;
  for (const std::string* f : {&r.kanji_name, &r.kana_name, &r.kanji_surname, &r.kanji_given, &r.kana_surname,
                               &r.kana_given, &r.insurer_number, &r.symbol, &r.number, &r.branch, &r.postal_code,
                               &r.address, &r.municipality_code, &r.chart_number, &r.care_insured_number}) {
    s += *f;
    s += '|';
  }
  s += std::to_string(static_cast<int>(r.sex)) + "|" + std::to_string(r.birth.year) + "-" +
       std::to_string(r.birth.month) + "-" + std::to_string(r.birth.day) + "|" + std::to_string(r.birth_missing) +
       "|" + std::to_string(r.error_flags) + "|" + std::to_string(static_cast<int>(r.corruption));
  return s;
}

constexpr SourceKind kAllKinds[] = {SourceKind::uke,     SourceKind::cyo,  SourceKind::ssmix2,
                                    SourceKind::checkup, SourceKind::care, SourceKind::death};

constexpr std::uint64_t kSeed = 20240401;

// |observed − p| within 5 standard deviations (plus a hair for p near 0).
void expect_rate(std::size_t hits, std::size_t n, double p, const char* what) {
  const double observed = static_cast<double>(hits) / static_cast<double>(n);
  const double tolerance = 5.0 * std::sqrt(p * (1.0 - p) / static_cast<double>(n)) + 5e-5;
  EXPECT_NEAR(observed, p, tolerance) << what << ": " << hits << " of " << n;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST(ErrorRates, NamesSetGetAndErrors) {
  const std::vector<std::string> expected = {
      "half_width_kana", "hiragana_name", "small_kana_large", "long_vowel_variant", "no_name_space",
      "itaiji_substitute", "itaiji_symbol_share", "old_surname_after_marriage", "old_address_after_move",
      "full_width_card_digits", "insurer_leading_zero_lost", "cp932_claims_share", "kana_typo", "day_month_swap",
      "era_digit_wrong", "missing_field", "bad_check_digit", "impossible_date", "truncated_line",
      "wrong_field_count", "bad_byte_sequence"};
  EXPECT_EQ(ErrorRates::names(), expected);
  ErrorRates r;
  EXPECT_TRUE(r.problems().empty());
  for (const std::string& name : expected) {
    EXPECT_FALSE(ErrorRates::help(name).empty()) << name;
    r.set(name, 0.25);
    EXPECT_EQ(r.get(name), 0.25);
    EXPECT_EQ(*r.field(name), 0.25);
  }
  EXPECT_EQ(r.kana_typo, 0.25);
  *r.field("kana_typo") = 0.5;
  EXPECT_EQ(r.kana_typo, 0.5);

  EXPECT_THROW(r.set("kana_typos", 0.1), std::invalid_argument);
  EXPECT_THROW((void)r.get("nope"), std::invalid_argument);
  EXPECT_THROW((void)ErrorRates::help("nope"), std::invalid_argument);
  EXPECT_THROW(r.set("kana_typo", -0.01), std::invalid_argument);
  EXPECT_THROW(r.set("kana_typo", 1.01), std::invalid_argument);
  EXPECT_THROW(r.set("kana_typo", std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  try {
    r.set("kanatypo", 0.1);
  } catch (const std::invalid_argument& e) {
    EXPECT_TRUE(contains(e.what(), "kanatypo"));
    EXPECT_TRUE(contains(e.what(), "kana_typo"));  // lists the valid names
  }

  ErrorRates bad;
  bad.kana_typo = 2.0;
  bad.missing_field = -1.0;
  bad.half_width_kana = 0.7;
  bad.hiragana_name = 0.6;
  EXPECT_EQ(bad.problems().size(), 3U);  // every problem at once
}

TEST(Render, DeterministicForTheSameInputs) {
  const Tables tables = test_tables();
  ErrorRates rates;
  for (const std::string& name : ErrorRates::names()) rates.set(name, 0.3);
  rates.set("hiragana_name", 0.2);
  for (const SourceKind kind : kAllKinds) {
    for (std::uint64_t i = 0; i < 300; ++i) {
      const Person p = married_person(i);
      const Facility f = make_facility(static_cast<std::uint32_t>(i % 7), i % 2 == 0);
      const RecordedIdentity a = render_identity(p, p.epochs.back(), f, kind, kSeed, i * 31, rates, tables);
      const RecordedIdentity b = render_identity(p, p.epochs.back(), f, kind, kSeed, i * 31, rates, tables);
      EXPECT_EQ(dump(a), dump(b));
      // A copy of the epoch (not the Person's own object) gives the same result.
      const IdentityEpoch copy = p.epochs.back();
      EXPECT_EQ(dump(a), dump(render_identity(p, copy, f, kind, kSeed, i * 31, rates, tables)));
    }
  }
  // A different seed changes things.
  const Person p = married_person(1);
  int differ = 0;
  for (std::uint32_t f = 0; f < 50; ++f) {
    differ += dump(render_identity(p, p.epochs.back(), make_facility(f), SourceKind::uke, 1, 5, rates, tables)) !=
              dump(render_identity(p, p.epochs.back(), make_facility(f), SourceKind::uke, 2, 5, rates, tables));
  }
  EXPECT_GT(differ, 10);
}

TEST(Render, SameBytesForEveryThreadCount) {
  // ICU transliterators and converters are per thread inside variants/kana: results must not
  // depend on which thread renders which record.
  const Tables tables = test_tables();
  ErrorRates rates;
  for (const std::string& name : ErrorRates::names()) rates.set(name, 0.2);
  constexpr std::size_t n = 30000;
  const auto render_all = [&](int threads) {
    std::vector<std::string> out(n);
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      const Person p = i % 3 == 0 ? single_epoch_person(i, "𠮷田", "髙子", "ヨシダ", "タカコ") : married_person(i);
      const SourceKind kind = kAllKinds[i % std::size(kAllKinds)];
      out[i] = dump(render_identity(p, p.epochs.back(), make_facility(static_cast<std::uint32_t>(i % 101), i % 2 == 0),
                                    kind, kSeed, i, rates, tables));
    });
    return out;
  };
  const std::vector<std::string> serial = render_all(1);
  for (const int threads : {2, 3, 4, 8}) EXPECT_EQ(render_all(threads), serial) << threads << " threads";
}

TEST(Render, PersistentChoicesAreFixedPerFacilityAndPerson) {
  const Tables tables = test_tables();
  ErrorRates rates;
  for (const std::string& name : ErrorRates::names()) rates.set(name, 0.5);
  rates.set("hiragana_name", 0.2);
  rates = zero_per_record(rates);
  for (const SourceKind kind : kAllKinds) {
    std::set<std::uint32_t> patterns;
    for (std::uint32_t fid = 0; fid < 200; ++fid) {
      const Facility f = make_facility(fid, true);
      const Person p = married_person(77);
      const std::string first = dump(render_identity(p, p.epochs.back(), f, kind, kSeed, 0, rates, tables));
      for (std::uint64_t key = 1; key < 50; ++key) {
        ASSERT_EQ(dump(render_identity(p, p.epochs.back(), f, kind, kSeed, key, rates, tables)), first);
      }
      patterns.insert(render_identity(p, p.epochs.back(), f, kind, kSeed, 0, rates, tables).error_flags);
    }
    // Facilities decide independently: the same person gets many different persistent patterns
    // (death certificates can only vary surname, space and kanji: at most 8).
    EXPECT_GE(patterns.size(), kind == SourceKind::death ? 6U : 12U) << static_cast<int>(kind);
  }
}

TEST(Render, RecordKeyChangesOnlyPerRecordErrors) {
  const Tables tables = test_tables();
  ErrorRates rates;
  for (const std::string& name : ErrorRates::names()) rates.set(name, 0.5);
  rates.set("hiragana_name", 0.2);
  for (const char* name : {"kana_typo", "day_month_swap", "era_digit_wrong", "missing_field"}) rates.set(name, 0.1);
  for (const char* name : {"bad_check_digit", "impossible_date", "truncated_line", "wrong_field_count",
                           "bad_byte_sequence"}) {
    rates.set(name, 0.01);
  }
  const ErrorRates persistent_only = zero_per_record(rates);
  for (const SourceKind kind : kAllKinds) {
    for (std::uint32_t fid = 0; fid < 20; ++fid) {
      const Facility f = make_facility(fid, true);
      const Person p = married_person(1000 + fid);
      const RecordedIdentity clean = render_identity(p, p.epochs.back(), f, kind, kSeed, 0, persistent_only, tables);
      int with_record_errors = 0;
      for (std::uint64_t key = 0; key < 400; ++key) {
        const RecordedIdentity r = render_identity(p, p.epochs.back(), f, kind, kSeed, key, rates, tables);
        const bool touched = (r.error_flags & kPerRecordErrorFlags) != 0 || r.corruption != Corruption::none;
        if (!touched) {
          EXPECT_EQ(dump(r), dump(clean));
        } else {
          ++with_record_errors;
          if ((r.error_flags & kMissingField) == 0) {
            // Persistent errors are the same as on every other record of this facility-person.
            EXPECT_EQ(r.error_flags & kPersistentErrorFlags, clean.error_flags & kPersistentErrorFlags);
          }
        }
      }
      EXPECT_GT(with_record_errors, 0);
    }
  }
}

TEST(Render, FieldsFollowTheSourceKind) {
  const Tables tables = test_tables();
  const ErrorRates none = zero_rates();
  const Person p = married_person(5);
  const IdentityEpoch& cur = p.epochs.back();
  const Facility f = make_facility(3);
  const auto render = [&](SourceKind kind) { return render_identity(p, cur, f, kind, kSeed, 9, none, tables); };

  for (const SourceKind kind : {SourceKind::uke, SourceKind::cyo}) {
    const RecordedIdentity r = render(kind);
    EXPECT_EQ(r.kanji_name, "澤田　翔子");
    EXPECT_EQ(r.kana_name, "サワダ　ショウコ");
    EXPECT_EQ(r.insurer_number, "01130012");
    EXPECT_EQ(r.symbol, "1234567");
    EXPECT_EQ(r.number, "89");
    EXPECT_EQ(r.branch, "00");
    EXPECT_TRUE(r.kanji_surname.empty() && r.kanji_given.empty() && r.kana_surname.empty() && r.kana_given.empty());
    EXPECT_TRUE(r.postal_code.empty() && r.address.empty() && r.municipality_code.empty());
    EXPECT_TRUE(r.care_insured_number.empty());
  }
  {
    const RecordedIdentity r = render(SourceKind::ssmix2);
    EXPECT_TRUE(r.kanji_name.empty() && r.kana_name.empty());
    EXPECT_EQ(r.kanji_surname, "澤田");
    EXPECT_EQ(r.kanji_given, "翔子");
    EXPECT_EQ(r.kana_surname, "サワダ");
    EXPECT_EQ(r.kana_given, "ショウコ");
    EXPECT_EQ(r.postal_code, "0600001");
    EXPECT_EQ(r.address, sapporo().text);
    EXPECT_EQ(r.municipality_code, "011011");
    EXPECT_EQ(r.insurer_number, "01130012");
    EXPECT_EQ(r.symbol, "1234567");
    EXPECT_EQ(r.branch, "00");
    EXPECT_TRUE(r.care_insured_number.empty());
  }
  {
    const RecordedIdentity r = render(SourceKind::checkup);
    EXPECT_TRUE(r.kanji_name.empty() && r.kanji_surname.empty() && r.kana_surname.empty());
    EXPECT_EQ(r.kana_name, "サワダショウコ");  // DOMAIN §3.2: no space
    EXPECT_EQ(r.insurer_number, "01130012");
    EXPECT_EQ(r.number, "89");
    EXPECT_EQ(r.postal_code, "0600001");
    EXPECT_EQ(r.address, sapporo().text);
    EXPECT_TRUE(r.municipality_code.empty() && r.care_insured_number.empty());
  }
  {
    const RecordedIdentity r = render(SourceKind::care);
    EXPECT_TRUE(r.kanji_name.empty() && r.kanji_surname.empty());
    EXPECT_EQ(r.kana_name, "サワダ　ショウコ");
    EXPECT_EQ(r.insurer_number, "011011");  // the municipality is the 介護 insurer
    EXPECT_EQ(r.care_insured_number, "0000012345");
    EXPECT_TRUE(r.symbol.empty() && r.number.empty() && r.branch.empty() && r.address.empty());
  }
  {
    const RecordedIdentity r = render(SourceKind::death);
    EXPECT_EQ(r.kanji_name, "澤田　翔子");
    EXPECT_TRUE(r.kana_name.empty() && r.kana_surname.empty());
    EXPECT_EQ(r.address, sapporo().text);
    EXPECT_EQ(r.municipality_code, "011011");
    EXPECT_TRUE(r.insurer_number.empty() && r.symbol.empty() && r.number.empty() && r.postal_code.empty());
  }
  for (const SourceKind kind : kAllKinds) {
    const RecordedIdentity r = render(kind);
    EXPECT_EQ(r.sex, Sex::female);
    EXPECT_EQ(r.birth, p.birth);
    EXPECT_FALSE(r.birth_missing);
    EXPECT_TRUE(r.chart_number.empty());  // the job assigns it
    EXPECT_EQ(r.error_flags, 0U);
    EXPECT_EQ(r.corruption, Corruption::none);
  }
}

TEST(Render, ZeroRatesGiveNoErrors) {
  const Tables tables = test_tables();
  const ErrorRates none = zero_rates();
  for (const SourceKind kind : kAllKinds) {
    for (std::uint64_t i = 0; i < 2000; ++i) {
      const Person p = married_person(i);
      const RecordedIdentity r =
          render_identity(p, p.epochs.back(), make_facility(static_cast<std::uint32_t>(i), i % 2 == 1), kind, kSeed,
                          i, none, tables);
      ASSERT_EQ(r.error_flags, 0U);
      ASSERT_EQ(r.corruption, Corruption::none);
      ASSERT_EQ(r.birth, p.birth);
    }
  }
  // The only thing that still happens is a substitution the encoding forces (and it is flagged).
  const Person yoshida = single_epoch_person(1, "𠮷田", "一郎", "ヨシダ", "イチロウ");
  const RecordedIdentity r =
      render_identity(yoshida, yoshida.epochs.back(), make_facility(1), SourceKind::ssmix2, kSeed, 1, none, tables);
  EXPECT_EQ(r.kanji_surname, "吉田");
  EXPECT_EQ(r.error_flags, static_cast<std::uint32_t>(kItaijiSubstitute));
}

TEST(Rates, PersistentRatesMatchConfiguredOnes) {
  const Tables tables = test_tables();
  const ErrorRates rates = zero_per_record(ErrorRates{});  // realistic defaults
  constexpr std::size_t n = 200000;
  std::map<std::uint32_t, std::size_t> uke;
  std::size_t kanji_shown = 0;
  std::size_t itaiji_uke = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Person p = married_person(i);
    const RecordedIdentity r =
        render_identity(p, p.epochs.back(), make_facility(static_cast<std::uint32_t>(i % 977)), SourceKind::uke,
                        kSeed, i, rates, tables);
    for (std::uint32_t bit = 1; bit != 0 && bit <= kMissingField; bit <<= 1) uke[bit] += (r.error_flags & bit) != 0;
    // An earlier surname 髙橋 forces a substitution in JIS X 0208 claims: measure 澤 alone.
    if ((r.error_flags & (kHalfWidthKana | kHiraganaName | kOldSurname)) == 0) {
      ++kanji_shown;
      itaiji_uke += (r.error_flags & kItaijiSubstitute) != 0;
    }
  }
  expect_rate(uke[kHalfWidthKana], n, rates.half_width_kana, "half_width_kana");
  expect_rate(uke[kHiraganaName], n, rates.hiragana_name, "hiragana_name");
  expect_rate(uke[kSmallKanaLarge], n, rates.small_kana_large, "small_kana_large");
  expect_rate(uke[kLongVowelVariant], n, rates.long_vowel_variant, "long_vowel_variant");
  expect_rate(uke[kNoNameSpace], n, rates.no_name_space, "no_name_space");
  expect_rate(uke[kOldSurname], n, rates.old_surname_after_marriage, "old_surname_after_marriage");
  expect_rate(uke[kFullWidthCardDigits], n, rates.full_width_card_digits, "full_width_card_digits");
  expect_rate(itaiji_uke, kanji_shown, rates.itaiji_substitute, "itaiji_substitute (UKE, 澤 encodable)");
  EXPECT_EQ(uke[kOldAddress] + uke[kInsurerLeadingZeroLost] + uke[kKanaTypo] + uke[kMissingField], 0U);

  std::map<std::uint32_t, std::size_t> ss;
  std::size_t current_surname = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Person p = married_person(i);
    const RecordedIdentity r = render_identity(p, p.epochs.back(), make_facility(5), SourceKind::ssmix2, kSeed, i,
                                               rates, tables);
    for (const std::uint32_t bit : {kOldAddress, kInsurerLeadingZeroLost}) ss[bit] += (r.error_flags & bit) != 0;
    if ((r.error_flags & kOldSurname) == 0) {
      ++current_surname;
      ss[kItaijiSubstitute] += (r.error_flags & kItaijiSubstitute) != 0;
    }
  }
  expect_rate(ss[kOldAddress], n, rates.old_address_after_move, "old_address_after_move");
  expect_rate(ss[kInsurerLeadingZeroLost], n, rates.insurer_leading_zero_lost, "insurer_leading_zero_lost");
  expect_rate(ss[kItaijiSubstitute], current_surname, rates.itaiji_substitute, "itaiji_substitute (SS-MIX2, 澤 encodable)");

  // Per facility: the share of claims writers that use CP932.
  std::size_t cp932 = 0;
  for (std::uint32_t fid = 0; fid < n; ++fid) {
    cp932 += name_charset(make_facility(fid), SourceKind::uke, kSeed, rates) == NameCharset::cp932;
  }
  expect_rate(cp932, n, rates.cp932_claims_share, "cp932_claims_share");

  // Forced substitution (髙 cannot be written in SS-MIX2): symbol instead of the common form.
  std::size_t symbol = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Person p = single_epoch_person(i, "髙橋", "一郎", "タカハシ", "イチロウ");
    const RecordedIdentity r = render_identity(p, p.epochs.back(), make_facility(9), SourceKind::ssmix2, kSeed, i,
                                               rates, tables);
    ASSERT_NE(r.error_flags & kItaijiSubstitute, 0U);
    if (r.kanji_surname == "■橋") {
      ++symbol;
    } else {
      ASSERT_EQ(r.kanji_surname, "高橋");
    }
  }
  expect_rate(symbol, n, rates.itaiji_symbol_share, "itaiji_symbol_share");
}

namespace {

void check_per_record_rates(const ErrorRates& rates) {
  const Tables tables = test_tables();
  constexpr std::size_t n = 200000;
  const Person p = married_person(3);
  const Facility wareki = make_facility(11, true);
  std::map<std::uint32_t, std::size_t> flags;
  std::map<Corruption, std::size_t> corruptions;
  for (std::size_t key = 0; key < n; ++key) {
    const RecordedIdentity r =
        render_identity(p, p.epochs.back(), wareki, SourceKind::uke, kSeed, key, rates, tables);
    for (const std::uint32_t bit : {kKanaTypo, kDayMonthSwap, kEraDigitWrong, kMissingField}) {
      flags[bit] += (r.error_flags & bit) != 0;
    }
    ++corruptions[r.corruption];
  }
  expect_rate(flags[kKanaTypo], n, rates.kana_typo, "kana_typo");
  expect_rate(flags[kDayMonthSwap], n, rates.day_month_swap, "day_month_swap");
  expect_rate(flags[kEraDigitWrong], n, rates.era_digit_wrong, "era_digit_wrong");
  expect_rate(flags[kMissingField], n, rates.missing_field, "missing_field");
  expect_rate(corruptions[Corruption::bad_check_digit], n, rates.bad_check_digit, "bad_check_digit");
  expect_rate(corruptions[Corruption::impossible_date], n, rates.impossible_date, "impossible_date");
  expect_rate(corruptions[Corruption::truncated_line], n, rates.truncated_line, "truncated_line");
  expect_rate(corruptions[Corruption::wrong_field_count], n, rates.wrong_field_count, "wrong_field_count");
  expect_rate(corruptions[Corruption::bad_byte_sequence], n, rates.bad_byte_sequence, "bad_byte_sequence");
}

}  // namespace

TEST(Rates, PerRecordRatesMatchDefaults) { check_per_record_rates(ErrorRates{}); }

TEST(Rates, PerRecordRatesMatchElevatedOnes) {
  ErrorRates rates;
  rates.kana_typo = 0.05;
  rates.day_month_swap = 0.04;
  rates.era_digit_wrong = 0.03;
  rates.missing_field = 0.02;
  rates.bad_check_digit = 0.01;
  rates.impossible_date = 0.012;
  rates.truncated_line = 0.008;
  rates.wrong_field_count = 0.006;
  rates.bad_byte_sequence = 0.004;
  check_per_record_rates(rates);
}

TEST(Invalid, OnlyKindsTheSourceAllows) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  for (const char* name : {"bad_check_digit", "impossible_date", "truncated_line", "wrong_field_count",
                           "bad_byte_sequence"}) {
    rates.set(name, 0.15);
  }
  Person no_insurer = married_person(8);
  for (IdentityEpoch& e : no_insurer.epochs) e.insurance = Insurance{};
  for (const SourceKind kind : kAllKinds) {
    std::map<Corruption, int> seen;
    std::map<Corruption, int> seen_without_insurer;
    for (std::uint64_t key = 0; key < 20000; ++key) {
      const Person p = married_person(key);
      ++seen[render_identity(p, p.epochs.back(), make_facility(2), kind, kSeed, key, rates, tables).corruption];
      ++seen_without_insurer[render_identity(no_insurer, no_insurer.epochs.back(), make_facility(2), kind, kSeed,
                                             key, rates, tables)
                                 .corruption];
    }
    const bool line_based = kind != SourceKind::ssmix2 && kind != SourceKind::checkup;
    EXPECT_EQ(seen.count(Corruption::wrong_field_count) > 0, line_based) << static_cast<int>(kind);
    EXPECT_EQ(corruption_allowed(kind, Corruption::wrong_field_count), line_based);
    for (const Corruption c : {Corruption::bad_check_digit, Corruption::impossible_date, Corruption::truncated_line,
                               Corruption::bad_byte_sequence}) {
      EXPECT_GT(seen[c], 2400) << static_cast<int>(kind) << " " << static_cast<int>(c);  // ≈ 3000 each
      EXPECT_LT(seen[c], 3600) << static_cast<int>(kind) << " " << static_cast<int>(c);
    }
    // Without an insurer number there is nothing to break, except where the check digit is the
    // municipality code's (care: the insurer IS the municipality; death).
    const bool municipality_target = kind == SourceKind::care || kind == SourceKind::death;
    EXPECT_EQ(seen_without_insurer.count(Corruption::bad_check_digit) > 0, municipality_target)
        << static_cast<int>(kind);
  }
}

TEST(Invalid, BadCheckDigitReallyBreaksTheCheck) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.bad_check_digit = 0.5;
  rates.insurer_leading_zero_lost = 0.5;
  // Oracles agree with DOMAIN's worked examples.
  for (const char* valid : {"33120015", "01130012", "01010016", "01140011", "39131008", "06132013", "138016"}) {
    EXPECT_TRUE(insurer_check_ok(valid)) << valid;
  }
  EXPECT_FALSE(insurer_check_ok("83136019"));
  EXPECT_TRUE(municipality_check_ok("131016"));
  EXPECT_TRUE(municipality_check_ok("011011"));
  for (const SourceKind kind : kAllKinds) {
    int broken = 0;
    for (std::uint64_t key = 0; key < 4000; ++key) {
      const Person p = married_person(key);
      const RecordedIdentity r = render_identity(p, p.epochs.back(), make_facility(4), kind, kSeed, key, rates, tables);
      const bool bad = r.corruption == Corruption::bad_check_digit;
      broken += bad;
      switch (kind) {
        case SourceKind::uke:
        case SourceKind::cyo:
        case SourceKind::ssmix2:
        case SourceKind::checkup:
          EXPECT_EQ(insurer_check_ok(r.insurer_number), !bad) << r.insurer_number;
          EXPECT_TRUE(municipality_check_ok(r.municipality_code) || r.municipality_code.empty());
          break;
        case SourceKind::care: EXPECT_EQ(municipality_check_ok(r.insurer_number), !bad) << r.insurer_number; break;
        case SourceKind::death:
          EXPECT_EQ(municipality_check_ok(r.municipality_code), !bad) << r.municipality_code;
          break;
      }
    }
    EXPECT_GT(broken, 1700) << static_cast<int>(kind);
  }
}

TEST(Invalid, ImpossibleDatesAreReallyImpossible) {
  const Tables tables = test_tables();
  ErrorRates rates;  // defaults for everything else
  rates.impossible_date = 0.3;
  int impossible = 0;
  for (const SourceKind kind : kAllKinds) {
    for (std::uint64_t key = 0; key < 5000; ++key) {
      const Person p = married_person(key);
      const RecordedIdentity r =
          render_identity(p, p.epochs.back(), make_facility(6, true), kind, kSeed, key, rates, tables);
      if (r.corruption == Corruption::impossible_date) {
        ++impossible;
        EXPECT_FALSE(civil_date_ok(r.birth)) << r.birth.year << "-" << int{r.birth.month} << "-" << int{r.birth.day};
        EXPECT_EQ(r.birth.year, p.birth.year);
        EXPECT_FALSE(r.birth_missing);
        EXPECT_EQ(r.error_flags & (kDayMonthSwap | kEraDigitWrong), 0U);
      } else if (!r.birth_missing) {
        EXPECT_TRUE(civil_date_ok(r.birth));
      }
    }
  }
  EXPECT_GT(impossible, 8000);
}

TEST(Itaiji, SubstitutionDependsOnWhatTheSourceCanEncode) {
  const Tables tables = test_tables();
  for (const KanjiVariant& v : tables.kanji_variants) {  // our charset rule agrees with DOMAIN §4.3
    EXPECT_EQ(can_encode(v.variant, NameCharset::jis_x0208), v.in_jis_x0208) << v.variant;
    EXPECT_TRUE(can_encode(v.common, NameCharset::jis_x0208)) << v.common;
  }
  EXPECT_TRUE(can_encode("髙﨑德", NameCharset::cp932));
  EXPECT_FALSE(can_encode("𠮷", NameCharset::cp932));
  EXPECT_FALSE(can_encode("①", NameCharset::jis_x0208));  // NEC row 13 is CP932, not JIS X 0208
  EXPECT_TRUE(can_encode("①", NameCharset::cp932));
  EXPECT_FALSE(can_encode("ｶ", NameCharset::jis_x0208));  // half-width kana are forbidden in SS-MIX2
  EXPECT_TRUE(can_encode("𠮷", NameCharset::unicode));

  ErrorRates keep = zero_rates();  // the clerk types what the registry says when the source allows it
  keep.cp932_claims_share = 0.3;
  ErrorRates common = keep;
  common.itaiji_substitute = 1.0;
  const Person takahashi = single_epoch_person(1, "髙橋", "德子", "タカハシ", "ノリコ");
  const Person yoshida = single_epoch_person(2, "𠮷田", "﨑子", "ヨシダ", "サキコ");
  const Person sawada = single_epoch_person(3, "澤田", "邊", "サワダ", "ホトリ");
  int takahashi_exact_in_uke = 0;
  for (std::uint32_t fid = 0; fid < 2000; ++fid) {
    const Facility f = make_facility(fid);
    const bool cp932 = name_charset(f, SourceKind::uke, kSeed, keep) == NameCharset::cp932;
    const auto render = [&](const Person& p, SourceKind kind, const ErrorRates& r) {
      return render_identity(p, p.epochs.back(), f, kind, kSeed, fid, r, tables);
    };
    // 𠮷 never reaches a CP932 or JIS X 0208 source; 髙 reaches CP932 claims only.
    for (const SourceKind kind : {SourceKind::uke, SourceKind::cyo, SourceKind::death}) {
      const RecordedIdentity y = render(yoshida, kind, keep);
      EXPECT_FALSE(contains(y.kanji_name, "𠮷")) << y.kanji_name;
      EXPECT_NE(y.error_flags & kItaijiSubstitute, 0U);
      EXPECT_TRUE(icu_encodes(y.kanji_name, "windows-31j")) << y.kanji_name;
      const RecordedIdentity t = render(takahashi, kind, keep);
      EXPECT_TRUE(icu_encodes(t.kanji_name, "windows-31j")) << t.kanji_name;
    }
    const RecordedIdentity t = render(takahashi, SourceKind::uke, keep);
    EXPECT_EQ(contains(t.kanji_name, "髙"), cp932) << t.kanji_name;
    EXPECT_EQ(contains(t.kanji_name, "德"), cp932) << t.kanji_name;
    EXPECT_EQ((t.error_flags & kItaijiSubstitute) != 0, !cp932);
    if (!cp932) {
      EXPECT_TRUE(icu_encodes(t.kanji_name, "ISO-2022-JP")) << t.kanji_name;
    }
    takahashi_exact_in_uke += contains(t.kanji_name, "髙");
    EXPECT_FALSE(contains(render(takahashi, SourceKind::uke, common).kanji_name, "髙"));

    for (const Person* p : {&takahashi, &yoshida}) {
      const RecordedIdentity s = render(*p, SourceKind::ssmix2, keep);
      for (const char* v : {"髙", "德", "𠮷", "﨑"}) {
        EXPECT_FALSE(contains(s.kanji_surname + s.kanji_given, v)) << s.kanji_surname << s.kanji_given;
      }
      EXPECT_TRUE(icu_encodes(s.kanji_surname + s.kanji_given, "ISO-2022-JP")) << s.kanji_surname;
      EXPECT_NE(s.error_flags & kItaijiSubstitute, 0U);
    }
    // 澤 and 邊 are in JIS X 0208: they reach SS-MIX2 unless the clerk types the common form.
    const RecordedIdentity s = render(sawada, SourceKind::ssmix2, keep);
    EXPECT_EQ(s.kanji_surname + s.kanji_given, "澤田邊");
    EXPECT_EQ(s.error_flags, 0U);
    const RecordedIdentity c = render(sawada, SourceKind::ssmix2, common);
    EXPECT_EQ(c.kanji_surname + c.kanji_given, "沢田辺");
    EXPECT_EQ(c.error_flags, static_cast<std::uint32_t>(kItaijiSubstitute));
  }
  EXPECT_GT(takahashi_exact_in_uke, 400);  // ~30% of 2000 facilities write CP932
  EXPECT_LT(takahashi_exact_in_uke, 800);

  // SS-MIX2 writes its 外字 as ■ (NHO spec); other sources use their facility's symbol.
  ErrorRates symbols = keep;
  symbols.itaiji_symbol_share = 1.0;
  std::set<std::string> death_symbols;
  for (std::uint32_t fid = 0; fid < 200; ++fid) {
    const Facility f = make_facility(fid);
    EXPECT_EQ(render_identity(yoshida, yoshida.epochs.back(), f, SourceKind::ssmix2, kSeed, 1, symbols, tables)
                  .kanji_surname,
              "■田");
    const RecordedIdentity d =
        render_identity(yoshida, yoshida.epochs.back(), f, SourceKind::death, kSeed, 1, symbols, tables);
    death_symbols.insert(d.kanji_name.substr(0, d.kanji_name.find("田")));
  }
  EXPECT_EQ(death_symbols, (std::set<std::string>{"■", "●", "〓", "？"}));
}

TEST(BirthErrors, EraDigitWrongOnlyForWarekiClaims) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.era_digit_wrong = 1.0;
  const Person showa30 = married_person(1);  // 1955-03-07 = 昭和30: only 平成30 exists
  for (const SourceKind kind : kAllKinds) {
    for (const bool wareki : {false, true}) {
      const RecordedIdentity r =
          render_identity(showa30, showa30.epochs.back(), make_facility(1, wareki), kind, kSeed, 3, rates, tables);
      const bool expected = wareki && (kind == SourceKind::uke || kind == SourceKind::cyo);
      EXPECT_EQ((r.error_flags & kEraDigitWrong) != 0, expected);
      EXPECT_EQ(r.birth, expected ? date(2018, 3, 7) : showa30.birth);
    }
  }
  // 昭和45 has no 平成45 and 大正 ended in its 15th year: no such error is possible.
  const Person showa45 = single_epoch_person(2, "山田", "太郎", "ヤマダ", "タロウ", date(1970, 3, 7));
  EXPECT_EQ(render_identity(showa45, showa45.epochs.back(), make_facility(1, true), SourceKind::uke, kSeed, 3, rates,
                            tables)
                .error_flags,
            0U);
  // 平成2 → 昭和2 or 令和2, both inside their eras.
  const Person heisei2 = single_epoch_person(3, "山田", "花子", "ヤマダ", "ハナコ", date(1990, 3, 7));
  std::set<std::int16_t> years;
  for (std::uint64_t key = 0; key < 200; ++key) {
    const RecordedIdentity r =
        render_identity(heisei2, heisei2.epochs.back(), make_facility(1, true), SourceKind::cyo, kSeed, key, rates,
                        tables);
    EXPECT_NE(r.error_flags & kEraDigitWrong, 0U);
    EXPECT_EQ(r.birth.month, 3);
    EXPECT_EQ(r.birth.day, 7);
    years.insert(r.birth.year);
  }
  EXPECT_EQ(years, (std::set<std::int16_t>{1927, 2020}));
}

TEST(BirthErrors, DayMonthSwapOnlyWhenValidAndDifferent) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.day_month_swap = 1.0;
  const auto render = [&](Date birth) {
    const Person p = single_epoch_person(1, "山田", "太郎", "ヤマダ", "タロウ", birth);
    return render_identity(p, p.epochs.back(), make_facility(1), SourceKind::ssmix2, kSeed, 1, rates, tables);
  };
  EXPECT_EQ(render(date(1955, 3, 7)).birth, date(1955, 7, 3));
  EXPECT_NE(render(date(1955, 3, 7)).error_flags & kDayMonthSwap, 0U);
  EXPECT_EQ(render(date(1980, 3, 15)).birth, date(1980, 3, 15));  // no 15th month
  EXPECT_EQ(render(date(1980, 3, 15)).error_flags, 0U);
  EXPECT_EQ(render(date(1980, 5, 5)).error_flags, 0U);  // swapping changes nothing
  EXPECT_EQ(render(date(1980, 12, 1)).birth, date(1980, 1, 12));
}

TEST(NameErrors, OldSurnameAndAddressNeedAnEarlierEpoch) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.old_surname_after_marriage = 1.0;
  rates.old_address_after_move = 1.0;
  const Person married = married_person(1);
  const RecordedIdentity r =
      render_identity(married, married.epochs.back(), make_facility(1), SourceKind::ssmix2, kSeed, 1, rates, tables);
  EXPECT_EQ(r.kanji_surname, "高橋");  // the earlier surname (its 髙 cannot be written in SS-MIX2)
  EXPECT_EQ(r.kanji_given, "翔子");
  EXPECT_EQ(r.kana_surname, "タカハシ");
  EXPECT_EQ(r.address, chiyoda().text);
  EXPECT_EQ(r.postal_code, "1000001");
  EXPECT_EQ(r.municipality_code, "131016");
  EXPECT_EQ(r.insurer_number, "01130012");  // insurance stays current
  EXPECT_EQ(r.error_flags, static_cast<std::uint32_t>(kOldSurname | kOldAddress | kItaijiSubstitute));
  // The first epoch has nothing earlier; death certificates take the registry's address.
  const RecordedIdentity first =
      render_identity(married, married.epochs.front(), make_facility(1), SourceKind::checkup, kSeed, 1, rates, tables);
  EXPECT_EQ(first.error_flags, 0U);
  const RecordedIdentity death =
      render_identity(married, married.epochs.back(), make_facility(1), SourceKind::death, kSeed, 1, rates, tables);
  EXPECT_EQ(death.address, sapporo().text);
  EXPECT_EQ(death.error_flags & kOldAddress, 0U);
  const Person single = single_epoch_person(2, "山田", "太郎", "ヤマダ", "タロウ");
  for (const SourceKind kind : kAllKinds) {
    EXPECT_EQ(render_identity(single, single.epochs.back(), make_facility(1), kind, kSeed, 1, rates, tables).error_flags,
              0U);
  }
}

TEST(NameErrors, ScriptsSpacesAndCardDigits) {
  const Tables tables = test_tables();
  const Person p = married_person(1);
  const IdentityEpoch& cur = p.epochs.back();
  const Facility f = make_facility(1);
  ErrorRates half = zero_rates();
  half.half_width_kana = 1.0;
  const RecordedIdentity h = render_identity(p, cur, f, SourceKind::uke, kSeed, 1, half, tables);
  EXPECT_EQ(h.kanji_name, "ｻﾜﾀﾞ ｼｮｳｺ");
  EXPECT_EQ(h.kana_name, "サワダ　ショウコ");  // RE-37 stays full-width
  EXPECT_EQ(h.error_flags, static_cast<std::uint32_t>(kHalfWidthKana));
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::care, kSeed, 1, half, tables).kana_name, "ｻﾜﾀﾞ ｼｮｳｺ");
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::ssmix2, kSeed, 1, half, tables).error_flags, 0U);
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::checkup, kSeed, 1, half, tables).kana_name, "サワダショウコ");

  ErrorRates hira = zero_rates();
  hira.hiragana_name = 1.0;
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::cyo, kSeed, 1, hira, tables).kanji_name, "さわだ　しょうこ");

  ErrorRates nospace = zero_rates();
  nospace.no_name_space = 1.0;
  nospace.half_width_kana = 1.0;
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::uke, kSeed, 1, nospace, tables).kanji_name, "ｻﾜﾀﾞｼｮｳｺ");
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::death, kSeed, 1, nospace, tables).kanji_name, "澤田翔子");
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::ssmix2, kSeed, 1, nospace, tables).error_flags, 0U);

  ErrorRates kana = zero_rates();
  kana.small_kana_large = 1.0;
  kana.long_vowel_variant = 1.0;
  const RecordedIdentity k = render_identity(p, cur, f, SourceKind::checkup, kSeed, 1, kana, tables);
  EXPECT_EQ(k.kana_name, "サワダシヨーコ");  // ショウコ → シヨウコ → シヨーコ
  EXPECT_EQ(k.error_flags, static_cast<std::uint32_t>(kSmallKanaLarge | kLongVowelVariant));
  EXPECT_EQ(render_identity(p, cur, f, SourceKind::death, kSeed, 1, kana, tables).error_flags, 0U);

  ErrorRates card = zero_rates();
  card.full_width_card_digits = 1.0;
  card.insurer_leading_zero_lost = 1.0;
  const RecordedIdentity u = render_identity(p, cur, f, SourceKind::uke, kSeed, 1, card, tables);
  EXPECT_EQ(u.symbol, "１２３４５６７");
  EXPECT_EQ(u.number, "８９");
  EXPECT_EQ(u.branch, "00");
  EXPECT_EQ(u.insurer_number, "01130012");  // UKE HO-2 keeps its zeros
  EXPECT_EQ(u.error_flags, static_cast<std::uint32_t>(kFullWidthCardDigits));
  const RecordedIdentity s = render_identity(p, cur, f, SourceKind::ssmix2, kSeed, 1, card, tables);
  EXPECT_EQ(s.insurer_number, "1130012");
  EXPECT_EQ(s.error_flags, static_cast<std::uint32_t>(kFullWidthCardDigits | kInsurerLeadingZeroLost));
  const RecordedIdentity c = render_identity(p, cur, f, SourceKind::care, kSeed, 1, card, tables);
  EXPECT_EQ(c.insurer_number, "11011");
  EXPECT_EQ(c.error_flags, static_cast<std::uint32_t>(kInsurerLeadingZeroLost));
}

TEST(NameErrors, HalfWidthNameFitsFortyBytes) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.half_width_kana = 1.0;
  const Person p = single_epoch_person(1, "勅使河原", "左衛門三郎", "テシガワラ", "サエモンザブロウジュウロウタロウベエジロウザエモンノスケ");
  const RecordedIdentity r = render_identity(p, p.epochs.back(), make_facility(1), SourceKind::uke, kSeed, 1, rates,
                                             tables);
  const std::u32string cps = utf8_to_u32(r.kanji_name);
  EXPECT_EQ(cps.size(), 40U);  // every character is one Shift_JIS byte
  for (const char32_t c : cps) EXPECT_TRUE(c == U' ' || (c >= 0xFF61 && c <= 0xFF9F));
  EXPECT_TRUE(contains(r.kanji_name, "ﾃｼｶﾞﾜﾗ ｻｴﾓﾝｻﾞﾌﾞﾛｳ"));
}

TEST(RecordErrors, MissingFieldEmptiesExactlyOneCarriedField) {
  const Tables tables = test_tables();
  ErrorRates rates = zero_rates();
  rates.missing_field = 1.0;
  const ErrorRates none = zero_rates();
  for (const SourceKind kind : kAllKinds) {
    std::set<std::string> which;
    for (std::uint64_t key = 0; key < 500; ++key) {
      const Person p = married_person(key);
      const Facility f = make_facility(1);
      const RecordedIdentity clean = render_identity(p, p.epochs.back(), f, kind, kSeed, key, none, tables);
      const RecordedIdentity r = render_identity(p, p.epochs.back(), f, kind, kSeed, key, rates, tables);
      EXPECT_EQ(r.error_flags, static_cast<std::uint32_t>(kMissingField));
      std::vector<std::string> emptied;
      const std::pair<const char*, std::pair<const std::string*, const std::string*>> fields[] = {
          {"kana", {&clean.kana_name, &r.kana_name}},          {"kana_s", {&clean.kana_surname, &r.kana_surname}},
          {"insurer", {&clean.insurer_number, &r.insurer_number}}, {"symbol", {&clean.symbol, &r.symbol}},
          {"number", {&clean.number, &r.number}},              {"branch", {&clean.branch, &r.branch}},
          {"address", {&clean.address, &r.address}},           {"care", {&clean.care_insured_number, &r.care_insured_number}},
          {"kanji", {&clean.kanji_name, &r.kanji_name}},       {"kanji_s", {&clean.kanji_surname, &r.kanji_surname}}};
      for (const auto& [label, pair] : fields) {
        if (!pair.first->empty() && pair.second->empty()) emptied.emplace_back(label);
      }
      if (r.birth_missing) {
        EXPECT_EQ(r.birth, Date{});
        emptied.emplace_back("birth");
      }
      ASSERT_EQ(emptied.size(), 1U) << static_cast<int>(kind);
      which.insert(emptied.front());
      EXPECT_EQ(emptied.front() == "kanji" || emptied.front() == "kanji_s", false);  // never the only name
    }
    if (kind == SourceKind::checkup || kind == SourceKind::care) {
      EXPECT_EQ(which.count("kana"), 0U);
    }
    EXPECT_GE(which.size(), 2U) << static_cast<int>(kind);
  }
}
