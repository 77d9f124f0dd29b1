#include "src/ingest/identity.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

namespace nayose::ingest {
namespace {

using parse::EventKind;
using parse::ParsedEvent;
using parse::ParsedRecord;
using parse::Reason;
using parse::SourceKind;

// A clean UKE claim of 2024-05: kanji RE-5 with a full-width space, RE-37 kana, 西暦 birth.
ParsedRecord uke_record() {
  ParsedRecord r;
  r.position = 3;
  r.service_month = "202405";
  r.identity.kanji_name = "山田\u3000太郎";
  r.identity.kana_name = "ヤマダタロウ";
  r.identity.sex = "1";
  r.identity.birth = "19650412";
  r.identity.insurer = "01130012";
  r.identity.symbol = "123";
  r.identity.number = "4567";
  r.identity.branch = "00";
  r.identity.patient_id = "P001";
  ParsedEvent sy;
  sy.kind = EventKind::diagnosis;
  sy.position = 6;
  sy.code = "8830052";
  sy.date = "20240501";
  ParsedEvent si;
  si.kind = EventKind::procedure;
  si.position = 7;
  r.events = {sy, si};
  return r;
}

// An SS-MIX2 message: PID-5 components, HL7 sex, postal code.
ParsedRecord ssmix2_record() {
  ParsedRecord r;
  r.position = 1;
  r.service_date = "20240510";
  r.identity.kanji_surname = "髙橋";
  r.identity.kanji_given = "花子";
  r.identity.kana_surname = "タカハシ";
  r.identity.kana_given = "ハナコ";
  r.identity.sex = "F";
  r.identity.birth = "19800101";
  r.identity.insurer = "1130012";
  r.identity.postal_code = "100-0001";
  return r;
}

ParsedRecord care_record() {
  ParsedRecord r;
  r.service_month = "202405";
  r.identity.kana_name = "サトウ ハナコ";
  r.identity.sex = "2";
  r.identity.birth = "19400101";
  r.identity.insurer = "131016";
  r.identity.care_number = "0000012345";
  r.identity.patient_id = "0000012345";
  return r;
}

ParsedRecord death_record() {
  ParsedRecord r;
  r.service_date = "20240520";
  r.identity.kanji_name = "斎藤 一郎";
  r.identity.sex = "1";
  r.identity.birth = "19300505";
  r.identity.municipality = "012050";
  return r;
}

void expect_reason(const NormalizedRecord& n, Reason reason, const std::string& message_part,
                   const std::string& hidden_value) {
  EXPECT_EQ(n.reason, reason) << n.message;
  EXPECT_NE(n.message.find(message_part), std::string::npos) << n.message;
  if (!hidden_value.empty()) {
    EXPECT_EQ(n.message.find(hidden_value), std::string::npos) << n.message;
  }
  // A quarantined record carries no staged identity or event dates.
  EXPECT_EQ(n.identity.kanji_name, "");
  EXPECT_EQ(n.identity.birth, 0U);
  for (const StagedEvent& e : n.events) EXPECT_EQ(e.date, 0U);
}

TEST(NormalizeRecord, CleanUkeClaim) {
  const NormalizedRecord n = normalize_record(SourceKind::uke, uke_record());
  ASSERT_EQ(n.reason, Reason::none) << n.message;
  EXPECT_EQ(n.message, "");
  const StagedIdentity& s = n.identity;
  EXPECT_EQ(s.kanji_name, "山田太郎");
  EXPECT_EQ(s.kanji_surname, "山田");
  EXPECT_EQ(s.kanji_given, "太郎");
  EXPECT_EQ(s.kanji_soft_key, "山田太郎");
  EXPECT_EQ(s.kana_name, "ヤマダタロウ");
  EXPECT_EQ(s.kana_surname, "");  // RE-37 has no space: nothing to split
  EXPECT_EQ(s.kana_given, "");
  EXPECT_EQ(s.kana_key, "ヤマタタロ");  // voiced marks folded (ダ → タ), long vowel collapsed
  EXPECT_EQ(s.sex, 1);
  EXPECT_EQ(s.birth, 19650412U);
  EXPECT_EQ(s.insurer, "01130012");
  EXPECT_EQ(s.symbol, "123");
  EXPECT_EQ(s.number, "4567");
  EXPECT_EQ(s.branch, "00");
  EXPECT_EQ(s.patient_id, "P001");
  EXPECT_EQ(s.service_month, 202405U);
  EXPECT_EQ(s.service_date, 0U);
  EXPECT_EQ(s.flags, kNameSplitBySpace);
  ASSERT_EQ(n.events.size(), 2U);
  EXPECT_EQ(n.events[0].date, 20240501U);
  EXPECT_EQ(n.events[1].date, 0U);  // '' allowed
}

TEST(NormalizeRecord, SsMix2ComponentsAndHl7Sex) {
  const NormalizedRecord n = normalize_record(SourceKind::ssmix2, ssmix2_record());
  ASSERT_EQ(n.reason, Reason::none) << n.message;
  const StagedIdentity& s = n.identity;
  EXPECT_EQ(s.kanji_name, "髙橋花子");
  EXPECT_EQ(s.kanji_surname, "髙橋");
  EXPECT_EQ(s.kanji_given, "花子");
  EXPECT_EQ(s.kanji_soft_key, "高橋花子");
  EXPECT_EQ(s.kana_name, "タカハシハナコ");
  EXPECT_EQ(s.kana_surname, "タカハシ");
  EXPECT_EQ(s.kana_given, "ハナコ");
  EXPECT_EQ(s.kana_surname_key, "タカハシ");
  EXPECT_EQ(s.sex, 2);
  EXPECT_EQ(s.insurer, "01130012");  // DOMAIN §0.5: 7 digits, lost leading zero
  EXPECT_EQ(s.postal_code, "1000001");
  EXPECT_EQ(s.service_date, 20240510U);
  EXPECT_EQ(s.flags, kInsurerPadded);  // components given: no split flag
  for (const auto& [code, sex] : {std::pair{"M", 1}, std::pair{"F", 2}, std::pair{"O", 9}, std::pair{"U", 9}}) {
    ParsedRecord r = ssmix2_record();
    r.identity.sex = code;
    EXPECT_EQ(normalize_record(SourceKind::ssmix2, r).identity.sex, sex) << code;
  }
}

TEST(NormalizeRecord, CareAndDeathMunicipalityCodes) {
  NormalizedRecord care = normalize_record(SourceKind::care, care_record());
  ASSERT_EQ(care.reason, Reason::none) << care.message;
  EXPECT_EQ(care.identity.municipality, "131016");
  EXPECT_EQ(care.identity.insurer, "");  // the 介護 insurer is a municipality, not a health insurer
  EXPECT_EQ(care.identity.care_number, "0000012345");
  EXPECT_EQ(care.identity.kana_surname, "サトウ");
  EXPECT_EQ(care.identity.kana_given, "ハナコ");
  EXPECT_EQ(care.identity.kana_key, "サトハナコ");
  EXPECT_EQ(care.identity.flags, kNameSplitBySpace);

  ParsedRecord r = care_record();
  r.identity.insurer = "12131";  // 苫小牧市 012131 with its leading zero lost
  care = normalize_record(SourceKind::care, r);
  ASSERT_EQ(care.reason, Reason::none) << care.message;
  EXPECT_EQ(care.identity.municipality, "012131");
  EXPECT_TRUE(care.identity.flags & kInsurerPadded);

  r.identity.insurer = "131017";
  expect_reason(normalize_record(SourceKind::care, r), Reason::municipality_check_digit, "check digit", "131017");
  r.identity.insurer = "1310";
  expect_reason(normalize_record(SourceKind::care, r), Reason::bad_code, "保険者番号", "1310");

  const NormalizedRecord death = normalize_record(SourceKind::death, death_record());
  ASSERT_EQ(death.reason, Reason::none) << death.message;
  EXPECT_EQ(death.identity.municipality, "012050");  // 室蘭市: remainder 1 → check digit 0
  EXPECT_EQ(death.identity.service_date, 20240520U);
  ParsedRecord d = death_record();
  d.identity.municipality = "131017";
  expect_reason(normalize_record(SourceKind::death, d), Reason::municipality_check_digit, "市区町村コード", "131017");
  d.identity.municipality = "131016";
  EXPECT_EQ(normalize_record(SourceKind::death, d).reason, Reason::none);
}

// --- Reason paths, in the documented order ---

TEST(NormalizeRecord, EventDates) {
  ParsedRecord r = uke_record();
  r.events[1].date = "20240230";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "event 2 (procedure, position 7) date",
                "20240230");
  r.events[1].date = "2024-05-01";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_date, "event 2", "2024-05-01");
  r.events[1].date = "5060501";  // 令和6年5月1日: accepted
  const NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.events[1].date, 20240501U);
}

