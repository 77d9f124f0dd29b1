#include "src/parse/ssmix2_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/formats/encoding.hpp"
#include "src/formats/ssmix2_writer.hpp"
#include "src/formats/text.hpp"
#include "src/parse/hl7.hpp"
#include "src/parse/source.hpp"
#include "tests/src/formats/fixtures.hpp"

namespace nayose::parse {
namespace {

using synth::Corruption;
using synth::ItemKind;
using synth::Sex;
namespace fixtures = formats::testing;

// ---------------------------------------------------------------------------------------------
// Expectations computed independently of the parser: what a UTF-8 value looks like after the
// writer's ISO-2022-JP round (■ for characters outside JIS X 0208, half-width kana folded).

std::string as_written(std::string_view utf8) {
  const auto decoded = formats::decode_iso2022jp(formats::encode_iso2022jp(utf8));
  EXPECT_TRUE(decoded.has_value());
  return decoded.value_or("");
}

std::string with_hyphen(const std::string& postal) {
  if (postal.size() == 7 && postal.find_first_not_of("0123456789") == std::string::npos) {
    return postal.substr(0, 3) + "-" + postal.substr(3);
  }
  return postal;
}

bool is_dateless(const std::string& kind) {
  return kind == "ADT-00" || kind == "PPR-01";
}

struct ExpectedEvent {
  EventKind kind;
  std::string segment_id;
  std::uint64_t position;
  std::string code, name, value, unit, date, extra;
  std::int32_t count = 1;
};

// The segment number of each item's event in the writer's layout (README "SS-MIX2"):
// MSH 1, [EVN], PID, PV1, then ORC RXE TQ1 RXR per drug / SPM OBR ORC OBX.. / PRB...
std::vector<ExpectedEvent> expected_events(const synth::SourceRecord& r, const synth::FacilityMonth& fm) {
  const synth::Date day = r.service_date.empty() ? fixtures::date(fm.year, fm.month, 1) : r.service_date;
  const std::string message_date = formats::yyyymmdd(day);
  std::vector<ExpectedEvent> out;
  std::uint64_t position = 3;  // PV1
  std::size_t n = 0;
  for (const synth::ClinicalItem& item : r.items) {
    ExpectedEvent e;
    if (r.message_kind == "OMP-01" && item.kind == ItemKind::drug) {
      e = {EventKind::drug,
           "RXE",
           position + 4 * n + 2,
           item.code,
           as_written(item.name),
           as_written(item.value),
           as_written(item.unit),
           formats::yyyymmdd(item.date),
           item.extra == "23" ? "AP" : "PO",
           item.count};
    } else if (r.message_kind == "OML-11" && item.kind == ItemKind::lab) {
      e = {EventKind::lab,
           "OBX",
           position + 3 + n + 1,
           item.code,
           as_written(item.name),
           as_written(item.value),
           as_written(formats::ascii_unit(item.unit)),
           message_date,
           "",
           1};
    } else if (r.message_kind == "PPR-01" && item.kind == ItemKind::diagnosis) {
      e = {EventKind::diagnosis,
           "PRB",
           position + n + 1,
           item.code,
           as_written(item.name),
           item.value.find("8002") != std::string::npos ? "1" : "",
           "",
           formats::yyyymmdd(item.date),
           as_written(item.extra),
           1};
    } else {
      continue;
    }
    ++n;
    out.push_back(e);
  }
  return out;
}

void expect_identity(const RawIdentity& got, const synth::RecordedIdentity& id, const std::string& kind,
                     const std::string& where) {
  SCOPED_TRACE(where);
  const bool whole_kanji = id.kanji_surname.empty() && id.kanji_given.empty();
  const std::string kanji_surname = whole_kanji ? id.kanji_name : id.kanji_surname;
  const std::string kanji_given = whole_kanji ? std::string() : id.kanji_given;
  const bool whole_kana = id.kana_surname.empty() && id.kana_given.empty();
  const std::string kana_surname = whole_kana ? id.kana_name : id.kana_surname;
  const std::string kana_given = whole_kana ? std::string() : id.kana_given;
  EXPECT_EQ(got.patient_id, as_written(id.chart_number));
  EXPECT_EQ(got.kanji_surname, as_written(kanji_surname));
  EXPECT_EQ(got.kanji_given, as_written(kanji_given));
  EXPECT_EQ(got.kana_surname, as_written(formats::halfwidth_kana_to_fullwidth(kana_surname)));
  EXPECT_EQ(got.kana_given, as_written(formats::halfwidth_kana_to_fullwidth(kana_given)));
  EXPECT_EQ(got.kanji_name, "");
  EXPECT_EQ(got.kana_name, "");
  EXPECT_EQ(got.birth, id.birth_missing ? std::string() : formats::yyyymmdd(id.birth));
  EXPECT_EQ(got.sex, id.sex == Sex::female ? "F" : "M");
  const bool has_address = !id.postal_code.empty() || !id.address.empty();
  EXPECT_EQ(got.postal_code, has_address ? as_written(with_hyphen(id.postal_code)) : "");
  EXPECT_EQ(got.address, has_address ? as_written(id.address) : "");
  const bool adt = kind == "ADT-00";  // IN1 only in ADT-00
  EXPECT_EQ(got.insurer, adt ? as_written(id.insurer_number) : "");
  EXPECT_EQ(got.symbol, adt ? as_written(id.symbol) : "");
  EXPECT_EQ(got.number, adt ? as_written(id.number) : "");
  EXPECT_EQ(got.branch, adt ? as_written(id.branch) : "");
  EXPECT_EQ(got.municipality, "");
  EXPECT_EQ(got.care_number, "");
}

// Parses one written file and compares with what was written.
void expect_file_round_trip(const synth::WrittenFile& f, const synth::SourceRecord& r,
                            const synth::FacilityMonth& fm) {
  {
    SCOPED_TRACE(f.relative_path);
    ASSERT_EQ(detect_kind(f.relative_path), SourceKind::ssmix2);
    const ParsedFile parsed = parse_ssmix2(f.relative_path, f.bytes);
    EXPECT_EQ(parsed.kind, SourceKind::ssmix2);
    ASSERT_FALSE(parsed.problem.has_value()) << parsed.problem->message;
    ASSERT_EQ(parsed.records_read(), 1U);
    const Corruption corruption = f.records[0].corruption;
    if (corruption == Corruption::truncated_line || corruption == Corruption::bad_byte_sequence) {
      ASSERT_EQ(parsed.quarantined.size(), 1U);
      const QuarantinedRecord& q = parsed.quarantined[0];
      EXPECT_EQ(q.reason, corruption == Corruption::truncated_line ? Reason::truncated_record
                                                                   : Reason::bad_byte_sequence)
          << q.message;
      EXPECT_EQ(q.position, 1U);
      EXPECT_EQ(q.bytes, (ByteSpan{0, f.bytes.size()}));
      EXPECT_NE(q.message.find("segment"), std::string::npos) << q.message;
      return;
    }
    ASSERT_EQ(parsed.records.size(), 1U) << (parsed.quarantined.empty() ? "" : parsed.quarantined[0].message);
    const ParsedRecord& record = parsed.records[0];
    EXPECT_EQ(record.position, 1U);
    EXPECT_EQ(record.bytes, (ByteSpan{0, f.bytes.size()}));
    EXPECT_EQ(record.facility, fm.facility.code);
    EXPECT_EQ(record.service_month, "");
    const synth::Date day = r.service_date.empty() ? fixtures::date(fm.year, fm.month, 1) : r.service_date;
    EXPECT_EQ(record.service_date, formats::yyyymmdd(day));
    if (!is_dateless(r.message_kind)) {
      EXPECT_NE(f.relative_path.find("/" + record.service_date + "/"), std::string::npos);
    }
    expect_identity(record.identity, r.identity, r.message_kind, f.relative_path);

    const std::vector<ExpectedEvent> expected = expected_events(r, fm);
    ASSERT_EQ(record.events.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
      const ParsedEvent& got = record.events[k];
      const ExpectedEvent& want = expected[k];
      SCOPED_TRACE("event " + std::to_string(k));
      EXPECT_EQ(got.kind, want.kind);
      EXPECT_EQ(got.position, want.position);
      EXPECT_EQ(got.code, want.code);
      EXPECT_EQ(got.name, want.name);
      EXPECT_EQ(got.value, want.value);
      EXPECT_EQ(got.unit, want.unit);
      EXPECT_EQ(got.date, want.date);
      EXPECT_EQ(got.extra, want.extra);
      EXPECT_EQ(got.count, want.count);
      EXPECT_EQ(got.points, 0);
      // The span is the whole segment with its CR.
      ASSERT_LE(got.bytes.offset + got.bytes.size, f.bytes.size());
      const auto segment =
          formats::decode_iso2022jp(std::string_view(f.bytes).substr(got.bytes.offset, got.bytes.size));
      ASSERT_TRUE(segment.has_value());
      EXPECT_TRUE(fixtures::starts_with(*segment, want.segment_id + "|")) << *segment;
      EXPECT_EQ(segment->back(), '\r');
      EXPECT_EQ(segment->find('\r'), segment->size() - 1);
      EXPECT_TRUE(got.bytes.offset == 0 || f.bytes[got.bytes.offset - 1] == '\r');
    }
  }
}

// Parses every written file and compares with what was written; returns the number of files.
std::size_t expect_round_trip(const synth::FacilityMonth& fm) {
  const std::vector<synth::WrittenFile> files = formats::write_ssmix2(fm);
  EXPECT_EQ(files.size(), fm.records.size());
  for (std::size_t i = 0; i < files.size() && i < fm.records.size(); ++i) {
    expect_file_round_trip(files[i], fm.records[i], fm);
  }
  return files.size();
}

synth::SourceRecord message(std::uint64_t person, std::string kind, std::uint64_t sequence,
                            synth::RecordedIdentity id) {
  synth::SourceRecord r;
  r.person_id = person;
  r.message_kind = std::move(kind);
  r.sequence = sequence;
  r.service_date = fixtures::date(2024, 5, 14);
  r.identity = std::move(id);
  return r;
}

synth::FacilityMonth empty_hospital_month() {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::hospital;
  fm.facility.code = "1310001";
  fm.facility.prefecture_code = "13";
  fm.facility.name = "テスト病院";
  fm.facility.has_ssmix2 = true;
  fm.year = 2024;
  fm.month = 5;
  return fm;
}

synth::FacilityMonth hospital_month() {
  synth::FacilityMonth fm = empty_hospital_month();
  // Kanji + half-width kana (folded by the writer), a lost-zero insurer, full-width card digits,
  // HL7 delimiters in the address.
  synth::RecordedIdentity taro =
      fixtures::identity("髙橋", "翔太", "ﾀｶﾊｼ", "ｼｮｳﾀ", Sex::male, fixtures::date(1989, 1, 7));
  taro.chart_number = "0123456789";
  taro.insurer_number = "1130012";
  taro.address = "東京都千代田区千代田1^2|3~4\\5&6";
  // Only kana, a short chart number (zero-padded in the path), no address, branch 01.
  synth::RecordedIdentity hanako =
      fixtures::identity("", "", "ヨシダ", "ハナコ", Sex::female, fixtures::date(1990, 2, 3));
  hanako.kana_name = "ヨシダ　ハナコ";
  hanako.chart_number = "42";
  hanako.postal_code.clear();
  hanako.address.clear();
  hanako.branch = "01";
  // Whole names only (no components), no birth date, a symbol-less card.
  synth::RecordedIdentity whole =
      fixtures::identity("", "", "", "", Sex::female, fixtures::date(1950, 12, 31));
  whole.kanji_name = "𠮷田　花子";
  whole.kana_name = "ﾖｼﾀﾞ ﾊﾅｺ";
  whole.birth_missing = true;
  whole.chart_number = "K-0001";
  whole.symbol.clear();

  std::vector<synth::SourceRecord>& records = fm.records;
  records.push_back(message(301, "ADT-00", 1, taro));
  synth::SourceRecord omp = message(301, "OMP-01", 17, taro);
  omp.items = {
      fixtures::item(ItemKind::drug, "620000001", "薬Ａ&B", fixtures::date(2024, 5, 14), 10, "3", "21", "錠"),
      fixtures::item(ItemKind::drug, "620000002", "軟膏^C", fixtures::date(2024, 5, 15), 5, "0.5", "23", "g"),
      fixtures::item(ItemKind::procedure, "111000110", "初診料", fixtures::date(2024, 5, 14), 288)};
  omp.items[0].count = 7;
  omp.items[1].count = 14;
  records.push_back(omp);
  synth::SourceRecord inpatient = omp;
  inpatient.sequence = 30;
  inpatient.inpatient = true;
  records.push_back(inpatient);
  synth::SourceRecord oml = message(301, "OML-11", 18, taro);
  oml.items = {fixtures::item(ItemKind::lab, "3D046000001906202", "HbA1c", fixtures::date(2024, 5, 14), 0,
                              "6.1", "", "%"),
               fixtures::item(ItemKind::lab, "2A020000001930101", "赤血球数", fixtures::date(2024, 5, 14), 0,
                              "450", "", "万/µL"),
               fixtures::item(ItemKind::lab, "5A010000001999999", "定性|試験", fixtures::date(2024, 5, 14), 0,
                              "(±)^~", "", "")};
  records.push_back(oml);
  synth::SourceRecord ppr = message(301, "PPR-01", 19, taro);
  ppr.items = {
      fixtures::item(ItemKind::diagnosis, "8846347", "高血圧症", fixtures::date(2020, 4, 1), 0, "", "I10"),
      fixtures::item(ItemKind::diagnosis, "2500013", "糖尿病", fixtures::date(2021, 6, 1), 0, "8002",
                     "E149")};
  records.push_back(ppr);
  records.push_back(message(302, "ADT-00", 2, hanako));
  records.push_back(message(302, "PPR-01", 21, hanako));
  records.push_back(message(303, "ADT-00", 3, whole));
  synth::SourceRecord cut = message(302, "ADT-00", 4, hanako);
  cut.identity.corruption = Corruption::truncated_line;
  records.push_back(cut);
  synth::SourceRecord cut_kanji = message(301, "OML-11", 5, taro);
  cut_kanji.identity.corruption = Corruption::truncated_line;
  records.push_back(cut_kanji);
  synth::SourceRecord bad = message(302, "OMP-01", 20, hanako);
  bad.identity.corruption = Corruption::bad_byte_sequence;
  records.push_back(bad);
  synth::SourceRecord bad_kanji = message(301, "PPR-01", 22, taro);
  bad_kanji.identity.corruption = Corruption::bad_byte_sequence;
  records.push_back(bad_kanji);
  synth::SourceRecord na = message(303, "PPR-01", 23, whole);
  na.identity.corruption = Corruption::wrong_field_count;  // written intact
  records.push_back(na);
  return fm;
}

// ---------------------------------------------------------------------------------------------
// (1) Round trips through the writer

TEST(Ssmix2Parser, RoundTripsTheWritersFixtures) {
  EXPECT_EQ(expect_round_trip(hospital_month()), 13U);
}

TEST(Ssmix2Parser, RoundTripSpotChecks) {
  const auto files = formats::write_ssmix2(hospital_month());
  const auto parse = [&](std::size_t i) { return parse_ssmix2(files[i].relative_path, files[i].bytes); };

  const ParsedFile adt = parse(0);
  ASSERT_EQ(adt.records.size(), 1U);
  const RawIdentity& taro = adt.records[0].identity;
  EXPECT_EQ(taro.kanji_surname, "■橋");  // 髙 is outside JIS X 0208
  EXPECT_EQ(taro.kanji_given, "翔太");
  EXPECT_EQ(taro.kana_surname, "タカハシ");  // half-width folded by the writer
  EXPECT_EQ(taro.kana_given, "ショウタ");
  EXPECT_EQ(taro.insurer, "1130012");        // the lost leading zero stays lost
  EXPECT_EQ(taro.symbol, "１２３４５６７");  // full-width digits as given
  EXPECT_EQ(taro.number, "８９");
  EXPECT_EQ(taro.branch, "00");
  EXPECT_EQ(taro.postal_code, "100-0001");
  EXPECT_EQ(taro.address, "東京都千代田区千代田1^2|3~4\\5&6");  // all five escapes undone
  EXPECT_EQ(taro.birth, "19890107");
  EXPECT_EQ(taro.patient_id, "0123456789");
  EXPECT_EQ(adt.records[0].service_date, "20240514");  // date-less kind: MSH-7
  EXPECT_TRUE(adt.records[0].events.empty());

  const ParsedFile omp = parse(1);
  ASSERT_EQ(omp.records.size(), 1U);
  EXPECT_TRUE(omp.records[0].identity.insurer.empty());  // IN1 only in ADT-00
  ASSERT_EQ(omp.records[0].events.size(), 2U);
  EXPECT_EQ(omp.records[0].events[0].name, "薬Ａ&B");
  EXPECT_EQ(omp.records[0].events[0].count, 7);
  EXPECT_EQ(omp.records[0].events[0].extra, "PO");
  EXPECT_EQ(omp.records[0].events[1].name, "軟膏^C");
  EXPECT_EQ(omp.records[0].events[1].date, "20240515");
  EXPECT_EQ(omp.records[0].events[1].extra, "AP");

  const ParsedFile oml = parse(3);
  ASSERT_EQ(oml.records.size(), 1U);
  ASSERT_EQ(oml.records[0].events.size(), 3U);
  EXPECT_EQ(oml.records[0].events[1].unit, "10*4/uL");
  EXPECT_EQ(oml.records[0].events[2].name, "定性|試験");
  EXPECT_EQ(oml.records[0].events[2].value, "(±)^~");
  EXPECT_EQ(oml.records[0].events[0].position, 7U);

  const ParsedFile ppr = parse(4);
  ASSERT_EQ(ppr.records.size(), 1U);
  ASSERT_EQ(ppr.records[0].events.size(), 2U);
  EXPECT_EQ(ppr.records[0].events[0].extra, "I10");
  EXPECT_EQ(ppr.records[0].events[0].value, "");
  EXPECT_EQ(ppr.records[0].events[1].value, "1");  // 8002 「の疑い」
  EXPECT_EQ(ppr.records[0].events[1].date, "20210601");

  const ParsedFile kana_only = parse(5);
  ASSERT_EQ(kana_only.records.size(), 1U);
  EXPECT_EQ(kana_only.records[0].identity.kanji_surname, "");
  EXPECT_EQ(kana_only.records[0].identity.kana_surname, "ヨシダ");
  EXPECT_EQ(kana_only.records[0].identity.kana_given, "ハナコ");
  EXPECT_EQ(kana_only.records[0].identity.patient_id, "42");
  EXPECT_EQ(kana_only.records[0].identity.branch, "01");

  const ParsedFile whole = parse(7);
  ASSERT_EQ(whole.records.size(), 1U);
  EXPECT_EQ(whole.records[0].identity.kanji_surname, "■田　花子");
  EXPECT_EQ(whole.records[0].identity.kana_surname, "ヨシダ ハナコ");
  EXPECT_EQ(whole.records[0].identity.birth, "");
  EXPECT_EQ(whole.records[0].identity.symbol, "");
  EXPECT_EQ(whole.records[0].identity.number, "８９");
  EXPECT_EQ(whole.records[0].identity.patient_id, "K-0001");

  EXPECT_EQ(parse(8).quarantined.at(0).reason, Reason::truncated_record);
  EXPECT_EQ(parse(9).quarantined.at(0).reason, Reason::truncated_record);
  EXPECT_EQ(parse(10).quarantined.at(0).reason, Reason::bad_byte_sequence);
  EXPECT_EQ(parse(11).quarantined.at(0).reason, Reason::bad_byte_sequence);
  EXPECT_EQ(parse(12).records.size(), 1U);  // wrong_field_count has no HL7 form
}

// Random identities and items with HL7 delimiters, JIS-unencodable characters and half-width
// kana in every value, against the same expectations.
std::string random_text(std::mt19937_64& rng, std::size_t max_chars) {
  static const std::vector<std::string> kPool = {"山", "田", "髙", "𠮷", "①",  "ｶ", "ﾞ", "ア",
                                                 "ー", "|",  "^",  "~",  "\\", "&", "A", "z",
                                                 "1",  " ",  "　", "Ｂ", "¥",  "µ", "-", "."};
  std::string out;
  const std::size_t n = rng() % (max_chars + 1);
  for (std::size_t i = 0; i < n; ++i) out += kPool[rng() % kPool.size()];
  return out;
}

std::string random_of(std::mt19937_64& rng, const std::vector<std::string>& choices) {
  return choices[rng() % choices.size()];
}

synth::Date random_date(std::mt19937_64& rng) {
  return fixtures::date(1930 + static_cast<int>(rng() % 95), 1 + static_cast<int>(rng() % 12),
                        1 + static_cast<int>(rng() % 28));
}

TEST(Ssmix2Parser, RoundTripsRandomMessages) {
  std::mt19937_64 rng(20240514);
  synth::FacilityMonth fm = empty_hospital_month();
  const std::vector<std::string> kinds = {"ADT-00", "OMP-01", "OML-11", "PPR-01"};
  for (std::uint64_t i = 0; i < 400; ++i) {
    synth::RecordedIdentity id;
    if (rng() % 4 != 0) {
      id.kanji_surname = random_text(rng, 4);
      id.kanji_given = random_text(rng, 4);
    } else {
      id.kanji_name = random_text(rng, 6);
    }
    if (rng() % 4 != 0) {
      id.kana_surname = random_text(rng, 5);
      id.kana_given = random_text(rng, 5);
    } else {
      id.kana_name = random_text(rng, 8);
    }
    id.sex = rng() % 2 == 0 ? Sex::male : Sex::female;
    id.birth = random_date(rng);
    id.birth_missing = rng() % 10 == 0;
    id.chart_number = random_of(rng, {"0123456789", "42", "", "K-0001", "１２３", "A^B", "9876543210123"});
    id.insurer_number = random_of(rng, {"01130012", "1130012", "138057", "39131015", "０６１３００１２"});
    id.symbol = random_text(rng, 3);
    id.number = random_text(rng, 3);
    id.branch = random_of(rng, {"", "00", "01", "０２"});
    id.postal_code = random_of(rng, {"", "1000001", "100-0001", "ABC"});
    id.address = random_text(rng, 10);
    const std::uint64_t damage = rng() % 10;
    if (damage == 0) id.corruption = Corruption::truncated_line;
    if (damage == 1) id.corruption = Corruption::bad_byte_sequence;
    if (damage == 2) id.corruption = Corruption::wrong_field_count;
    synth::SourceRecord r = message(1000 + i, kinds[rng() % kinds.size()], i * 7919, id);
    r.service_date = fixtures::date(2024, 5, 1 + static_cast<int>(rng() % 31));
    r.inpatient = rng() % 3 == 0;
    const std::size_t items = rng() % 4;
    for (std::size_t k = 0; k < items; ++k) {
      const auto code = std::to_string(100000000 + rng() % 900000000);
      switch (rng() % 3) {
        case 0: {
          synth::ClinicalItem drug = fixtures::item(
              ItemKind::drug, code, random_text(rng, 6), random_date(rng), 1,
              random_of(rng, {"1", "0.5", "3^", "&"}), random_of(rng, {"21", "23"}), random_text(rng, 2));
          drug.count = static_cast<std::int32_t>(rng() % 90);
          r.items.push_back(drug);
          break;
        }
        case 1:
          r.items.push_back(fixtures::item(ItemKind::lab, code + "00000000", random_text(rng, 6),
                                           random_date(rng), 0, random_text(rng, 4), "",
                                           random_of(rng, {"", "%", "万/µL", "mg/dL", "^&"})));
          break;
        default:
          r.items.push_back(fixtures::item(ItemKind::diagnosis, code.substr(0, 7), random_text(rng, 6),
                                           random_date(rng), 0,
                                           random_of(rng, {"", "8002", "1234 8002", "1234"}),
                                           random_of(rng, {"", "I10", "E14.9", "A&B"})));
      }
    }
    fm.records.push_back(r);
  }
  EXPECT_EQ(expect_round_trip(fm), 400U);
}

// ---------------------------------------------------------------------------------------------
// (2) Hand-written malformed cases

constexpr std::string_view kAdtPath =
    "ssmix2/1310001/012/345/0123456789/-/ADT-00/0123456789_-_ADT-00_999999999999999_20240514090001000_-_1";
constexpr std::string_view kOmlPath =
    "ssmix2/1310001/012/345/0123456789/20240514/OML-11/"
    "0123456789_20240514_OML-11_000000000000018_20240514090018000_01_1";

std::string msh(std::string_view type) {
  return "MSH|^~\\&|HIS|1310001|GW|RCV|20240514090001000||" + std::string(type) +
         "|0000000000000001|P|2.5||||||~ISO IR87||ISO2022-1994";
}
const std::string kPid =
    "PID|0001||0123456789^^^^PI||山田^太郎^^^^^L^I~ヤマダ^タロウ^^^^^L^P||19800101|M|||^^^^100-0001^JPN^H^"
    "東京都千代田区";
const std::string kPv1 = "PV1|0001|N";
const std::string kObx = "OBX|1|NM|3D046000001906202^HbA1c^JC10||6.1|%^%^ISO+|||||F|||20240514090018";

// UTF-8 segments -> ISO-2022-JP, each followed by `end`.
std::string encode(const std::vector<std::string>& segments, std::string_view end = "\r") {
  std::string out;
  for (const std::string& s : segments) {
    out += formats::encode_iso2022jp(s);
    out += end;
  }
  return out;
}

std::string adt(const std::vector<std::string>& after_pid = {}) {
  std::vector<std::string> segments = {msh("ADT^A08^ADT_A01"), kPid, kPv1};
  segments.insert(segments.end(), after_pid.begin(), after_pid.end());
  return encode(segments);
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// An ADT-00 message whose PID has `from` replaced by `to` (in UTF-8, before encoding).
std::string adt_with_pid(std::string_view from, std::string_view to) {
  return encode({msh("ADT^A08^ADT_A01"), replaced(kPid, from, to), kPv1});
}

std::string adt_path_with(std::string_view from, std::string_view to) {
  return replaced(std::string(kAdtPath), from, to);
}

struct MalformedCase {
  std::string name;
  std::string path;
  std::string bytes;
  Reason expected;
};

std::vector<MalformedCase> malformed_cases() {
  const std::string good = adt();
  const std::string pid_bytes = formats::encode_iso2022jp(kPid);
  const std::string oml = encode({msh("OUL^R22^OUL_R22"), kPid, kPv1, kObx});
  std::vector<MalformedCase> cases = {
      // --- the path and the file as a whole ---
      {"flag 2 (superseded)", adt_path_with("_-_1", "_-_2"), good, Reason::file_not_current},
      {"flag 0 (deleted)", adt_path_with("_-_1", "_-_0"), good, Reason::file_not_current},
      {"flag 0 even when empty", adt_path_with("_-_1", "_-_0"), "", Reason::file_not_current},
      {"flag 3", adt_path_with("_-_1", "_-_3"), good, Reason::file_unrecognised},
      {"flag 11", adt_path_with("_-_1", "_-_11"), good, Reason::file_unrecognised},
      {"PID folder differs from the name", adt_path_with("/0123456789/", "/0123456788/"), good,
       Reason::file_unrecognised},
      {"level-1 folder is not PID[0:3]", adt_path_with("/012/", "/013/"), good, Reason::file_unrecognised},
      {"level-2 folder is not PID[3:6]", adt_path_with("/345/", "/346/"), good, Reason::file_unrecognised},
      {"date folder differs from the name", adt_path_with("/-/", "/20240514/"), good,
       Reason::file_unrecognised},
      {"date of 7 digits",
       replaced(replaced(std::string(kOmlPath), "/20240514/", "/2024051/"), "_20240514_", "_2024051_"), oml,
       Reason::file_unrecognised},
      {"kind folder differs from the name", adt_path_with("/ADT-00/", "/ADT-01/"), good,
       Reason::file_unrecognised},
      {"order number of 14 digits", adt_path_with("_999999999999999_", "_99999999999999_"), good,
       Reason::file_unrecognised},
      {"letters in the order number", adt_path_with("_999999999999999_", "_99999999999999X_"), good,
       Reason::file_unrecognised},
      {"event time of 13 digits", adt_path_with("_20240514090001000_", "_2024051409000_"), good,
       Reason::file_unrecognised},
      {"event time of 18 digits", adt_path_with("_20240514090001000_", "_202405140900010000_"), good,
       Reason::file_unrecognised},
      {"six name parts", adt_path_with("_-_1", "_1"), good, Reason::file_unrecognised},
      {"eight name parts", adt_path_with("_-_1", "_-_x_1"), good, Reason::file_unrecognised},
      {"too few folders", "0123456789/-/ADT-00/0123456789_-_ADT-00_999999999999999_20240514090001000_-_1",
       good, Reason::file_unrecognised},
      {"not an SS-MIX2 path at all", "uke/1310001/202405/RECEIPTC.UKE", good, Reason::file_unrecognised},
      {"empty file", std::string(kAdtPath), "", Reason::file_empty},
      {"PID first", std::string(kAdtPath), encode({kPid, msh("ADT^A08^ADT_A01"), kPv1}),
       Reason::file_not_format},
      {"lower-case msh", std::string(kAdtPath), "msh" + good.substr(3), Reason::file_not_format},
      {"leading CR", std::string(kAdtPath), "\r" + good, Reason::file_not_format},
      {"a CP932 claims file", std::string(kAdtPath), "IR,1,13,1,1310001,,テスト,202405,00\r\n",
       Reason::file_not_format},
      {"MSH without the field separator", std::string(kAdtPath), "MSH^~\\&\r", Reason::file_not_format},
      // --- bytes ---
      {"8-bit byte in PID-5", std::string(kAdtPath),
       replaced(good, "0123456789^",
                "01234\xE5"
                "6789^"),
       Reason::bad_byte_sequence},
      {"Shift_JIS bytes 81 A1 (the generator's damage)", std::string(kAdtPath),
       replaced(good, "PI||", "PI||\x81\xA1"), Reason::bad_byte_sequence},
      {"escape to JIS X 0201 Roman", std::string(kAdtPath), replaced(good, "PI||", "PI||\x1B(J\\~\x1B(B"),
       Reason::bad_byte_sequence},
      {"escape to JIS X 0201 katakana", std::string(kAdtPath), replaced(good, "PI||", "PI||\x1B(I\x31\x1B(B"),
       Reason::bad_byte_sequence},
      {"odd byte count in JIS X 0208", std::string(kAdtPath), replaced(good, "PI||", "PI||\x1B$B\x30\x1B(B"),
       Reason::bad_byte_sequence},
      {"escape directly after an escape", std::string(kAdtPath), replaced(good, "PI||", "PI||\x1B$B\x1B(B"),
       Reason::bad_byte_sequence},
      {"lone ESC at the end", std::string(kAdtPath), good + "\x1B", Reason::bad_byte_sequence},
      {"SO byte", std::string(kAdtPath), replaced(good, "PI||", "PI||\x0E"), Reason::bad_byte_sequence},
      {"CR between the bytes of a JIS character", std::string(kAdtPath),
       replaced(good, "PI||", "PI||\x1B$B\x30\r\x21\x1B(B"), Reason::bad_byte_sequence},
      {"unassigned JIS X 0208 code", std::string(kAdtPath),
       replaced(good, "PI||", "PI||\x1B$B\x7F\x7F\x1B(B"), Reason::bad_byte_sequence},
      // --- the header ---
      {"MSH-2 with a fifth character", std::string(kAdtPath), replaced(good, "MSH|^~\\&|", "MSH|^~\\&#|"),
       Reason::bad_header},
      {"MSH-2 without the subcomponent separator", std::string(kAdtPath),
       replaced(good, "MSH|^~\\&|", "MSH|^~\\|"), Reason::bad_header},
      {"MSH-2 with another escape character", std::string(kAdtPath),
       replaced(good, "MSH|^~\\&|", "MSH|^~/&|"), Reason::bad_header},
      {"ADT-00 with ADT^A01", std::string(kAdtPath), replaced(good, "ADT^A08", "ADT^A01"),
       Reason::bad_header},
      {"ADT-00 with RDE^O11", std::string(kAdtPath), replaced(good, "ADT^A08^ADT_A01", "RDE^O11^RDE_O11"),
       Reason::bad_header},
      {"OML-11 with OML^O33 (SS-MIX v1)", std::string(kOmlPath), replaced(oml, "OUL^R22", "OML^O33"),
       Reason::bad_header},
      {"empty MSH-9", std::string(kAdtPath), replaced(good, "ADT^A08^ADT_A01", ""), Reason::bad_header},
      {"empty MSH-9 in another data kind",
       adt_path_with("/ADT-00/0123456789_-_ADT-00_", "/ADT-12/0123456789_-_ADT-12_"),
       replaced(good, "ADT^A08^ADT_A01", ""), Reason::bad_header},
      {"MSH cut after MSH-3", std::string(kAdtPath), encode({"MSH|^~\\&|HIS", kPid}), Reason::bad_header},
      // --- segment order and presence ---
      {"a second MSH", std::string(kAdtPath), adt({msh("ADT^A08^ADT_A01")}), Reason::out_of_order},
      {"a second PID", std::string(kAdtPath), adt({kPid}), Reason::out_of_order},
      {"no PID", std::string(kAdtPath), encode({msh("ADT^A08^ADT_A01"), kPv1}), Reason::missing_element},
      {"MSH only, no final CR", std::string(kAdtPath), msh("ADT^A08^ADT_A01"), Reason::missing_element},
      {"unknown segment ZZZ", std::string(kAdtPath), adt({"ZZZ|1|2"}), Reason::unknown_record},
      {"lower-case segment id", std::string(kAdtPath), adt({"pv2|1"}), Reason::unknown_record},
      {"segment id of 4 characters", std::string(kAdtPath), adt({"PV1X|1"}), Reason::unknown_record},
      {"segment id of 2 characters", std::string(kAdtPath), adt({"PV|1"}), Reason::unknown_record},
      {"kanji segment id", std::string(kAdtPath), adt({"患者|1"}), Reason::unknown_record},
      {"a line of spaces", std::string(kAdtPath), adt({"   "}), Reason::unknown_record},
      // --- PID fields ---
      {"PID cut inside PID-5 (the generator's damage)", std::string(kAdtPath),
       encode({msh("ADT^A08^ADT_A01"), "PID|0001||0123456789^^^^PI||山", kPv1}), Reason::truncated_record},
      {"PID without PID-8", std::string(kAdtPath),
       encode({msh("ADT^A08^ADT_A01"), "PID|0001||0123456789^^^^PI||山田^太郎||19800101", kPv1}),
       Reason::truncated_record},
      {"PID without fields", std::string(kAdtPath), encode({msh("ADT^A08^ADT_A01"), "PID", kPv1}),
       Reason::truncated_record},
      // --- escapes ---
      {"hex escape with an odd number of digits in PID-5", std::string(kAdtPath), adt_with_pid("山田", "\\X5\\"),
       Reason::bad_field},
      {"unterminated escape at the end of PID-3", std::string(kAdtPath),
       replaced(good, "0123456789^", "0123456789\\F^"), Reason::bad_field},
      {"unterminated escape at the end of a segment", std::string(kAdtPath), adt({"PV2|1\\"}),
       Reason::bad_field},
      {"two-letter escape", std::string(kAdtPath), adt_with_pid("山田", "\\FF\\"), Reason::bad_field},
      {"formatting escape without a command", std::string(kAdtPath), adt({"NTE|1||a\\.\\b"}), Reason::bad_field},
      {"escape of a lower-case letter", std::string(kAdtPath), adt_with_pid("山田", "\\f\\"),
       Reason::bad_field},
      {"escape split by a component separator", std::string(kAdtPath), adt_with_pid("山田^", "\\F^\\"),
       Reason::bad_field},
      {"bad escape in MSH-4", std::string(kAdtPath), replaced(good, "|HIS|1310001|", "|HIS|13\\Q\\|"),
       Reason::bad_field},
      {"bad escape in an OBX", std::string(kOmlPath), replaced(oml, "HbA1c", "Hb\\A1c"), Reason::bad_field},
      // --- size ---
      {"message above the size limit", std::string(kAdtPath),
       good + "NTE|1||" + std::string(kMaxMessageBytes, 'x') + "\r", Reason::record_too_long},
  };
  return cases;
}

bool is_file_level(Reason reason) {
  return static_cast<int>(reason) >= 1 && static_cast<int>(reason) <= 5;
}

TEST(Ssmix2Parser, MalformedCasesGetTheirReason) {
  const std::vector<MalformedCase> cases = malformed_cases();
  EXPECT_GE(cases.size(), 30U);
  // Personal values of kPid that no message may quote.
  const std::vector<std::string> personal = {"山田",     "ヤマダ", "19800101",
                                             "100-0001", "千代田", "0123456789"};
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    const ParsedFile f = parse_ssmix2(c.path, c.bytes);
    EXPECT_EQ(f.kind, SourceKind::ssmix2);
    EXPECT_TRUE(f.records.empty());
    if (is_file_level(c.expected)) {
      ASSERT_TRUE(f.problem.has_value());
      EXPECT_EQ(f.problem->reason, c.expected)
          << reason_name(f.problem->reason) << ": " << f.problem->message;
      EXPECT_TRUE(f.quarantined.empty());
      EXPECT_FALSE(f.problem->message.empty());
      continue;
    }
    ASSERT_FALSE(f.problem.has_value()) << f.problem->message;
    ASSERT_EQ(f.quarantined.size(), 1U);
    const QuarantinedRecord& q = f.quarantined[0];
    EXPECT_EQ(q.reason, c.expected) << reason_name(q.reason) << ": " << q.message;
    EXPECT_EQ(q.position, 1U);
    EXPECT_EQ(q.bytes, (ByteSpan{0, c.bytes.size()}));
    EXPECT_FALSE(q.message.empty());
    for (const std::string& value : personal)
      EXPECT_EQ(q.message.find(value), std::string::npos) << q.message;
  }
}

TEST(Ssmix2Parser, MessagesNameTheSegmentAndField) {
  const auto quarantine_message = [](std::string_view path, const std::string& bytes) {
    const ParsedFile f = parse_ssmix2(path, bytes);
    return f.quarantined.empty() ? std::string() : f.quarantined[0].message;
  };
  EXPECT_EQ(quarantine_message(kAdtPath, adt_with_pid("山田", "\\X5\\")),
            "segment 2 (PID): field 5 has an unknown or unterminated escape sequence");
  EXPECT_EQ(quarantine_message(kAdtPath, replaced(adt(), "|HIS|1310001|", "|HIS|13\\Q\\|")),
            "segment 1 (MSH): field 4 has an unknown or unterminated escape sequence");
  EXPECT_EQ(
      quarantine_message(kAdtPath, encode({msh("ADT^A08^ADT_A01"), "PID|0001||0123456789^^^^PI||山", kPv1})),
      "segment 2 (PID): 5 fields, at least 8 required (through PID-8 sex)");
  EXPECT_EQ(quarantine_message(kAdtPath, replaced(adt(), "PI||", "PI||\x81\xA1")),
            "segment 2: a byte outside 7-bit ISO-2022-JP (ASCII and JIS X 0208)");
  EXPECT_EQ(quarantine_message(kAdtPath, replaced(adt(), "PI||", "PI||\x1B$B\x7F\x7F\x1B(B")),
            "segment 2: not valid ISO-2022-JP");
  EXPECT_EQ(quarantine_message(kAdtPath, adt({"EVN||1", "ZZZ|1"})), "segment 5: unknown segment id");
}

// Well-formed variants: each gives one record.
TEST(Ssmix2Parser, AcceptsWellFormedVariants) {
  const std::vector<std::string> segments = {msh("ADT^A08^ADT_A01"), kPid, kPv1};
  const auto record = [](std::string_view path, const std::string& bytes) -> ParsedRecord {
    const ParsedFile f = parse_ssmix2(path, bytes);
    EXPECT_FALSE(f.problem.has_value());
    EXPECT_TRUE(f.quarantined.empty()) << (f.quarantined.empty() ? "" : f.quarantined[0].message);
    return f.records.empty() ? ParsedRecord{} : f.records[0];
  };
  const ParsedRecord cr = record(kAdtPath, encode(segments));
  EXPECT_EQ(cr.identity.kanji_surname, "山田");
  EXPECT_EQ(cr.identity.kana_given, "タロウ");
  EXPECT_EQ(cr.identity.address, "東京都千代田区");
  EXPECT_EQ(cr.facility, "1310001");
  // CRLF, LF, no final terminator, blank lines: the same record.
  for (const std::string& bytes : {encode(segments, "\r\n"), encode(segments, "\n"),
                                   encode(segments).substr(0, encode(segments).size() - 1),
                                   encode({msh("ADT^A08^ADT_A01"), "", kPid, "", kPv1})}) {
    const ParsedRecord r = record(kAdtPath, bytes);
    EXPECT_EQ(r.identity.kanji_surname, "山田");
    EXPECT_EQ(r.identity.sex, "M");
    EXPECT_EQ(r.bytes, (ByteSpan{0, bytes.size()}));
  }
  // ADT^A23 (deletion of the patient information) is an ADT-00 message too.
  EXPECT_EQ(record(kAdtPath, replaced(encode(segments), "ADT^A08", "ADT^A23")).identity.sex, "M");
  // Other data kinds: identity from PID, no events.
  const std::string adt12 = adt_path_with("/ADT-00/0123456789_-_ADT-00_", "/ADT-12/0123456789_-_ADT-12_");
  const ParsedRecord other = record(adt12, encode({msh("ADT^A04^ADT_A01"), kPid, kPv1, kObx}));
  EXPECT_EQ(other.identity.patient_id, "0123456789");
  EXPECT_TRUE(other.events.empty());
  // An OBX in an ADT-00 message is accepted but is no lab event.
  EXPECT_TRUE(record(kAdtPath, encode({msh("ADT^A08^ADT_A01"), kPid, kPv1, kObx})).events.empty());
  // PID-5 without component 8: the first repetition is kanji, the second kana.
  const ParsedRecord plain = record(
      kAdtPath,
      encode({msh("ADT^A08^ADT_A01"), "PID|1||77^^^^PI||山田^花子~ヤマダ^ハナコ||19700101120000|F", kPv1}));
  EXPECT_EQ(plain.identity.kanji_given, "花子");
  EXPECT_EQ(plain.identity.kana_given, "ハナコ");
  EXPECT_EQ(plain.identity.birth, "19700101");  // a date-time cut to its date
  EXPECT_EQ(plain.identity.postal_code, "");
  // P before I.
  const ParsedRecord swapped = record(
      kAdtPath, encode({msh("ADT^A08^ADT_A01"),
                        "PID|1||77^^^^PI||ヤマダ^ハナコ^^^^^L^P~山田^花子^^^^^L^I||19700101|F", kPv1}));
  EXPECT_EQ(swapped.identity.kanji_surname, "山田");
  EXPECT_EQ(swapped.identity.kana_surname, "ヤマダ");
  // An empty MSH-4 leaves the facility of the path.
  EXPECT_EQ(record(kAdtPath, replaced(encode(segments), "|HIS|1310001|", "|HIS||")).facility, "1310001");
  // Subcomponents and repetitions: the first subcomponent of the first repetition.
  EXPECT_EQ(record(kAdtPath, replaced(encode(segments), "0123456789^^^^PI", "A&B^^^^PI~C^^^^PI"))
                .identity.patient_id,
            "A");
  // Extra fields and segments of the standard are fine.
  EXPECT_EQ(record(kAdtPath, adt({"PV2|1|2|3", "NK1|1", "AL1|1", "ZPR|1", "NTE|1||a\\T\\b"})).identity.sex,
            "M");
  // IN1: the first one, 記号~番号~枝番 as repetitions.
  const ParsedRecord insured =
      record(kAdtPath, adt({"IN1|1|C0^国民健康保険^JHSD0001|138057|||||||12~34~\\E\\|||||||SEL",
                            "IN1|2||999999|||||||x~y~z"}));
  EXPECT_EQ(insured.identity.insurer, "138057");
  EXPECT_EQ(insured.identity.symbol, "12");
  EXPECT_EQ(insured.identity.number, "34");
  EXPECT_EQ(insured.identity.branch, "\\");
  // OML-11: an SN value, OBX-14 cut to its date, service date from the path.
  const ParsedRecord sn =
      record(kOmlPath, encode({msh("OUL^R22^OUL_R22"), kPid, kPv1,
                               "OBX|1|SN|5A010^CRP^JC10||<^0.3|mg/dL|||||F|||202405140900"}));
  ASSERT_EQ(sn.events.size(), 1U);
  EXPECT_EQ(sn.events[0].value, "<0.3");
  EXPECT_EQ(sn.events[0].date, "20240514");
  EXPECT_EQ(sn.service_date, "20240514");
  EXPECT_EQ(sn.events[0].position, 4U);
}

TEST(Ssmix2Parser, DrugDatesAndDaysComeFromTq1ElseOrc) {
  const std::string path =
      "ssmix2/1310001/012/345/0123456789/20240514/OMP-01/"
      "0123456789_20240514_OMP-01_000000000000017_20240514090017_01_1";
  const std::string bytes =
      encode({msh("RDE^O11^RDE_O11"), kPid, kPv1, "ORC|NW|1|||||||20240510120000",
              "RXE||111^A||||||||||||||||||||OHP^外来処方^MR9P", "TQ1|1|||||abc^d|20240511",
              "RXR|PO^口^HL70162", "ORC|NW|2|||||||20240512", "RXE||222^B|2||錠^錠^MR9P", "TQ1|1|||||5^d",
              "TQ1|2|||||9^d|20240601", "RXE||333^C|1", "RXR|AP"});
  const ParsedFile f = parse_ssmix2(path, bytes);
  ASSERT_EQ(f.records.size(), 1U) << (f.quarantined.empty() ? "" : f.quarantined[0].message);
  const auto& events = f.records[0].events;
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[0].date, "20240511");  // TQ1-7
  EXPECT_EQ(events[0].count, 1);          // TQ1-6 not numeric
  EXPECT_EQ(events[0].extra, "PO");
  EXPECT_EQ(events[1].date, "20240512");  // no TQ1-7: ORC-9
  EXPECT_EQ(events[1].count, 5);          // only the first TQ1 counts
  EXPECT_EQ(events[1].unit, "錠");        // RXE-5.2
  EXPECT_EQ(events[1].value, "2");
  EXPECT_EQ(events[2].date, "20240512");  // no TQ1 at all
  EXPECT_EQ(events[2].extra, "AP");
  EXPECT_EQ(events[2].position, 12U);
}

// ---------------------------------------------------------------------------------------------
// (3) HL7 splitting and escapes against a slow, obvious reference

struct ReferenceSegment {
  // fields -> repetitions -> components -> subcomponents, unescaped
  std::vector<std::vector<std::vector<std::vector<std::string>>>> fields;
  bool escapes_ok = true;
};

ReferenceSegment reference_split(const std::string& s) {
  ReferenceSegment out;
  out.fields.push_back({{{""}}});
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    auto& field = out.fields.back();
    auto& rep = field.back();
    auto& comp = rep.back();
    auto& sub = comp.back();
    if (c == '|') {
      out.fields.push_back({{{""}}});
    } else if (c == '~') {
      field.push_back({{""}});
    } else if (c == '^') {
      rep.push_back({""});
    } else if (c == '&') {
      comp.push_back("");
    } else if (c == '\\') {
      const std::size_t close = s.find('\\', i + 1);
      const std::string code = close == std::string::npos ? std::string() : s.substr(i + 1, close - i - 1);
      if (code == "F") {
        sub += '|';
      } else if (code == "S") {
        sub += '^';
      } else if (code == "R") {
        sub += '~';
      } else if (code == "E") {
        sub += '\\';
      } else if (code == "T") {
        sub += '&';
      } else if (code.size() >= 3 && code.size() % 2 == 1 && code[0] == 'X' &&
                 code.find_first_not_of("0123456789ABCDEFabcdef", 1) == std::string::npos) {
        // Hex data: printable ASCII kept, other bytes become ■.
        for (std::size_t h = 1; h + 1 < code.size(); h += 2) {
          const int byte = std::stoi(code.substr(h, 2), nullptr, 16);
          sub += byte >= 0x20 && byte < 0x7F ? std::string(1, static_cast<char>(byte)) : std::string("■");
        }
      } else {
        out.escapes_ok = false;
        sub += c;
        continue;
      }
      i = close;
    } else {
      sub += c;
    }
  }
  return out;
}