TEST(NormalizeRecord, ServiceMonthAndDate) {
  ParsedRecord r = uke_record();
  r.service_month = "50605";  // 令和6年5月
  EXPECT_EQ(normalize_record(SourceKind::uke, r).identity.service_month, 202405U);
  r.service_month = "202413";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "診療年月", "202413");
  r.service_month = "2024051";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_date, "診療年月", "2024051");
  ParsedRecord s = ssmix2_record();
  s.service_date = "20240431";
  expect_reason(normalize_record(SourceKind::ssmix2, s), Reason::impossible_date, "診療日", "20240431");
  s.service_date = "2024";
  expect_reason(normalize_record(SourceKind::ssmix2, s), Reason::bad_date, "診療日", "");
}

TEST(NormalizeRecord, Sex) {
  ParsedRecord r = uke_record();
  r.identity.sex = "";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::missing_identity, "性別", "");
  r.identity.sex = "3";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_sex, "性別", "3");
  r.identity.sex = "M";  // an HL7 code in a claim
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_sex, "性別", "M,");
  r.identity.sex = "２";  // full-width: NFKC first
  EXPECT_EQ(normalize_record(SourceKind::uke, r).identity.sex, 2);
  ParsedRecord s = ssmix2_record();
  s.identity.sex = "1";  // a claims code in HL7
  expect_reason(normalize_record(SourceKind::ssmix2, s), Reason::bad_sex, "M, F, O, U", "");
  s.identity.sex = "X";
  expect_reason(normalize_record(SourceKind::ssmix2, s), Reason::bad_sex, "性別", "X");
}