TEST(Hl7Text, SplittingAndUnescapingAgreeWithTheReference) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> alphabet = {"|",  "^",     "~",     "&",     "\\",    "F",
                                             "S",  "R",     "E",     "T",     "X",     "a",
                                             "あ", "\\F\\", "\\S\\", "\\E\\", "\\T\\", "\\R\\"};
  hl7::SegmentFields fields;
  std::size_t with_bad_escapes = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string s = "ZZZ";
    const std::size_t n = rng() % 40;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    const ReferenceSegment ref = reference_split(s);
    SCOPED_TRACE(s);
    EXPECT_EQ(hl7::find_bad_escape(s) == std::string_view::npos, ref.escapes_ok);
    fields.assign(s);
    ASSERT_EQ(fields.field_count(), ref.fields.size() - 1);
    EXPECT_EQ(fields.id(), s.substr(0, s.find('|')));
    if (!ref.escapes_ok) {
      ++with_bad_escapes;
      continue;
    }
    for (std::size_t f = 0; f <= ref.fields.size(); ++f) {
      const bool has_f = f < ref.fields.size();
      const std::size_t reps = has_f ? ref.fields[f].size() : 0;
      for (std::size_t r = 1; r <= reps + 1; ++r) {
        const bool has_r = r <= reps;
        const std::size_t comps = has_r ? ref.fields[f][r - 1].size() : 0;
        for (std::size_t c = 1; c <= comps + 1; ++c) {
          const bool has_c = c <= comps;
          const std::size_t subs = has_c ? ref.fields[f][r - 1][c - 1].size() : 0;
          for (std::size_t k = 1; k <= subs + 1; ++k) {
            const std::string want = k <= subs ? ref.fields[f][r - 1][c - 1][k - 1] : std::string();
            const std::string_view leaf =
                hl7::subcomponent(hl7::component(hl7::repetition(fields.field(f), r), c), k);
            const auto got = hl7::unescape(leaf);
            ASSERT_TRUE(got.has_value());
            ASSERT_EQ(*got, want) << "field " << f << " rep " << r << " comp " << c << " sub " << k;
          }
        }
      }
    }
  }
  EXPECT_GT(with_bad_escapes, 1000U);
  EXPECT_LT(with_bad_escapes, 19000U);
}

TEST(Hl7Text, EscapingThenUnescapingGivesTheValueBack) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 5000; ++trial) {
    const std::string value = random_text(rng, 12);
    const std::string escaped = formats::hl7_escape(value);
    EXPECT_EQ(hl7::find_bad_escape(escaped), std::string_view::npos);
    EXPECT_EQ(escaped.find_first_of("|^~&"), std::string::npos);
    EXPECT_EQ(hl7::unescape(escaped), value);
  }
  EXPECT_EQ(hl7::unescape("\\F\\\\S\\\\R\\\\E\\\\T\\"), "|^~\\&");
  EXPECT_FALSE(hl7::unescape("a\\").has_value());
  EXPECT_FALSE(hl7::unescape("\\\\").has_value());
  EXPECT_FALSE(hl7::unescape("\\Z\\").has_value());
  EXPECT_EQ(hl7::find_bad_escape("ab\\E\\c\\X\\"), 6U);
  // The other escapes of HL7 v2.5 §2.7 are well-formed: formatting, highlighting, hex data,
  // character-set switches and local escapes (a line break becomes a space; the others vanish).
  EXPECT_EQ(hl7::unescape("a\\.br\\b\\H\\c\\N\\\\.sp2\\d"), "a bcd");
  EXPECT_EQ(hl7::unescape("\\X414243\\\\X0A\\"), "ABC■");
  EXPECT_EQ(hl7::unescape("x\\C2842\\y\\M2442\\z\\Zab1\\"), "xyz");
  EXPECT_FALSE(hl7::unescape("\\X4\\").has_value());
  EXPECT_FALSE(hl7::unescape("\\C28\\").has_value());
}