TEST(NormalizeRecord, Name) {
  ParsedRecord r = uke_record();
  r.identity.kanji_name = "\u3000 ";
  r.identity.kana_name = "";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::missing_identity, "氏名", "");
  r.identity.kana_name = "ﾔﾏﾀﾞ ﾀﾛｳ";  // kana only: accepted
  const NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.kanji_name, "");
  EXPECT_EQ(n.identity.kana_name, "ヤマダタロウ");
}

TEST(NormalizeRecord, BirthDate) {
  ParsedRecord r = uke_record();
  r.identity.birth = "";
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.birth, 0U);
  r.identity.birth = "19650230";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "生年月日: not a calendar date",
                "19650230");
  r.identity.birth = "4000101";  // 平成0年
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "生年月日", "4000101");
  r.identity.birth = "6400101";  // no era 6
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "生年月日", "6400101");
  r.identity.birth = "196504";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_date, "生年月日", "196504");
}

TEST(NormalizeRecord, InsurerNumber) {
  ParsedRecord r = uke_record();
  r.identity.insurer = "";
  EXPECT_EQ(normalize_record(SourceKind::uke, r).reason, Reason::none);
  r.identity.insurer = "83136019";  // DOMAIN §4.8: an invalid fixture
  expect_reason(normalize_record(SourceKind::uke, r), Reason::insurer_check_digit, "保険者番号", "83136019");
  r.identity.insurer = "0113-0012";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_code, "保険者番号", "0113");
  r.identity.insurer = "  138016";  // old HO-2: right-justified 6-digit 国保 number
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none) << n.message;
  EXPECT_EQ(n.identity.insurer, "138016");
  EXPECT_EQ(n.identity.flags & kInsurerPadded, 0U);
  r.identity.insurer = "1130012";
  n = normalize_record(SourceKind::checkup, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.insurer, "01130012");
  EXPECT_TRUE(n.identity.flags & kInsurerPadded);
}