TEST(Hl7Text, MshFieldNumbersCountTheSeparatorAsMsh1) {
  hl7::SegmentFields fields;
  fields.assign("MSH|^~\\&|HIS|1310001|GW|RCV|2024||ADT^A08");
  EXPECT_EQ(fields.id(), "MSH");
  EXPECT_EQ(fields.field(1), "|");
  EXPECT_EQ(fields.field(2), "^~\\&");
  EXPECT_EQ(fields.field(4), "1310001");
  EXPECT_EQ(fields.field(9), "ADT^A08");
  EXPECT_EQ(fields.field(10), "");
  EXPECT_EQ(fields.field_count(), 9U);
  fields.assign("PID|1||3");
  EXPECT_EQ(fields.field(3), "3");
  EXPECT_EQ(fields.field_count(), 3U);
  // Very many fields: counted, only the first ones kept.
  // (SegmentFields keeps views: the text must outlive them.)
  const std::string many = "NTE" + std::string(100000, '|') + "x";
  fields.assign(many);
  EXPECT_EQ(fields.field_count(), 100000U);
  EXPECT_EQ(fields.field(5), "");
  EXPECT_EQ(fields.field(100000), "");  // beyond the kept fields
  const std::string kept = "NTE" + std::string(63, '|') + "x";
  fields.assign(kept);
  EXPECT_EQ(fields.field_count(), 63U);
  EXPECT_EQ(fields.field(63), "x");
  const std::string one_more = "NTE" + std::string(64, '|') + "x";
  fields.assign(one_more);
  EXPECT_EQ(fields.field_count(), 64U);
}

TEST(Hl7Text, SegmentsSplitLikeTheReference) {
  std::mt19937_64 rng(3);
  const std::string alphabet = "ab\r\n";
  for (int trial = 0; trial < 20000; ++trial) {
    std::string s;
    const std::size_t n = rng() % 12;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    // Reference: walk character by character; CR LF together is one terminator.
    std::vector<hl7::SegmentPiece> want;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '\r' || s[i] == '\n') {
        const std::size_t terminator = (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
        want.push_back({start, i - start, i + terminator - start});
        i += terminator;
        start = i;
      } else {
        ++i;
      }
    }
    if (start < s.size()) want.push_back({start, s.size() - start, s.size() - start});
    const auto got = hl7::split_segments(s);
    ASSERT_EQ(got.size(), want.size()) << testing::PrintToString(s);
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].offset, want[k].offset);
      EXPECT_EQ(got[k].size, want[k].size);
      EXPECT_EQ(got[k].size_with_terminator, want[k].size_with_terminator);
    }
  }
}

// The parser skips ICU for escape-free 7-bit files: it must accept and reject exactly what the
// strict decoder accepts and rejects, byte by byte, with and without JIS X 0208 in the message.
TEST(Ssmix2Parser, ByteCheckAgreesWithTheStrictDecoder) {
  const std::string ascii_pid = "PID|0001||0123456789^^^^PI||YAMADA^TARO||19800101|M";
  for (const bool jis : {false, true}) {
    for (int b = 0; b < 256; ++b) {
      if (b == '\r' || b == '\n' || b == '\\' || b == '|') continue;
      const std::string pid = jis ? kPid : ascii_pid;
      const std::string bytes = replaced(encode({msh("ADT^A08^ADT_A01"), pid, kPv1}), "PI||",
                                         "PI||" + std::string(1, static_cast<char>(b)));
      const ParsedFile f = parse_ssmix2(kAdtPath, bytes);
      const bool decodes = formats::decode_iso2022jp(bytes).has_value();
      const bool rejected = !f.quarantined.empty() && f.quarantined[0].reason == Reason::bad_byte_sequence;
      SCOPED_TRACE("byte " + std::to_string(b) + (jis ? " with JIS" : " ASCII"));
      // ESC ( J / ESC ( I are the only sequences the parser refuses beyond the decoder.
      EXPECT_EQ(rejected, !decodes || b == 0x1B);
      if (!rejected) {
        EXPECT_EQ(f.records.size(), 1U);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// (4) Detection by path

TEST(Ssmix2Path, ParsesTheStorageLayout) {
  const auto nho = parse_ssmix2_path(
      "standard_root/012/345/0123456789/20080126/OML-11/"
      "0123456789_20080126_OML-11_081251234567800_200802031630123_01_1");
  ASSERT_TRUE(nho.has_value());
  EXPECT_EQ(nho->facility, "standard_root");
  EXPECT_EQ(nho->patient_id, "0123456789");
  EXPECT_EQ(nho->service_date, "20080126");
  EXPECT_EQ(nho->data_kind, "OML-11");
  EXPECT_EQ(nho->order_number, "081251234567800");
  EXPECT_EQ(nho->event_time, "200802031630123");  // 15 digits (NHO)
  EXPECT_EQ(nho->department, "01");
  EXPECT_EQ(nho->condition, '1');

  const auto ours = parse_ssmix2_path(kAdtPath);
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(ours->facility, "1310001");
  EXPECT_EQ(ours->service_date, "-");
  EXPECT_EQ(ours->department, "-");
  EXPECT_EQ(ours->event_time, "20240514090001000");

  const auto bare =
      parse_ssmix2_path("012/345/0123456789/-/PPR-01/0123456789_-_PPR-01_000000000000001_20240514090001_-_2");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->facility, "");  // no folder above PID[0:3]
  EXPECT_EQ(bare->condition, '2');
  EXPECT_EQ(bare->event_time, "20240514090001");  // 14 digits

  const auto deep = parse_ssmix2_path(
      "delivery/2024-05/ssmix2/1310001/000/042/000042/-/ADT-00/"
      "000042_-_ADT-00_999999999999999_20240514090002000_-_0");
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->facility, "1310001");
  EXPECT_EQ(deep->patient_id, "000042");
  EXPECT_EQ(deep->condition, '0');

  // A PID shorter than 6 characters: the folder levels are those of the zero-padded PID.
  const auto short_pid =
      parse_ssmix2_path("r/000/042/42/-/ADT-00/42_-_ADT-00_999999999999999_20240514090002000_-_1");
  ASSERT_TRUE(short_pid.has_value());
  EXPECT_EQ(short_pid->patient_id, "42");
  EXPECT_FALSE(parse_ssmix2_path("r/042/42/42/-/ADT-00/42_-_ADT-00_999999999999999_20240514090002000_-_1"));

  // An unlisted data kind (extended storage) with a letter-only kind name.
  EXPECT_TRUE(parse_ssmix2_path(
      "r/012/345/0123456789/20240514/OMD/0123456789_20240514_OMD_000000000000001_20240514090001_01_1"));
}

TEST(Ssmix2Path, RejectsOtherPaths) {
  for (const std::string& path : {
           std::string(),
           std::string("RECEIPTC.UKE"),
           std::string("uke/1310001/202405/RECEIPTC.UKE"),
           std::string("checkup/1234567890/DATA/h1234567890_20240514_1_1.xml"),
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT-00/"),  // trailing slash: no file name
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT-00/"
                       "0123456789_-_ADT-00_999999999999999_20240514090001000_-_1.txt"),
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT_00/"
                       "0123456789_-_ADT_00_999999999999999_20240514090001000_-_1"),
           std::string("ssmix2/1310001/012/345/01234567-9/-/ADT-00/"
                       "01234567-9_-_ADT-00_999999999999999_20240514090001000_-_1"),
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT-00/"
                       "0123456789_-_ADT-00_999999999999999_20240514090001000_0 1_1"),
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT-00/"
                       "0123456789_-_ADT-00_999999999999999_20240514090001000__1"),
           std::string("ssmix2/1310001/012/345/0123456789/-/ADT-00/"
                       "0123456789_-_ADT-00_999999999999999_20240514090001000_-_"),
           std::string(
               "ssmix2/1310001/012/345/0123456789/-/-/0123456789_-_-_999999999999999_20240514090001000_-_1"),
           std::string("ssmix2/1310001/012/345/0123456789/20240514/ADT-00/"
                       "0123456789_20240515_ADT-00_999999999999999_20240514090001000_-_1"),
           std::string("ssmix2/1310001/012/345/０１２３４５６７８９/-/ADT-00/"
                       "０１２３４５６７８９_-_ADT-00_999999999999999_20240514090001000_-_1"),
       }) {
    EXPECT_FALSE(parse_ssmix2_path(path).has_value()) << path;
    EXPECT_NE(detect_kind(path), SourceKind::ssmix2) << path;
  }
}