TEST(NormalizeRecord, PostalCode) {
  ParsedRecord s = ssmix2_record();
  s.identity.postal_code = "";
  EXPECT_EQ(normalize_record(SourceKind::ssmix2, s).identity.postal_code, "");
  s.identity.postal_code = "１００－０００１";
  EXPECT_EQ(normalize_record(SourceKind::ssmix2, s).identity.postal_code, "1000001");
  s.identity.postal_code = "100-00001";
  expect_reason(normalize_record(SourceKind::ssmix2, s), Reason::bad_code, "郵便番号", "100-00001");
}

TEST(NormalizeRecord, FirstFailureInDocumentedOrderWins) {
  ParsedRecord r = uke_record();
  r.identity.postal_code = "x";     // 6
  r.identity.insurer = "83136019";  // 5
  r.identity.birth = "19651332";    // 4
  r.identity.kanji_name = "";       // 3
  r.identity.kana_name = "";
  r.identity.sex = "7";             // 2
  r.events[0].date = "20241301";    // 1
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "event 1", "");
  r.events[0].date = "";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_sex, "性別", "");
  r.identity.sex = "1";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::missing_identity, "氏名", "");
  r.identity.kana_name = "ヤマダ";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::impossible_date, "生年月日", "");
  r.identity.birth = "";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::insurer_check_digit, "保険者番号", "");
  r.identity.insurer = "";
  expect_reason(normalize_record(SourceKind::uke, r), Reason::bad_code, "郵便番号", "");
  r.identity.postal_code = "";
  EXPECT_EQ(normalize_record(SourceKind::uke, r).reason, Reason::none);
}

// --- Flags ---

TEST(NormalizeRecord, WarekiBirthFlags) {
  ParsedRecord r = uke_record();
  r.identity.birth = "3640107";  // 1989-01-07 = 昭和64年
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.birth, 19890107U);
  EXPECT_EQ(n.identity.flags & (kBirthFromWareki | kBirthPastEraEnd), kBirthFromWareki);
  r.identity.birth = "4010108";  // 1989-01-08 = 平成元年
  n = normalize_record(SourceKind::uke, r);
  EXPECT_EQ(n.identity.birth, 19890108U);
  EXPECT_EQ(n.identity.flags & (kBirthFromWareki | kBirthPastEraEnd), kBirthFromWareki);
  r.identity.birth = "2400101";  // 大正40年: a wrong era digit; a calendar date, accepted and flagged
  n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.birth, 19510101U);
  EXPECT_EQ(n.identity.flags & (kBirthFromWareki | kBirthPastEraEnd), kBirthFromWareki | kBirthPastEraEnd);
}

TEST(NormalizeRecord, BirthAfterServiceIsOnlyFlagged) {
  ParsedRecord r = uke_record();
  r.identity.birth = "20240601";  // after 診療年月 2024-05
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_TRUE(n.identity.flags & kBirthAfterService);
  r.identity.birth = "20240531";  // same month: possible
  EXPECT_FALSE(normalize_record(SourceKind::uke, r).identity.flags & kBirthAfterService);
  ParsedRecord s = ssmix2_record();
  s.identity.birth = "20240511";  // after 診療日 2024-05-10
  n = normalize_record(SourceKind::ssmix2, s);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_TRUE(n.identity.flags & kBirthAfterService);
  s.identity.birth = "20240510";
  EXPECT_FALSE(normalize_record(SourceKind::ssmix2, s).identity.flags & kBirthAfterService);
}

TEST(NormalizeRecord, KanaFlagsAndKanaFromKanjiField) {
  ParsedRecord r = uke_record();
  r.identity.kanji_name = "";
  r.identity.kana_name = "ｶﾞﾄｳ ｼｮｳｲﾁ";  // half-width RE-5 (the parser put it in kana_name)
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.kana_name, "ガトウショウイチ");
  EXPECT_EQ(n.identity.kana_surname, "ガトウ");
  EXPECT_EQ(n.identity.kana_given, "ショウイチ");
  EXPECT_EQ(n.identity.kana_given_key, "シヨイチ");
  EXPECT_EQ(n.identity.flags, kHalfWidthKana | kKanaFromKanjiField | kNameSplitBySpace);
  r.identity.kana_name = "やまだ　はなこ";
  n = normalize_record(SourceKind::uke, r);
  EXPECT_EQ(n.identity.kana_name, "ヤマダハナコ");
  EXPECT_EQ(n.identity.flags, kHiraganaKana | kKanaFromKanjiField | kNameSplitBySpace);
  // Not a claim: the flag is about UKE/CYO RE-5 only.
  EXPECT_FALSE(normalize_record(SourceKind::care, care_record()).identity.flags & kKanaFromKanjiField);
}

TEST(NormalizeRecord, SubstituteCharacterInName) {
  for (const char* name : {"■橋 花子", "●崎 太郎", "〓田 一", "？田 一"}) {
    ParsedRecord r = uke_record();
    r.identity.kanji_name = name;
    const NormalizedRecord n = normalize_record(SourceKind::uke, r);
    ASSERT_EQ(n.reason, Reason::none) << name;
    EXPECT_TRUE(n.identity.flags & kSubstituteInName) << name;
  }
  EXPECT_FALSE(normalize_record(SourceKind::uke, uke_record()).identity.flags & kSubstituteInName);
}

TEST(NormalizeRecord, FullWidthCardDigits) {
  ParsedRecord r = uke_record();
  r.identity.symbol = "１２３";
  r.identity.number = "４５ ６７";
  r.identity.branch = "１";
  const NormalizedRecord n = normalize_record(SourceKind::uke, r);
  ASSERT_EQ(n.reason, Reason::none);
  EXPECT_EQ(n.identity.symbol, "123");
  EXPECT_EQ(n.identity.number, "4567");
  EXPECT_EQ(n.identity.branch, "01");
  EXPECT_TRUE(n.identity.flags & kFullWidthDigits);
  r.identity.symbol = "東";  // kanji 記号 stays
  EXPECT_EQ(normalize_record(SourceKind::uke, r).identity.symbol, "東");
}

TEST(NormalizeRecord, NameSplitOnlyWhenNotGivenSeparately) {
  ParsedRecord r = uke_record();
  r.identity.kanji_name = "山田太郎";  // no space: no components
  NormalizedRecord n = normalize_record(SourceKind::uke, r);
  EXPECT_EQ(n.identity.kanji_surname, "");
  EXPECT_EQ(n.identity.kanji_given, "");
  EXPECT_FALSE(n.identity.flags & kNameSplitBySpace);
  r.identity.kanji_name = "山田 太郎";  // half-width space
  n = normalize_record(SourceKind::uke, r);
  EXPECT_EQ(n.identity.kanji_surname, "山田");
  EXPECT_TRUE(n.identity.flags & kNameSplitBySpace);
}

// --- DOMAIN traps ---

TEST(NormalizeRecord, VariantKanjiSoftKey) {
  ParsedRecord a = uke_record();
  ParsedRecord b = uke_record();
  a.identity.kanji_name = "髙橋 一郎";
  b.identity.kanji_name = "高橋 一郎";
  const NormalizedRecord na = normalize_record(SourceKind::uke, a);
  const NormalizedRecord nb = normalize_record(SourceKind::uke, b);
  EXPECT_NE(na.identity.kanji_name, nb.identity.kanji_name);  // exact forms kept
  EXPECT_EQ(na.identity.kanji_soft_key, nb.identity.kanji_soft_key);
  a.identity.kanji_name = "斎藤 一郎";
  b.identity.kanji_name = "斉藤 一郎";
  EXPECT_NE(normalize_record(SourceKind::uke, a).identity.kanji_soft_key,
            normalize_record(SourceKind::uke, b).identity.kanji_soft_key);
  a.identity.kanji_name = "齋藤 一郎";
  EXPECT_EQ(normalize_record(SourceKind::uke, a).identity.kanji_soft_key, "斎藤一郎");
}