TEST(Ssmix2Path, EveryWrittenPathIsDetected) {
  for (const synth::WrittenFile& f : formats::write_ssmix2(hospital_month())) {
    const auto path = parse_ssmix2_path(f.relative_path);
    ASSERT_TRUE(path.has_value()) << f.relative_path;
    EXPECT_EQ(path->facility, "1310001");
    EXPECT_EQ(path->condition, '1');
    EXPECT_EQ(detect_kind(f.relative_path), SourceKind::ssmix2);
  }
}

// ---------------------------------------------------------------------------------------------
// Robustness and speed

TEST(Ssmix2Parser, NeverThrowsOnMutatedMessages) {
  std::mt19937_64 rng(99);
  const auto files = formats::write_ssmix2(hospital_month());
  const std::string specials = "|^~\\&\r\n\x1B$(B\x81\x0E";
  for (int trial = 0; trial < 20000; ++trial) {
    const synth::WrittenFile& f = files[rng() % files.size()];
    std::string bytes = f.bytes;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0:
          bytes[at] = specials[rng() % specials.size()];
          break;
        case 1:
          bytes.erase(at, 1 + rng() % 8);
          break;
        case 2:
          bytes.insert(at, 1, specials[rng() % specials.size()]);
          break;
        default:
          bytes[at] = static_cast<char>(rng() % 256);
      }
    }
    ParsedFile parsed;
    ASSERT_NO_THROW(parsed = parse_ssmix2(f.relative_path, bytes));
    ASSERT_LE(parsed.records.size() + parsed.quarantined.size(), 1U);
    EXPECT_EQ(parsed.problem.has_value(), parsed.records_read() == 0);
    for (const ParsedRecord& r : parsed.records) {
      for (const ParsedEvent& e : r.events) ASSERT_LE(e.bytes.offset + e.bytes.size, bytes.size());
      EXPECT_TRUE(formats::is_valid_utf8(r.identity.kanji_surname + r.identity.birth + r.service_date));
    }
  }
}

TEST(Ssmix2Parser, ThroughputReport) {
  synth::FacilityMonth fm = hospital_month();
  const std::vector<synth::SourceRecord> base = fm.records;
  fm.records.clear();
  for (std::uint64_t i = 0; i < 400; ++i) {
    for (synth::SourceRecord r : base) {
      r.sequence += 100 * i;
      r.identity.corruption = Corruption::none;
      fm.records.push_back(r);
    }
  }
  const auto files = formats::write_ssmix2(fm);
  std::size_t total = 0;
  for (const auto& f : files) total += f.bytes.size();
  std::size_t records = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 3; ++round) {
    for (const auto& f : files) records += parse_ssmix2(f.relative_path, f.bytes).records.size();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(records, 3 * files.size());
  std::printf("[ ssmix2 ] %zu files, %.1f MB in %.3f s: %.0f files/s, %.1f MB/s\n", 3 * files.size(),
              3.0 * static_cast<double>(total) / 1e6, seconds,
              3.0 * static_cast<double>(files.size()) / seconds,
              3.0 * static_cast<double>(total) / 1e6 / seconds);
}

}  // namespace
}  // namespace nayose::parse