TEST(NormalizeRecord, KanaKeysAgreeAcrossSpellings) {
  ParsedRecord a = uke_record();
  a.identity.kanji_name = "";
  std::string key;
  for (const char* kana : {"オオタ ショウイチ", "ｵｰﾀ ｼｮｳｲﾁ", "おおた しょういち", "オータ シヨウイチ", "オウタ ショーイチ"}) {
    a.identity.kana_name = kana;
    const NormalizedRecord n = normalize_record(SourceKind::uke, a);
    ASSERT_EQ(n.reason, Reason::none);
    if (key.empty()) key = n.identity.kana_key;
    EXPECT_EQ(n.identity.kana_key, key) << kana;
    EXPECT_EQ(n.identity.kana_surname_key, "オタ") << kana;
  }
}

// Thread-safe and deterministic: the same records normalised on 4 threads at once give the serial result.
TEST(NormalizeRecord, SameResultOnConcurrentThreads) {
  std::vector<ParsedRecord> records;
  for (const char* kana : {"ｶﾞﾄｳ ｼｮｳｲﾁ", "やまだ はなこ", "オ－タ ユウコ"}) {
    ParsedRecord r = uke_record();
    r.identity.kana_name = kana;
    records.push_back(r);
  }
  records.push_back(ssmix2_record());
  records.push_back(death_record());
  const auto kind_of = [](std::size_t i) { return i == 3 ? SourceKind::ssmix2 : i == 4 ? SourceKind::death : SourceKind::uke; };
  std::vector<std::string> serial;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const NormalizedRecord n = normalize_record(kind_of(i), records[i]);
    serial.push_back(n.identity.kanji_soft_key + "|" + n.identity.kana_key + "|" + n.identity.kana_given_key + "|" +
                     std::to_string(n.identity.birth) + "|" + std::to_string(n.identity.flags));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (std::size_t i = 0; i < records.size(); ++i) {
          const NormalizedRecord n = normalize_record(kind_of(i), records[i]);
          const std::string got = n.identity.kanji_soft_key + "|" + n.identity.kana_key + "|" +
                                  n.identity.kana_given_key + "|" + std::to_string(n.identity.birth) + "|" +
                                  std::to_string(n.identity.flags);
          if (got != serial[i]) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(NormalizeRecord, NeverThrowsOnGarbage) {
  std::mt19937_64 rng(5);
  const auto garbage = [&rng] {
    std::string s(rng() % 12, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    return s;
  };
  for (int i = 0; i < 3000; ++i) {
    ParsedRecord r;
    r.service_month = garbage();
    r.service_date = garbage();
    parse::RawIdentity& id = r.identity;
    for (std::string* f : {&id.kanji_name, &id.kana_name, &id.kanji_surname, &id.kanji_given, &id.kana_surname,
                           &id.kana_given, &id.sex, &id.birth, &id.insurer, &id.symbol, &id.number, &id.branch,
                           &id.postal_code, &id.address, &id.municipality, &id.patient_id, &id.care_number}) {
      *f = (rng() % 2 == 0) ? garbage() : std::string();
    }
    ParsedEvent e;
    e.date = garbage();
    r.events.push_back(e);
    const auto kind = static_cast<SourceKind>(1 + rng() % 6);
    NormalizedRecord n;
    EXPECT_NO_THROW(n = normalize_record(kind, r));
    EXPECT_EQ(n.events.size(), 1U);
    EXPECT_EQ(n.reason == Reason::none, n.message.empty());
  }
}

}  // namespace
}  // namespace nayose::ingest
