#include "src/parse/claims_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/formats/cyo_writer.hpp"
#include "src/formats/encoding.hpp"
#include "src/formats/uke_writer.hpp"
#include "tests/src/formats/fixtures.hpp"

namespace nayose::parse {
namespace {

using formats::testing::date;
using formats::testing::item;
using synth::Corruption;
using synth::ItemKind;
using synth::Sex;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kBad = "<BAD>";  // replaced by 81 20 (never valid CP932) after encoding

// UTF-8 lines -> CP932 bytes with CRLF, "<BAD>" markers turned into bad bytes, and the EOF byte.
std::string encode_file(const std::vector<std::string>& lines, bool eof = true) {
  std::string out;
  for (const std::string& line : lines) out += formats::encode_cp932(line) + "\r\n";
  for (std::size_t at = out.find(kBad); at != std::string::npos; at = out.find(kBad, at)) {
    out.replace(at, kBad.size(), "\x81\x20");
  }
  if (eof) out.push_back('\x1A');
  return out;
}

std::vector<std::string> split_line(const std::string& line) {
  return formats::testing::split(line, ',');
}

std::string join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) out.push_back(',');
    out += fields[i];
  }
  return out;
}

// Sets 1-based field `number` (growing the line when needed).
void set_field(std::string& line, std::size_t number, const std::string& value) {
  auto fields = split_line(line);
  if (fields.size() < number) fields.resize(number);
  fields[number - 1] = value;
  line = join(fields);
}

// Keeps the first `count` fields.
void keep_fields(std::string& line, std::size_t count) {
  auto fields = split_line(line);
  fields.resize(count);
  line = join(fields);
}

std::string record_line(std::string id, std::size_t fields, const std::map<std::size_t, std::string>& values) {
  std::vector<std::string> f(fields);
  f[0] = std::move(id);
  for (const auto& [number, value] : values) f[number - 1] = value;
  return join(f);
}

// SI/IY (44 fields) or TO (48): 診療識別, 負担区分 1, code, value, points, count, one day.
std::string treatment(const std::string& id, const std::string& identification, const std::string& code,
                      const std::string& value, const std::string& points, const std::string& count, int day = 0,
                      const std::string& day_count = "") {
  const bool to = id == "TO";
  std::map<std::size_t, std::string> values = {{2, identification}, {3, "1"},    {4, code},
                                               {5, value},          {6, points}, {7, count}};
  if (day != 0) values[static_cast<std::size_t>((to ? 17 : 13) + day)] = day_count;
  return record_line(id, to ? 48 : 44, values);
}

std::string slice(const std::string& bytes, const ByteSpan& span) {
  return bytes.substr(span.offset, span.size);
}

const QuarantinedRecord* quarantined_at(const ParsedFile& file, std::uint64_t position) {
  for (const QuarantinedRecord& q : file.quarantined) {
    if (q.position == position) return &q;
  }
  return nullptr;
}

const ParsedRecord* record_at(const ParsedFile& file, std::uint64_t position) {
  for (const ParsedRecord& r : file.records) {
    if (r.position == position) return &r;
  }
  return nullptr;
}

// Structural invariants of any parse: sorted, disjoint, inside the file, line-aligned; every
// event inside its claim; messages free of the file's personal fields.
void check_invariants(const ParsedFile& file, const std::string& bytes) {
  if (file.problem) {
    EXPECT_TRUE(file.records.empty());
    EXPECT_TRUE(file.quarantined.empty());
    return;
  }
  struct Item {
    std::uint64_t position;
    ByteSpan span;
  };
  std::vector<Item> all;
  std::uint64_t previous = 0;
  for (const ParsedRecord& r : file.records) {
    EXPECT_GT(r.position, previous);
    previous = r.position;
    all.push_back({r.position, r.bytes});
    EXPECT_EQ(bytes.compare(r.bytes.offset, 3, "RE,"), 0);
    std::uint64_t event_previous = r.position;
    for (const ParsedEvent& e : r.events) {
      EXPECT_GT(e.position, event_previous);
      event_previous = e.position;
      EXPECT_GE(e.bytes.offset, r.bytes.offset);
      EXPECT_LE(e.bytes.offset + e.bytes.size, r.bytes.offset + r.bytes.size);
    }
  }
  previous = 0;
  for (const QuarantinedRecord& q : file.quarantined) {
    EXPECT_GT(q.position, previous);
    previous = q.position;
    EXPECT_NE(q.reason, Reason::none);
    EXPECT_FALSE(q.message.empty());
    all.push_back({q.position, q.bytes});
  }
  std::sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.position < b.position; });
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i != 0) {
      EXPECT_GT(all[i].position, all[i - 1].position) << "a position is used twice";
    }
    EXPECT_GE(all[i].span.offset, end) << "spans overlap";
    EXPECT_GT(all[i].span.size, 0U);
    end = all[i].span.offset + all[i].span.size;
    EXPECT_LE(end, bytes.size());
    // Spans start at a line start.
    EXPECT_TRUE(all[i].span.offset == 0 || bytes[all[i].span.offset - 1] == '\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures written by the generator's writers
// ---------------------------------------------------------------------------------------------

synth::Facility clinic(bool wareki) {
  synth::Facility facility;
  facility.id = 7;
  facility.kind = synth::FacilityKind::clinic;
  facility.code = "1234567";
  facility.prefecture_code = "13";
  facility.municipality_code = "131016";
  facility.name = "テスト内科医院";
  facility.wareki_dates = wareki;
  return facility;
}

synth::Facility pharmacy(bool wareki) {
  synth::Facility facility;
  facility.id = 9;
  facility.kind = synth::FacilityKind::pharmacy;
  facility.code = "4567890";
  facility.prefecture_code = "27";
  facility.name = "テスト薬局";
  facility.wareki_dates = wareki;
  return facility;
}

// Five claims: 髙 (CP932 extension), half-width kana with an empty kanji name and SN 01, 𠮷 (→ ■)
// with a 後期 number and no SN, hiragana with a lost leading zero and a wrong era digit, no birth.
synth::FacilityMonth uke_month(bool wareki) {
  synth::FacilityMonth fm;
  fm.facility = clinic(wareki);
  fm.year = 2024;
  fm.month = 5;

  synth::SourceRecord r1;
  r1.person_id = 101;
  r1.service_date = date(2024, 5, 2);
  r1.identity = formats::testing::identity("髙橋", "翔太", "タカハシ", "ショウタ", Sex::male, date(1989, 1, 7));
  r1.identity.chart_number = "0001";
  r1.items = {
      item(ItemKind::diagnosis, "8846347", "高血圧症", date(2024, 5, 2), 0, "", "I10"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 2), 75, "", "12"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 16), 75, "", "12"),
      item(ItemKind::drug, "620000001", "薬Ａ", date(2024, 5, 2), 0, "3", "21"),
      item(ItemKind::drug, "620000002", "薬Ｂ", date(2024, 5, 2), 12, "1", "21"),
      item(ItemKind::procedure, "120001210", "調剤料", date(2024, 5, 2), 11, "", "21"),
      item(ItemKind::material, "777770000", "未コード化器材", date(2024, 5, 4), 5, "1", "40"),
      item(ItemKind::comment, "810000001", "", date(2024, 5, 2), 0, "テストコメント", ""),
  };
  r1.items[0].main = true;
  r1.items[4].count = 14;

  synth::SourceRecord r2;
  r2.person_id = 102;
  r2.service_date = date(2024, 5, 8);
  r2.identity = formats::testing::identity("山﨑", "花子", "ﾔﾏｻﾞｷ", "ﾊﾅｺ", Sex::female, date(1989, 1, 8));
  r2.identity.kanji_name.clear();
  r2.identity.kana_name = "ﾔﾏｻﾞｷ ﾊﾅｺ";
  r2.identity.insurer_number = "138016";
  r2.identity.branch = "01";
  r2.identity.chart_number = "0002";
  r2.items = {item(ItemKind::procedure, "111000110", "初診料", date(2024, 5, 8), 291, "", "11")};

  synth::SourceRecord r3;
  r3.person_id = 103;
  r3.service_date = date(2024, 5, 3);
  r3.inpatient = true;
  r3.identity = formats::testing::identity("𠮷田", "太郎", "ヨシダ", "タロウ", Sex::male, date(2019, 4, 30));
  r3.identity.insurer_number = "39131008";
  r3.identity.symbol.clear();
  r3.identity.number = "12345678";
  r3.identity.branch.clear();
  r3.identity.chart_number = "0003";
  r3.items = {item(ItemKind::procedure, "190077410", "入院基本料", date(2024, 5, 3), 1000, "", "90")};

  synth::SourceRecord r4;
  r4.person_id = 104;
  r4.service_date = date(2024, 5, 9);
  r4.identity = formats::testing::identity("德永", "さくら", "とくなが", "さくら", Sex::female, date(2019, 5, 1));
  r4.identity.insurer_number = "1130012";
  r4.identity.chart_number = "0004";
  r4.identity.error_flags = synth::kEraDigitWrong | synth::kHiraganaName | synth::kInsurerLeadingZeroLost;
  r4.items = {item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 9), 75, "", "12")};

  synth::SourceRecord r5;
  r5.person_id = 105;
  r5.service_date = date(2024, 5, 10);
  r5.identity = formats::testing::identity("試験", "花子", "シケン", "ハナコ", Sex::female, date(1965, 4, 12));
  r5.identity.chart_number = "K-0005";
  r5.identity.birth_missing = true;
  r5.items = {
      item(ItemKind::diagnosis, "0000999", "テスト病名", date(2024, 5, 10), 0, "8002"),
      item(ItemKind::comment, "810000001", "", date(2024, 5, 10), 0, "コメントのみ", "80"),
  };

  fm.records = {r1, r2, r3, r4, r5};
  return fm;
}

struct ExpectedIdentity {
  std::string kanji, kana, sex, birth, insurer, symbol, number, branch, patient_id;
};

void expect_identity(const RawIdentity& id, const ExpectedIdentity& e) {
  EXPECT_EQ(id.kanji_name, e.kanji);
  EXPECT_EQ(id.kana_name, e.kana);
  EXPECT_EQ(id.sex, e.sex);
  EXPECT_EQ(id.birth, e.birth);
  EXPECT_EQ(id.insurer, e.insurer);
  EXPECT_EQ(id.symbol, e.symbol);
  EXPECT_EQ(id.number, e.number);
  EXPECT_EQ(id.branch, e.branch);
  EXPECT_EQ(id.patient_id, e.patient_id);
  EXPECT_TRUE(id.kanji_surname.empty() && id.kanji_given.empty() && id.kana_surname.empty() &&
              id.kana_given.empty() && id.postal_code.empty() && id.address.empty() && id.municipality.empty() &&
              id.care_number.empty());
}

struct ExpectedEvent {
  EventKind kind;
  std::string code, value, date, extra;
  std::int32_t points = 0;
  std::int32_t count = 1;
  std::string name = {};
};

void expect_events(const ParsedRecord& record, const std::string& bytes, const std::vector<ExpectedEvent>& expected,
                   const std::vector<std::string>& ids) {
  ASSERT_EQ(record.events.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i));
    const ParsedEvent& e = record.events[i];
    const ExpectedEvent& x = expected[i];
    EXPECT_EQ(e.kind, x.kind);
    EXPECT_EQ(e.code, x.code);
    EXPECT_EQ(e.value, x.value);
    EXPECT_EQ(e.date, x.date);
    EXPECT_EQ(e.extra, x.extra);
    EXPECT_EQ(e.points, x.points);
    EXPECT_EQ(e.count, x.count);
    EXPECT_EQ(e.name, x.name);
    EXPECT_TRUE(e.unit.empty());
    const std::string line = slice(bytes, e.bytes);
    EXPECT_EQ(line.substr(0, 3), ids[i] + ",");
    EXPECT_EQ(line.substr(line.size() - 2), "\r\n");
    // The event's position is its line number.
    EXPECT_EQ(static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(e.bytes.offset), '\n')) + 1,
              e.position);
  }
}

// ---------------------------------------------------------------------------------------------
// (1) Round trips through the writers
// ---------------------------------------------------------------------------------------------

class UkeRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(UkeRoundTrip, IdentityAndEventsAreWhatWasWritten) {
  const bool wareki = GetParam();
  const synth::FacilityMonth fm = uke_month(wareki);
  const synth::WrittenFile file = formats::write_uke(fm);
  const ParsedFile parsed = parse_uke(file.bytes);
  ASSERT_FALSE(parsed.problem) << parsed.problem->message;
  check_invariants(parsed, file.bytes);
  EXPECT_EQ(parsed.kind, SourceKind::uke);
  EXPECT_TRUE(parsed.quarantined.empty()) << parsed.quarantined.front().message;
  ASSERT_EQ(parsed.records.size(), 5U);
  ASSERT_EQ(file.records.size(), 5U);

  const std::string month = wareki ? "50605" : "202405";
  for (std::size_t i = 0; i < 5; ++i) {
    const ParsedRecord& r = parsed.records[i];
    EXPECT_EQ(r.position, file.records[i].position);
    EXPECT_EQ(r.facility, "1234567");
    EXPECT_EQ(r.service_month, month);
    EXPECT_TRUE(r.service_date.empty());
    // The claim spans its RE line up to the next RE / GO.
    const std::string bytes = slice(file.bytes, r.bytes);
    EXPECT_EQ(bytes.substr(0, 3), "RE,");
    EXPECT_EQ(bytes.substr(bytes.size() - 2), "\r\n");
    const std::string next = file.bytes.substr(r.bytes.offset + r.bytes.size, 3);
    EXPECT_TRUE(next == "RE," || next == "GO,") << next;
  }

  const auto w = [&](const std::string& seireki, const std::string& legacy) { return wareki ? legacy : seireki; };
  expect_identity(parsed.records[0].identity, {"髙橋　翔太", "タカハシショウタ", "1", w("19890107", "3640107"),
                                               "01130012", "１２３４５６７", "８９", "00", "0001"});
  // Empty kanji name: RE-5 holds the half-width kana; RE-37 (no space) is preferred.
  expect_identity(parsed.records[1].identity, {"", "ﾔﾏｻﾞｷﾊﾅｺ", "2", w("19890108", "4010108"), "138016",
                                               "１２３４５６７", "８９", "01", "0002"});
  // 𠮷 cannot be CP932: ■. No SN: no branch. 入院.
  expect_identity(parsed.records[2].identity, {"■田　太郎", "ヨシダタロウ", "1", w("20190430", "4310430"),
                                               "39131008", "", "12345678", "", "0003"});
  // Hiragana kana name, lost leading zero, wrong era digit (令和 5 written as 平成 4).
  expect_identity(parsed.records[3].identity, {"德永　さくら", "とくながさくら", "2", w("20190501", "4010501"),
                                               "1130012", "１２３４５６７", "８９", "00", "0004"});
  expect_identity(parsed.records[4].identity, {"試験　花子", "シケンハナコ", "2", "", "01130012",
                                               "１２３４５６７", "８９", "00", "K-0005"});

  const std::string d02 = month + "02";
  const std::string sy_date = w("20240502", "5060502");
  expect_events(parsed.records[0], file.bytes,
                {
                    {EventKind::diagnosis, "8846347", "", sy_date, "01"},
                    {EventKind::procedure, "112007410", "", d02, "12", 75, 2},
                    {EventKind::drug, "620000001", "3", "", "21"},  // not the unit's last line: no points, no days
                    {EventKind::drug, "620000002", "1", d02, "21", 12, 14},
                    {EventKind::procedure, "120001210", "", d02, "21", 11, 1},
                    {EventKind::material, "777770000", "1", month + "04", "40", 5, 1, "未コード化器材"},
                    {EventKind::comment, "810000001", "テストコメント", "", "40"},  // 診療識別 carried forward
                },
                {"SY", "SI", "IY", "IY", "SI", "TO", "CO"});
  expect_events(parsed.records[1], file.bytes, {{EventKind::procedure, "111000110", "", month + "08", "11", 291, 1}},
                {"SI"});
  expect_events(parsed.records[2], file.bytes,
                {{EventKind::procedure, "190077410", "", month + "03", "90", 1000, 1}}, {"SI"});
  expect_events(parsed.records[3], file.bytes, {{EventKind::procedure, "112007410", "", month + "09", "12", 75, 1}},
                {"SI"});
  ExpectedEvent sy5{EventKind::diagnosis, "0000999", "8002", w("20240510", "5060510"), ""};
  sy5.name = "テスト病名";
  expect_events(parsed.records[4], file.bytes, {sy5, {EventKind::comment, "810000001", "コメントのみ", "", "80"}},
                {"SY", "CO"});
}

INSTANTIATE_TEST_SUITE_P(SeirekiAndWareki, UkeRoundTrip, ::testing::Values(false, true));

// The generator's line corruptions (README "Corruptions") are quarantined with their own reason,
// for exactly the damaged claim; the other claims still parse.
class UkeCorruptions : public ::testing::TestWithParam<bool> {};

TEST_P(UkeCorruptions, EachDamagedClaimGetsItsReason) {
  synth::FacilityMonth fm = uke_month(GetParam());
  fm.records[1].identity.corruption = Corruption::truncated_line;
  fm.records[2].identity.corruption = Corruption::wrong_field_count;
  fm.records[3].identity.corruption = Corruption::bad_byte_sequence;
  fm.records[4].identity.corruption = Corruption::impossible_date;  // written as given: parses
  const synth::WrittenFile file = formats::write_uke(fm);
  const ParsedFile parsed = parse_uke(file.bytes);
  ASSERT_FALSE(parsed.problem);
  check_invariants(parsed, file.bytes);
  ASSERT_EQ(parsed.records_read(), 5U);
  ASSERT_EQ(parsed.records.size(), 2U);
  EXPECT_EQ(parsed.records[0].position, file.records[0].position);
  EXPECT_EQ(parsed.records[1].position, file.records[4].position);
  const std::map<std::size_t, Reason> expected = {
      {1, Reason::truncated_record}, {2, Reason::wrong_field_count}, {3, Reason::bad_byte_sequence}};
  for (const auto& [index, reason] : expected) {
    const QuarantinedRecord* q = quarantined_at(parsed, file.records[index].position);
    ASSERT_NE(q, nullptr) << index;
    EXPECT_EQ(q->reason, reason) << q->message;
    // The whole claim (RE through the line before the next RE) is quarantined.
    const std::string bytes = slice(file.bytes, q->bytes);
    EXPECT_EQ(bytes.substr(0, 3), "RE,");
    EXPECT_NE(bytes.find("\r\nHO,"), std::string::npos);
    EXPECT_EQ(file.bytes.substr(q->bytes.offset + q->bytes.size, 3), "RE,");
    // No personal data in the message.
    EXPECT_EQ(q->message.find("ﾔ"), std::string::npos);
    EXPECT_EQ(q->message.find("田"), std::string::npos);
    EXPECT_EQ(q->message.find("0002"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(SeirekiAndWareki, UkeCorruptions, ::testing::Values(false, true));

synth::FacilityMonth cyo_month(bool wareki) {
  synth::FacilityMonth fm;
  fm.facility = pharmacy(wareki);
  fm.year = 2019;
  fm.month = 5;

  synth::SourceRecord r1;
  r1.person_id = 201;
  r1.service_date = date(2019, 5, 7);
  r1.identity = formats::testing::identity("髙橋", "翔太", "ﾀｶﾊｼ", "ｼｮｳﾀ", Sex::male, date(1989, 1, 7));
  r1.identity.kana_name = "ﾀｶﾊｼ ｼｮｳﾀ";
  r1.identity.chart_number = "R-1";
  r1.items = {
      item(ItemKind::drug, "620000001", "薬Ａ", date(2019, 5, 7), 10, "3", "21"),
      item(ItemKind::drug, "620000002", "薬Ｂ", date(2019, 5, 7), 5, "1", "21"),
      item(ItemKind::drug, "620000003", "軟膏", date(2019, 5, 7), 30, "10", "23"),
      item(ItemKind::procedure, "190000110", "内服薬調剤料", date(2019, 5, 7), 24),
      item(ItemKind::comment, "810000001", "", date(2019, 5, 7), 0, "コメント"),
  };
  r1.items[0].count = 14;
  r1.items[1].count = 14;

  synth::SourceRecord r2;
  r2.person_id = 202;
  r2.service_date = date(2019, 5, 20);
  r2.identity = formats::testing::identity("", "", "ヨシダ", "ハナコ", Sex::female, date(2019, 4, 30));
  r2.identity.chart_number = "R-2";
  r2.identity.branch.clear();
  r2.items = {item(ItemKind::drug, "620000001", "薬Ａ", date(2019, 5, 20), 10, "3", "21")};

  synth::SourceRecord r3;
  r3.person_id = 203;
  r3.service_date = date(2019, 5, 21);
  r3.identity = formats::testing::identity("山﨑", "一郎", "やまざき", "いちろう", Sex::male, date(1950, 6, 1));
  r3.identity.insurer_number = "39131008";
  r3.identity.symbol.clear();
  r3.identity.number = "８７６５４３２１";
  r3.identity.chart_number = "R-3";
  r3.items = {item(ItemKind::drug, "620000004", "薬Ｄ", date(2019, 5, 21), 7, "2", "22")};
  r3.items[0].count = 5;

  fm.records = {r1, r2, r3};
  return fm;
}

class CyoRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(CyoRoundTrip, IdentityAndEventsAreWhatWasWritten) {
  const bool wareki = GetParam();
  const synth::WrittenFile file = formats::write_cyo(cyo_month(wareki));
  const ParsedFile parsed = parse_cyo(file.bytes);
  ASSERT_FALSE(parsed.problem) << parsed.problem->message;
  check_invariants(parsed, file.bytes);
  EXPECT_EQ(parsed.kind, SourceKind::cyo);
  EXPECT_TRUE(parsed.quarantined.empty()) << parsed.quarantined.front().message;
  ASSERT_EQ(parsed.records.size(), 3U);
  const auto w = [&](const std::string& seireki, const std::string& legacy) { return wareki ? legacy : seireki; };
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(parsed.records[i].position, file.records[i].position);
    EXPECT_EQ(parsed.records[i].facility, "4567890");
    EXPECT_EQ(parsed.records[i].service_month, w("201905", "50105"));
  }
  expect_identity(parsed.records[0].identity, {"髙橋　翔太", "ﾀｶﾊｼｼｮｳﾀ", "1", w("19890107", "3640107"), "01130012",
                                               "１２３４５６７", "８９", "00", "R-1"});
  expect_identity(parsed.records[1].identity, {"", "ヨシダハナコ", "2", w("20190430", "4310430"), "01130012",
                                               "１２３４５６７", "８９", "", "R-2"});
  expect_identity(parsed.records[2].identity, {"山﨑　一郎", "やまざきいちろう", "1", w("19500601", "3250601"),
                                               "39131008", "", "８７６５４３２１", "00", "R-3"});

  const std::string d7 = w("20190507", "5010507");
  expect_events(parsed.records[0], file.bytes,
                {
                    {EventKind::procedure, "190000110", "", d7, "", 24, 14},
                    {EventKind::drug, "620000001", "3", d7, "", 0, 14},
                    {EventKind::drug, "620000002", "1", d7, "", 0, 14},
                    {EventKind::drug, "620000003", "10", d7, "", 0, 1},  // the 外用 Rp: its own CZ
                    {EventKind::comment, "810000001", "コメント", "", ""},
                },
                {"CZ", "IY", "IY", "IY", "CO"});
  expect_events(parsed.records[1], file.bytes, {{EventKind::drug, "620000001", "3", w("20190520", "5010520"), "", 0, 1}},
                {"IY"});
  expect_events(parsed.records[2], file.bytes, {{EventKind::drug, "620000004", "2", w("20190521", "5010521"), "", 0, 5}},
                {"IY"});
}

INSTANTIATE_TEST_SUITE_P(SeirekiAndWareki, CyoRoundTrip, ::testing::Values(false, true));

class CyoCorruptions : public ::testing::TestWithParam<bool> {};

TEST_P(CyoCorruptions, EachDamagedClaimGetsItsReason) {
  for (const auto& [corruption, reason] :
       std::vector<std::pair<Corruption, Reason>>{{Corruption::truncated_line, Reason::truncated_record},
                                                  {Corruption::wrong_field_count, Reason::wrong_field_count},
                                                  {Corruption::bad_byte_sequence, Reason::bad_byte_sequence}}) {
    for (std::size_t damaged = 0; damaged < 3; ++damaged) {
      synth::FacilityMonth fm = cyo_month(GetParam());
      fm.records[damaged].identity.corruption = corruption;
      const synth::WrittenFile file = formats::write_cyo(fm);
      const ParsedFile parsed = parse_cyo(file.bytes);
      ASSERT_FALSE(parsed.problem);
      check_invariants(parsed, file.bytes);
      ASSERT_EQ(parsed.records.size(), 2U);
      ASSERT_EQ(parsed.quarantined.size(), 1U);
      EXPECT_EQ(parsed.quarantined[0].position, file.records[damaged].position);
      EXPECT_EQ(parsed.quarantined[0].reason, reason) << parsed.quarantined[0].message;
      const std::string next = file.bytes.substr(parsed.quarantined[0].bytes.offset + parsed.quarantined[0].bytes.size, 3);
      EXPECT_TRUE(next == "RE," || next == "GO,");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SeirekiAndWareki, CyoCorruptions, ::testing::Values(false, true));

// ---------------------------------------------------------------------------------------------
// (3) DOMAIN §1.4's example, exactly as printed (SN-7 01, IR-10 a telephone number)
// ---------------------------------------------------------------------------------------------

TEST(ClaimsParser, TheDomainExampleParses) {
  const std::string bytes = encode_file({
      "IR,1,13,1,1234567,,テスト内科医院,202406,00,03-0000-0000",
      "RE,1,1112,202405,試験　花子,2,19650412,,,,,,,K000123,,,,,,,,,,,,,,,,,,,,,,,シケンハナコ,",
      "HO,01130012,１２３４５６７,８９,2,150,,,,,,,,,",
      "SN,1,01,,,,01,,",
      "SY,0000999,20240502,1,,テスト病名,01,",
      "SY,0000999,20240502,1,2056,テスト病名,,",
      "SI,12,1,112007410,,75,2,,,,,,,,1,,,,,,,,,,,,,,1,,,,,,,,,,,,,,,",
      "CO,,1,810000001,テストコメント",
      "GO,1,150,99",
  });
  const ParsedFile parsed = parse_uke(bytes);
  ASSERT_FALSE(parsed.problem);
  check_invariants(parsed, bytes);
  ASSERT_EQ(parsed.records.size(), 1U);
  EXPECT_TRUE(parsed.quarantined.empty());
  const ParsedRecord& r = parsed.records[0];
  EXPECT_EQ(r.position, 2U);
  EXPECT_EQ(r.facility, "1234567");
  EXPECT_EQ(r.service_month, "202405");
  EXPECT_EQ(r.bytes.offset, bytes.find("RE,"));
  EXPECT_EQ(r.bytes.offset + r.bytes.size, bytes.find("GO,"));
  expect_identity(r.identity, {"試験　花子", "シケンハナコ", "2", "19650412", "01130012", "１２３４５６７", "８９",
                               "01", "K000123"});
  ExpectedEvent sy1{EventKind::diagnosis, "0000999", "", "20240502", "01"};
  sy1.name = "テスト病名";
  ExpectedEvent sy2{EventKind::diagnosis, "0000999", "2056", "20240502", ""};
  sy2.name = "テスト病名";
  expect_events(r, bytes,
                {sy1, sy2, {EventKind::procedure, "112007410", "", "20240502", "12", 75, 2},
                 {EventKind::comment, "810000001", "テストコメント", "", "12"}},
                {"SY", "SY", "SI", "CO"});
  EXPECT_EQ(r.events[0].position, 5U);
  EXPECT_EQ(r.events[3].position, 8U);

  // The legacy (和暦) RE line of the same page.
  std::string legacy = bytes;
  const std::string re_new = formats::encode_cp932("RE,1,1112,202405,試験　花子,2,19650412,");
  legacy.replace(legacy.find(re_new), re_new.size(), formats::encode_cp932("RE,1,1112,50605,試験　花子,2,3400412,"));
  const ParsedFile old = parse_uke(legacy);
  ASSERT_EQ(old.records.size(), 1U);
  EXPECT_EQ(old.records[0].service_month, "50605");
  EXPECT_EQ(old.records[0].identity.birth, "3400412");
  EXPECT_EQ(old.records[0].events[2].date, "5060502");
}

// ---------------------------------------------------------------------------------------------
// Accepted variations
// ---------------------------------------------------------------------------------------------

std::vector<std::string> uke_base() {
  return {
      "IR,1,13,1,1234567,,テスト内科医院,202406,00,",                                                   // 1
      "RE,1,1112,202405,試験　花子,2,19650412,,,,,,,K000123,,,,,,,,,,,,,,,,,,,,,,,シケンハナコ,",     // 2
      "HO,01130012,１２３４５６７,８９,2,150,,,,,,,,,",                                                // 3
      "SN,1,01,,,,00,,",                                                                               // 4
      "SY,0000999,20240502,1,,テスト病名,01,",                                                         // 5
      treatment("SI", "12", "112007410", "", "75", "2", 2, "1"),                                      // 6
      "CO,,1,810000001,テストコメント",                                                                // 7
      "RE,2,1112,202405,山田　太郎,1,19700101,,,,,,,K000124,,,,,,,,,,,,,,,,,,,,,,,ヤマダタロウ,",     // 8
      "HO,06130012,１２,３４,1,87,,,,,,,,,",                                                          // 9
      treatment("IY", "21", "620000001", "3", "", ""),                                                // 10
      treatment("IY", "", "620000002", "1", "12", "14", 3, "14"),                                     // 11
      treatment("TO", "40", "710010001", "1", "5", "1", 3, "1"),                                      // 12
      "GO,2,237,99",                                                                                   // 13
  };
}

std::vector<std::string> cyo_base() {
  return {
      "YK,1,27,4,4567890,テスト薬局,201906,00,",  // 1
      record_line("RE", 42,
                  {{2, "1"}, {3, "4112"}, {4, "201905"}, {5, "髙橋　翔太"}, {6, "1"}, {7, "19890107"},
                   {36, "R-1"}, {42, "ﾀｶﾊｼｼｮｳﾀ"}}),  // 2
      "HO,01130012,１２３４５６７,８９,1,264,,,,,,,,",  // 3
      "SN,1,01,,,,00,,",                                // 4
      "SH,01,1,,,15,,,,",                               // 5
      record_line("CZ", 71,
                  {{2, "1"}, {3, "20190507"}, {4, "20190507"}, {5, "1"}, {6, "14"}, {7, "1"}, {8, "1"},
                   {9, "01"}, {10, "190000110"}, {11, "24"}, {14, "210"}}),  // 6
      "IY,1,620000001,3,,,,,,",                                              // 7
      "IY,1,620000002,1,,,,,,",                                              // 8
      "CO,810000001,コメント",                                               // 9
      record_line("RE", 42,
                  {{2, "2"}, {3, "4112"}, {4, "201905"}, {5, "吉田　花子"}, {6, "2"}, {7, "19700101"},
                   {36, "R-2"}, {42, "ヨシダハナコ"}}),  // 10
      "HO,39131008,,87654321,1,30,,,,,,,,",             // 11
      "SH,01,1,,,10,,,,",                               // 12
      record_line("CZ", 71, {{2, "1"}, {3, "20190520"}, {4, "20190520"}, {5, "1"}, {6, "3"}, {14, "30"}}),  // 13
      "IY,1,620000001,3,,,,,,",                                                                            // 14
      "GO,2,294,99",                                                                                       // 15
  };
}

TEST(ClaimsParser, TheHandWrittenBaseFilesParse) {
  const std::string uke = encode_file(uke_base());
  const ParsedFile u = parse_uke(uke);
  ASSERT_FALSE(u.problem);
  EXPECT_TRUE(u.quarantined.empty());
  ASSERT_EQ(u.records.size(), 2U);
  EXPECT_EQ(u.records[0].position, 2U);
  EXPECT_EQ(u.records[1].position, 8U);
  EXPECT_EQ(u.records[1].identity.symbol, "１２");
  ASSERT_EQ(u.records[1].events.size(), 3U);
  EXPECT_EQ(u.records[1].events[1].date, "20240503");
  EXPECT_EQ(u.records[1].events[1].extra, "21");
  EXPECT_EQ(u.records[1].events[2].date, "20240503");  // TO: day fields start at 18

  const std::string cyo = encode_file(cyo_base());
  const ParsedFile c = parse_cyo(cyo);
  ASSERT_FALSE(c.problem);
  EXPECT_TRUE(c.quarantined.empty());
  ASSERT_EQ(c.records.size(), 2U);
  EXPECT_EQ(c.records[1].position, 10U);
  EXPECT_EQ(c.records[1].identity.kanji_name, "吉田　花子");
  ASSERT_EQ(c.records[1].events.size(), 1U);  // a CZ without 調製料 gives no event
  EXPECT_EQ(c.records[1].events[0].count, 3);
}

TEST(ClaimsParser, OmittedTrailingFieldsAreAccepted) {
  auto lines = uke_base();
  lines[1] = "RE,1,1112,202405,試験　花子,2,19650412";  // through 生年月日
  lines[2] = "HO,01130012,１２３４５６７,８９,2,150";
  lines[3] = "SN,1,01";
  lines[4] = "SY,0000999,20240502,1";
  lines[5] = "SI,12,1,112007410,,75,2,,,,,,,1";  // 回数 on day 1 (field 14)
  lines[6] = "CO,,1,810000001";
  lines[0] = "IR,1,13,1,1234567,,テスト内科医院,202406,00";
  const ParsedFile parsed = parse_uke(encode_file(lines));
  ASSERT_FALSE(parsed.problem);
  EXPECT_TRUE(parsed.quarantined.empty()) << parsed.quarantined.front().message;
  ASSERT_EQ(parsed.records.size(), 2U);
  const ParsedRecord& r = parsed.records[0];
  EXPECT_EQ(r.identity.kana_name, "");
  EXPECT_EQ(r.identity.patient_id, "");
  EXPECT_EQ(r.identity.branch, "");
  ASSERT_EQ(r.events.size(), 3U);
  EXPECT_EQ(r.events[1].date, "20240501");
  EXPECT_EQ(r.events[1].points, 75);

  auto cyo = cyo_base();
  cyo[1] = "RE,1,4112,201905,髙橋　翔太,1,19890107";
  cyo[4] = "SH,01,1";
  cyo[5] = "CZ,1,20190507,20190507,1,14";
  cyo[6] = "IY,1,620000001,3";
  cyo[8] = "CO,810000001";
  const ParsedFile c = parse_cyo(encode_file(cyo));
  EXPECT_TRUE(c.quarantined.empty()) << c.quarantined.front().message;
  EXPECT_EQ(c.records.size(), 2U);
}

TEST(ClaimsParser, KanaInTheNameFieldGoesToTheKanaName) {
  for (const char* kana : {"ｼｹﾝ ﾊﾅｺ", "シケン　ハナコ", "しけん　はなこ", "ヤマダー", "ｼｹﾝﾊﾅｺｰ"}) {
    const std::string name = kana;
    auto lines = uke_base();
    lines[1] = record_line("RE", 38, {{2, "1"}, {3, "1112"}, {4, "202405"}, {5, name}, {6, "2"}, {7, "19650412"}});
    const ParsedFile parsed = parse_uke(encode_file(lines));
    ASSERT_EQ(parsed.records.size(), 2U) << name;
    EXPECT_EQ(parsed.records[0].identity.kanji_name, "") << name;
    EXPECT_EQ(parsed.records[0].identity.kana_name, name);
  }
  for (const char* kanji : {"試験　花子", "山田　さくら", "ABC", "　", "■田"}) {
    const std::string name = kanji;
    auto lines = uke_base();
    lines[1] = record_line("RE", 38, {{2, "1"}, {3, "1112"}, {4, "202405"}, {5, name}, {6, "2"}, {7, "19650412"}});
    const ParsedFile parsed = parse_uke(encode_file(lines));
    ASSERT_EQ(parsed.records.size(), 2U) << name;
    EXPECT_EQ(parsed.records[0].identity.kanji_name, name);
    EXPECT_EQ(parsed.records[0].identity.kana_name, "");
  }
}

TEST(ClaimsParser, SpecRecordsWeDoNotUseAreAcceptedAndIgnored) {
  auto lines = uke_base();
  lines.insert(lines.begin() + 4, "JD,1,,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  lines.insert(lines.begin() + 4, "KO,12136014,1234566,,1,150,,,,,,");
  lines.insert(lines.begin() + 8, "SJ,01,症状詳記の本文");  // after SY, before SI
  const ParsedFile parsed = parse_uke(encode_file(lines));
  EXPECT_TRUE(parsed.quarantined.empty()) << parsed.quarantined.front().message;
  ASSERT_EQ(parsed.records.size(), 2U);
  EXPECT_EQ(parsed.records[0].events.size(), 3U);

  // A 公費-only claim (KO without HO) is complete.
  lines = uke_base();
  lines[8] = "KO,12136014,1234566,,1,87,,,,,,";
  const ParsedFile kohi = parse_uke(encode_file(lines));
  EXPECT_TRUE(kohi.quarantined.empty()) << kohi.quarantined.front().message;
  ASSERT_EQ(kohi.records.size(), 2U);
  EXPECT_EQ(kohi.records[1].identity.insurer, "");

  auto cyo = cyo_base();
  cyo.insert(cyo.begin() + 8, "KI,20190507,1,1,100000000,42");
  cyo.insert(cyo.begin() + 4, "MF,01");
  const ParsedFile c = parse_cyo(encode_file(cyo));
  EXPECT_TRUE(c.quarantined.empty()) << c.quarantined.front().message;
  EXPECT_EQ(c.records.size(), 2U);
}

TEST(ClaimsParser, SnOfTheMedicalInsuranceGivesTheBranch) {
  auto lines = uke_base();
  lines[3] = "SN,2,01,,,,07,,";
  lines.insert(lines.begin() + 4, "SN,1,01,,,,03,,");
  const ParsedFile parsed = parse_uke(encode_file(lines));
  ASSERT_EQ(parsed.records.size(), 2U);
  EXPECT_EQ(parsed.records[0].identity.branch, "03");
}

TEST(ClaimsParser, LoneLineFeedsAndCarriedIdentificationAcrossLines) {
  std::string bytes = encode_file(uke_base());
  std::string lf;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    lf.push_back(bytes[i]);
  }
  const ParsedFile parsed = parse_uke(lf);
  EXPECT_TRUE(parsed.quarantined.empty());
  ASSERT_EQ(parsed.records.size(), 2U);
  check_invariants(parsed, lf);
  EXPECT_EQ(parsed.records[1].events[1].extra, "21");
}

// ---------------------------------------------------------------------------------------------
// (2) Malformed files: each case asserts its reason code and position
// ---------------------------------------------------------------------------------------------

struct Case {
  std::string name;
  std::string bytes;
  Reason reason;
  std::uint64_t position;  // 0: a file-level problem
  std::size_t accepted;    // records expected besides the quarantined one(s)
};

std::string edited(std::vector<std::string> lines, const std::function<void(std::vector<std::string>&)>& edit,
                   bool eof = true) {
  edit(lines);
  return encode_file(lines, eof);
}

void run_cases(const std::vector<Case>& cases, ParsedFile (*parse)(std::string_view)) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const ParsedFile parsed = parse(c.bytes);
    check_invariants(parsed, c.bytes);
    if (c.position == 0) {
      ASSERT_TRUE(parsed.problem.has_value());
      EXPECT_EQ(parsed.problem->reason, c.reason) << parsed.problem->message;
      continue;
    }
    ASSERT_FALSE(parsed.problem.has_value()) << parsed.problem->message;
    const QuarantinedRecord* q = quarantined_at(parsed, c.position);
    ASSERT_NE(q, nullptr) << "nothing quarantined at " << c.position;
    EXPECT_EQ(q->reason, c.reason) << reason_name(q->reason) << ": " << q->message;
    EXPECT_EQ(parsed.records.size(), c.accepted);
    EXPECT_EQ(record_at(parsed, c.position), nullptr);
    // Messages never quote names (the bases' names and the chart numbers).
    for (const std::string_view secret : {"花子", "太郎", "翔太", "K000123", "R-1", "ﾔ"}) {
      EXPECT_EQ(q->message.find(secret), std::string::npos) << q->message;
    }
  }
}

std::string long_text(std::size_t bytes) {
  return std::string(bytes, 'A');
}

std::vector<Case> uke_cases() {
  const auto u = uke_base();
  std::vector<Case> cases = {
      // --- file level ---
      {"empty file", "", Reason::file_empty, 0, 0},
      {"only the EOF byte", "\x1A", Reason::file_not_format, 0, 0},
      {"only CRLF", "\r\n\x1A", Reason::file_not_format, 0, 0},
      {"no IR line", edited(u, [](auto& l) { l.erase(l.begin()); }), Reason::file_not_format, 0, 0},
      {"a CYO file", edited(cyo_base(), [](auto&) {}), Reason::file_not_format, 0, 0},
      {"IR not CP932", edited(u, [](auto& l) { set_field(l[0], 7, "テスト<BAD>医院"); }), Reason::file_not_format, 0, 0},
      {"UTF-8 BOM", "\xEF\xBB\xBF" + encode_file(u), Reason::file_not_format, 0, 0},
      {"binary", std::string("\x00\x01\x02\xFF\xFE", 5), Reason::file_not_format, 0, 0},
      // --- header ---
      {"IR 11 fields", edited(u, [](auto& l) { l[0] += ","; }), Reason::bad_header, 2, 0},
      {"IR 8 fields", edited(u, [](auto& l) { keep_fields(l[0], 8); }), Reason::bad_header, 8, 0},
      {"IR-5 letters", edited(u, [](auto& l) { set_field(l[0], 5, "12A4567"); }), Reason::bad_header, 2, 0},
      {"IR-5 empty", edited(u, [](auto& l) { set_field(l[0], 5, ""); }), Reason::bad_header, 8, 0},
      {"IR-2 letter", edited(u, [](auto& l) { set_field(l[0], 2, "X"); }), Reason::bad_header, 2, 0},
      {"IR too long", edited(u, [](auto& l) { set_field(l[0], 7, long_text(70000)); }), Reason::bad_header, 8, 0},
      // --- RE ---
      {"RE truncated (generator)", edited(u, [](auto& l) { l[7] = "RE,2,1116,202405,ﾔ"; }), Reason::truncated_record,
       8, 1},
      {"RE 6 fields", edited(u, [](auto& l) { keep_fields(l[1], 6); }), Reason::truncated_record, 2, 1},
      {"RE 39 fields", edited(u, [](auto& l) { l[7] += ","; }), Reason::wrong_field_count, 8, 1},
      {"RE bad bytes in 氏名", edited(u, [](auto& l) { set_field(l[1], 5, "試<BAD>験　花子"); }),
       Reason::bad_byte_sequence, 2, 1},
      {"RE-2 letters", edited(u, [](auto& l) { set_field(l[1], 2, "1a"); }), Reason::bad_field, 2, 1},
      {"RE-3 letters", edited(u, [](auto& l) { set_field(l[7], 3, "11x2"); }), Reason::bad_field, 8, 1},
      {"RE-6 sex letter", edited(u, [](auto& l) { set_field(l[1], 6, "F"); }), Reason::bad_field, 2, 1},
      // --- HO / SN / SY ---
      {"HO 16 fields", edited(u, [](auto& l) { l[2] += ","; }), Reason::wrong_field_count, 2, 1},
      {"HO 5 fields", edited(u, [](auto& l) { keep_fields(l[8], 5); }), Reason::truncated_record, 8, 1},
      {"HO-6 letters", edited(u, [](auto& l) { set_field(l[2], 6, "15O"); }), Reason::bad_field, 2, 1},
      {"HO bad bytes in 記号", edited(u, [](auto& l) { set_field(l[8], 3, "１<BAD>２"); }), Reason::bad_byte_sequence,
       8, 1},
      {"SN 10 fields", edited(u, [](auto& l) { l[3] += ","; }), Reason::wrong_field_count, 2, 1},
      {"SN 2 fields", edited(u, [](auto& l) { l[3] = "SN,1"; }), Reason::truncated_record, 2, 1},
      {"SY 9 fields", edited(u, [](auto& l) { l[4] += ","; }), Reason::wrong_field_count, 2, 1},
      {"SY 3 fields", edited(u, [](auto& l) { keep_fields(l[4], 3); }), Reason::truncated_record, 2, 1},
      {"SY bad bytes at the end of 傷病名称", edited(u, [](auto& l) { set_field(l[4], 6, "テスト<BAD>"); }),
       Reason::bad_byte_sequence, 2, 1},
      // --- SI / IY / TO / CO ---
      {"SI 45 fields", edited(u, [](auto& l) { l[5] += ","; }), Reason::wrong_field_count, 2, 1},
      {"SI 3 fields", edited(u, [](auto& l) { keep_fields(l[5], 3); }), Reason::truncated_record, 2, 1},
      {"SI 点数 letters", edited(u, [](auto& l) { set_field(l[5], 6, "7S"); }), Reason::bad_field, 2, 1},
      {"SI 回数 letters", edited(u, [](auto& l) { set_field(l[5], 7, "x"); }), Reason::bad_field, 2, 1},
      {"SI 点数 negative", edited(u, [](auto& l) { set_field(l[5], 6, "-75"); }), Reason::bad_field, 2, 1},
      {"SI day letters", edited(u, [](auto& l) { set_field(l[5], 20, "1x"); }), Reason::bad_field, 2, 1},
      {"SI 点数 overflow", edited(u, [](auto& l) { set_field(l[5], 6, "9999999999"); }), Reason::bad_field, 2, 1},
      {"IY 45 fields", edited(u, [](auto& l) { l[9] += ","; }), Reason::wrong_field_count, 8, 1},
      {"IY full-width 回数", edited(u, [](auto& l) { set_field(l[10], 7, "１４"); }), Reason::bad_field, 8, 1},
      {"TO 49 fields", edited(u, [](auto& l) { l[11] += ","; }), Reason::wrong_field_count, 8, 1},
      {"TO day letters", edited(u, [](auto& l) { set_field(l[11], 48, "z"); }), Reason::bad_field, 8, 1},
      {"CO 6 fields", edited(u, [](auto& l) { l[6] += ","; }), Reason::wrong_field_count, 2, 1},
      {"CO 3 fields", edited(u, [](auto& l) { l[6] = "CO,,1"; }), Reason::truncated_record, 2, 1},
      {"CO bad bytes", edited(u, [](auto& l) { set_field(l[6], 5, "テスト<BAD>コメント"); }), Reason::bad_byte_sequence,
       2, 1},
      {"CO too long", edited(u, [](auto& l) { set_field(l[6], 5, long_text(kMaxLineBytes)); }),
       Reason::record_too_long, 2, 1},
      // --- record ids and order ---
      {"unknown record", edited(u, [](auto& l) { l.insert(l.begin() + 9, "ZZ,1,2"); }), Reason::unknown_record, 8, 1},
      {"empty line in a claim", edited(u, [](auto& l) { l.insert(l.begin() + 5, ""); }), Reason::unknown_record, 2,
       1},
      {"dental HS record", edited(u, [](auto& l) { l.insert(l.begin() + 6, "HS,1"); }), Reason::unknown_record, 2, 1},
      {"lowercase id", edited(u, [](auto& l) { l[9][0] = 'i'; }), Reason::unknown_record, 8, 1},
      {"no HO or KO", edited(u, [](auto& l) { l.erase(l.begin() + 8); }), Reason::missing_element, 8, 1},
      {"HO after SY", edited(u, [](auto& l) { std::swap(l[2], l[4]); }), Reason::out_of_order, 2, 1},
      {"SY after SI", edited(u, [](auto& l) { std::swap(l[4], l[5]); }), Reason::out_of_order, 2, 1},
      {"SN after CO", edited(u, [](auto& l) { l.insert(l.begin() + 7, "SN,1,01,,,,00,,"); }), Reason::out_of_order, 2,
       1},
      {"second HO", edited(u, [](auto& l) { l.insert(l.begin() + 9, l[8]); }), Reason::out_of_order, 8, 1},
      {"IR inside a claim", edited(u, [](auto& l) { l.insert(l.begin() + 3, l[0]); }), Reason::out_of_order, 2, 1},
      {"HO before the first RE", edited(u, [](auto& l) { l.insert(l.begin() + 1, l[2]); }), Reason::out_of_order, 2,
       2},
      {"garbage before the first RE", edited(u, [](auto& l) { l.insert(l.begin() + 1, "?????"); }),
       Reason::unknown_record, 2, 2},
      {"SY after GO", edited(u, [](auto& l) { l.push_back(l[4]); }), Reason::out_of_order, 14, 2},
      {"garbage after GO", edited(u, [](auto& l) { l.push_back("xyz"); }), Reason::unknown_record, 14, 2},
      {"RE after GO", edited(u, [](auto& l) { l.push_back(l[7]); l.push_back(l[8]); }), Reason::out_of_order, 14, 2},
      {"second GO", edited(u, [](auto& l) { l.push_back(l[12]); }), Reason::out_of_order, 14, 2},
      {"too long line after GO", edited(u, [](auto& l) { l.push_back("CO," + long_text(kMaxLineBytes)); }),
       Reason::record_too_long, 14, 2},
      // --- trailer ---
      {"no GO", edited(u, [](auto& l) { l.pop_back(); }), Reason::truncated_file, 8, 1},
      {"no EOF byte", edited(u, [](auto&) {}, false), Reason::truncated_file, 8, 1},
      {"no GO, no EOF byte", edited(u, [](auto& l) { l.pop_back(); }, false), Reason::truncated_file, 8, 1},
      {"cut inside a line", encode_file(u).substr(0, encode_file(u).find("TO,") + 10), Reason::truncated_file, 8, 1},
      {"only the IR line", encode_file({u[0]}, false), Reason::truncated_file, 1, 0},
      {"GO letters", edited(u, [](auto& l) { l[12] = "GO,2,abc,99"; }), Reason::bad_field, 13, 2},
      {"GO 2 fields", edited(u, [](auto& l) { l[12] = "GO,2"; }), Reason::truncated_record, 13, 2},
      {"GO 5 fields", edited(u, [](auto& l) { l[12] += ",1"; }), Reason::wrong_field_count, 13, 2},
  };
  // A CP932 lead byte at the very end of 氏名 (before the comma) is invalid.
  {
    std::string bytes = encode_file(u);
    const std::string name = formats::encode_cp932("山田　太郎");
    bytes.replace(bytes.find(name), name.size(), name + "\x82");
    cases.push_back({"RE lead byte before a comma", bytes, Reason::bad_byte_sequence, 8, 1});
  }
  return cases;
}

TEST(ClaimsParser, MalformedUkeFiles) {
  const std::vector<Case> cases = uke_cases();
  EXPECT_GE(cases.size(), 30U);
  run_cases(cases, &parse_uke);
}

std::vector<Case> cyo_cases() {
  const auto c = cyo_base();
  return {
      // --- file level ---
      {"empty file", "", Reason::file_empty, 0, 0},
      {"only the EOF byte", "\x1A", Reason::file_not_format, 0, 0},
      {"no YK line", edited(c, [](auto& l) { l.erase(l.begin()); }), Reason::file_not_format, 0, 0},
      {"a UKE file", edited(uke_base(), [](auto&) {}), Reason::file_not_format, 0, 0},
      {"YK not CP932", edited(c, [](auto& l) { set_field(l[0], 6, "テスト<BAD>"); }), Reason::file_not_format, 0, 0},
      {"UTF-8 BOM", "\xEF\xBB\xBF" + encode_file(c), Reason::file_not_format, 0, 0},
      {"YK with a space", " " + encode_file(c), Reason::file_not_format, 0, 0},
      // --- header ---
      {"YK 10 fields", edited(c, [](auto& l) { l[0] += ","; }), Reason::bad_header, 2, 0},
      {"YK 7 fields", edited(c, [](auto& l) { keep_fields(l[0], 7); }), Reason::bad_header, 10, 0},
      {"YK-5 letters", edited(c, [](auto& l) { set_field(l[0], 5, "45678X0"); }), Reason::bad_header, 2, 0},
      {"YK-5 empty", edited(c, [](auto& l) { set_field(l[0], 5, ""); }), Reason::bad_header, 10, 0},
      {"YK-8 letters", edited(c, [](auto& l) { set_field(l[0], 8, "0A"); }), Reason::bad_header, 2, 0},
      // --- RE ---
      {"RE truncated (generator)", edited(c, [](auto& l) { l[9] = "RE,2,4116,201905,ﾔ"; }), Reason::truncated_record,
       10, 1},
      {"RE 43 fields", edited(c, [](auto& l) { l[1] += ","; }), Reason::wrong_field_count, 2, 1},
      {"RE bad bytes", edited(c, [](auto& l) { set_field(l[9], 5, "吉<BAD>田　花子"); }), Reason::bad_byte_sequence,
       10, 1},
      {"RE bad bytes in カタカナ氏名", edited(c, [](auto& l) { set_field(l[1], 42, "ﾀｶﾊｼ<BAD>"); }),
       Reason::bad_byte_sequence, 2, 1},
      {"RE-6 letters", edited(c, [](auto& l) { set_field(l[1], 6, "M"); }), Reason::bad_field, 2, 1},
      {"RE 6 fields", edited(c, [](auto& l) { keep_fields(l[9], 6); }), Reason::truncated_record, 10, 1},
      // --- HO / SN ---
      {"HO 15 fields", edited(c, [](auto& l) { l[2] += ","; }), Reason::wrong_field_count, 2, 1},
      {"HO 5 fields", edited(c, [](auto& l) { keep_fields(l[10], 5); }), Reason::truncated_record, 10, 1},
      {"HO-5 letters", edited(c, [](auto& l) { set_field(l[2], 5, "one"); }), Reason::bad_field, 2, 1},
      {"SN 10 fields", edited(c, [](auto& l) { l[3] += ","; }), Reason::wrong_field_count, 2, 1},
      {"SN-2 letters", edited(c, [](auto& l) { set_field(l[3], 2, "A"); }), Reason::bad_field, 2, 1},
      // --- SH / CZ / IY / CO ---
      {"SH 11 fields", edited(c, [](auto& l) { l[4] += ","; }), Reason::wrong_field_count, 2, 1},
      {"SH 2 fields", edited(c, [](auto& l) { l[11] = "SH,01"; }), Reason::truncated_record, 10, 1},
      {"SH-6 letters", edited(c, [](auto& l) { set_field(l[4], 6, "1S"); }), Reason::bad_field, 2, 1},
      {"CZ 72 fields", edited(c, [](auto& l) { l[5] += ","; }), Reason::wrong_field_count, 2, 1},
      {"CZ 5 fields", edited(c, [](auto& l) { keep_fields(l[12], 5); }), Reason::truncated_record, 10, 1},
      {"CZ-6 letters", edited(c, [](auto& l) { set_field(l[5], 6, "14d"); }), Reason::bad_field, 2, 1},
      {"CZ-11 letters", edited(c, [](auto& l) { set_field(l[5], 11, "2 4"); }), Reason::bad_field, 2, 1},
      {"CZ-6 overflow", edited(c, [](auto& l) { set_field(l[12], 6, "99999999999"); }), Reason::bad_field, 10, 1},
      {"IY 11 fields", edited(c, [](auto& l) { l[6] += ","; }), Reason::wrong_field_count, 2, 1},
      {"IY 3 fields", edited(c, [](auto& l) { l[13] = "IY,1,620000001"; }), Reason::truncated_record, 10, 1},
      {"IY bad bytes", edited(c, [](auto& l) { set_field(l[7], 4, "１<BAD>"); }), Reason::bad_byte_sequence, 2, 1},
      {"CO 4 fields", edited(c, [](auto& l) { l[8] += ","; }), Reason::wrong_field_count, 2, 1},
      {"CO 1 field", edited(c, [](auto& l) { l[8] = "CO"; }), Reason::truncated_record, 2, 1},
      {"CO bad bytes", edited(c, [](auto& l) { set_field(l[8], 3, "コメ<BAD>ント"); }), Reason::bad_byte_sequence, 2, 1},
      {"CZ too long", edited(c, [](auto& l) { set_field(l[12], 71, long_text(kMaxLineBytes)); }),
       Reason::record_too_long, 10, 1},
      // --- record ids and order ---
      {"unknown record", edited(c, [](auto& l) { l.insert(l.begin() + 11, "QQ,1"); }), Reason::unknown_record, 10, 1},
      {"UKE SI line in a CYO claim", edited(c, [](auto& l) { l.insert(l.begin() + 8, uke_base()[5]); }),
       Reason::unknown_record, 2, 1},
      {"empty line in a claim", edited(c, [](auto& l) { l.insert(l.begin() + 6, ""); }), Reason::unknown_record, 2, 1},
      {"no HO or KO", edited(c, [](auto& l) { l.erase(l.begin() + 10); }), Reason::missing_element, 10, 1},
      {"IY before CZ", edited(c, [](auto& l) { std::swap(l[12], l[13]); }), Reason::out_of_order, 10, 1},
      {"CZ without SH", edited(c, [](auto& l) { l.erase(l.begin() + 11); }), Reason::out_of_order, 10, 1},
      {"IY after a new SH without CZ", edited(c, [](auto& l) { l.insert(l.begin() + 7, "SH,02,1,,,5,,,,"); }),
       Reason::out_of_order, 2, 1},
      {"HO after SH", edited(c, [](auto& l) { std::swap(l[10], l[11]); }), Reason::out_of_order, 10, 1},
      {"second HO", edited(c, [](auto& l) { l.insert(l.begin() + 3, l[2]); }), Reason::out_of_order, 2, 1},
      {"YK inside a claim", edited(c, [](auto& l) { l.insert(l.begin() + 12, l[0]); }), Reason::out_of_order, 10, 1},
      {"SH before the first RE", edited(c, [](auto& l) { l.insert(l.begin() + 1, l[4]); }), Reason::out_of_order, 2,
       2},
      {"garbage after GO", edited(c, [](auto& l) { l.push_back("\x7F\x7F"); }), Reason::unknown_record, 16, 2},
      {"CO after GO", edited(c, [](auto& l) { l.push_back(l[8]); }), Reason::out_of_order, 16, 2},
      {"RE after GO", edited(c, [](auto& l) { l.push_back(l[9]); }), Reason::out_of_order, 16, 2},
      // --- trailer ---
      {"no GO", edited(c, [](auto& l) { l.pop_back(); }), Reason::truncated_file, 10, 1},
      {"no EOF byte", edited(c, [](auto&) {}, false), Reason::truncated_file, 10, 1},
      {"cut inside a line", encode_file(c).substr(0, encode_file(c).rfind("CZ,") + 20), Reason::truncated_file, 10,
       1},
      {"GO letters", edited(c, [](auto& l) { l[14] = "GO,two,294,99"; }), Reason::bad_field, 15, 2},
      {"second GO", edited(c, [](auto& l) { l.push_back(l[14]); }), Reason::out_of_order, 16, 2},
  };
}

TEST(ClaimsParser, MalformedCyoFiles) {
  const std::vector<Case> cases = cyo_cases();
  EXPECT_GE(cases.size(), 30U);
  run_cases(cases, &parse_cyo);
}

TEST(ClaimsParser, BadHeaderQuarantinesEveryClaim) {
  auto lines = uke_base();
  set_field(lines[0], 5, "12345x7");
  const ParsedFile parsed = parse_uke(encode_file(lines));
  ASSERT_FALSE(parsed.problem);
  EXPECT_TRUE(parsed.records.empty());
  ASSERT_EQ(parsed.quarantined.size(), 2U);
  for (const QuarantinedRecord& q : parsed.quarantined) EXPECT_EQ(q.reason, Reason::bad_header);
}

TEST(ClaimsParser, MessagesNameLineRecordAndFieldButNoValue) {
  auto lines = uke_base();
  set_field(lines[1], 6, "女");
  ParsedFile parsed = parse_uke(encode_file(lines));
  ASSERT_EQ(parsed.quarantined.size(), 1U);
  EXPECT_EQ(parsed.quarantined[0].message, "RE line 2: field 6 (男女区分) is not a number");

  lines = uke_base();
  lines[7] = "RE,2,1116,202405,ﾔ";
  parsed = parse_uke(encode_file(lines));
  ASSERT_EQ(parsed.quarantined.size(), 1U);
  EXPECT_EQ(parsed.quarantined[0].message, "RE line 8: 5 fields, at least 7 required (through field 7 生年月日)");

  lines = uke_base();
  set_field(lines[1], 5, "試験<BAD>花子");
  parsed = parse_uke(encode_file(lines));
  ASSERT_EQ(parsed.quarantined.size(), 1U);
  EXPECT_EQ(parsed.quarantined[0].message, "RE line 2: field 5 is not CP932");
}

// ---------------------------------------------------------------------------------------------
// (4) Property: random facility-months (with corruptions) — every claim exactly once
// ---------------------------------------------------------------------------------------------

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

synth::FacilityMonth random_month(std::uint64_t seed, std::size_t claims, bool wareki, bool pharmacy_file,
                                  bool corrupt) {
  std::mt19937_64 rng(seed);
  const auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  synth::FacilityMonth fm;
  fm.facility = pharmacy_file ? pharmacy(wareki) : clinic(wareki);
  fm.year = 2024;
  fm.month = between(1, 12);
  const int days_in_month = fm.month == 2 ? 29 : (fm.month == 4 || fm.month == 6 || fm.month == 9 || fm.month == 11) ? 30 : 31;
  const std::vector<std::string> surnames = {"佐藤", "鈴木", "高橋", "髙橋", "田中", "渡辺", "山﨑", "𠮷田", "伊藤", ""};
  const std::vector<std::string> given = {"翔太", "花子", "さくら", "一郎", "美咲", "德"};
  const std::vector<std::string> kana = {"サトウ　ハナコ", "ｽｽﾞｷ ｲﾁﾛｳ", "たなか　さくら", "ワタナベミサキ", "ヤマザキ　ショウタ",
                                         ""};
  const std::vector<std::string> insurers = {"01130012", "138016", "39131008", "1130012", "06139998", "１３８０１６"};
  const std::vector<std::string> symbols = {"１２３", "45", "", "記号Ａ"};
  const std::vector<std::string> identifications = {"11", "12", "13", "21", "22", "23", "40", "60", ""};
  const std::vector<Corruption> corruptions = {Corruption::truncated_line, Corruption::wrong_field_count,
                                               Corruption::bad_byte_sequence, Corruption::impossible_date};
  for (std::size_t i = 0; i < claims; ++i) {
    synth::SourceRecord r;
    r.person_id = i + 1;
    synth::RecordedIdentity& id = r.identity;
    const std::string& surname = pick(rng, surnames);
    id.kanji_name = surname.empty() ? std::string() : surname + "　" + pick(rng, given);
    id.kana_name = pick(rng, kana);
    if (id.kanji_name.empty() && id.kana_name.empty()) id.kana_name = "ｱ";
    id.sex = chance(0.5) ? Sex::female : Sex::male;
    id.birth = date(between(1930, 2023), between(1, 12), between(1, 28));
    id.birth_missing = chance(0.03);
    id.insurer_number = pick(rng, insurers);
    id.symbol = pick(rng, symbols);
    id.number = std::to_string(between(1, 99999999));
    id.branch = chance(0.3) ? std::string() : chance(0.5) ? "00" : "0" + std::to_string(between(1, 9));
    id.chart_number = "C" + std::to_string(between(0, 9999999));
    if (corrupt && chance(0.1)) id.corruption = pick(rng, corruptions);
    r.inpatient = chance(0.05);
    const auto day = [&] { return date(fm.year, fm.month, between(1, days_in_month)); };
    r.service_date = day();
    for (int k = between(0, 3); k > 0; --k) {
      r.items.push_back(item(ItemKind::diagnosis, chance(0.2) ? "0000999" : std::to_string(between(1000000, 9999999)),
                             "病名", day(), 0, chance(0.2) ? "8002" : "", ""));
      r.items.back().main = chance(0.3);
    }
    for (int k = between(0, 10); k > 0; --k) {
      const int what = between(0, 9);
      const ItemKind kind = what < 3 ? ItemKind::procedure : what < 8 ? ItemKind::drug : what < 9 ? ItemKind::material : ItemKind::comment;
      synth::ClinicalItem it = item(kind, std::to_string(between(100000000, 999999999)), "名称", day(),
                                    chance(0.6) ? between(1, 2000) : 0,
                                    kind == ItemKind::comment ? "コメント" : chance(0.5) ? std::to_string(between(1, 30)) : "",
                                    pick(rng, identifications));
      it.count = between(1, 30);
      r.items.push_back(it);
    }
    fm.records.push_back(std::move(r));
  }
  return fm;
}

void check_every_claim_once(const synth::WrittenFile& file, const ParsedFile& parsed, bool strict_identity,
                            const synth::FacilityMonth& fm) {
  ASSERT_FALSE(parsed.problem) << parsed.problem->message;
  check_invariants(parsed, file.bytes);
  ASSERT_EQ(parsed.records_read(), file.records.size());
  std::size_t r = 0;
  std::size_t q = 0;
  for (std::size_t i = 0; i < file.records.size(); ++i) {
    const synth::RecordTruth& truth = file.records[i];
    const bool accepted = r < parsed.records.size() && parsed.records[r].position == truth.position;
    const bool quarantined = q < parsed.quarantined.size() && parsed.quarantined[q].position == truth.position;
    ASSERT_NE(accepted, quarantined) << "claim at line " << truth.position;
    switch (truth.corruption) {
      case Corruption::truncated_line:
        ASSERT_TRUE(quarantined);
        EXPECT_EQ(parsed.quarantined[q].reason, Reason::truncated_record);
        break;
      case Corruption::wrong_field_count:
        ASSERT_TRUE(quarantined);
        EXPECT_EQ(parsed.quarantined[q].reason, Reason::wrong_field_count);
        break;
      case Corruption::bad_byte_sequence:
        ASSERT_TRUE(quarantined);
        EXPECT_EQ(parsed.quarantined[q].reason, Reason::bad_byte_sequence);
        break;
      default:
        ASSERT_TRUE(accepted) << parsed.quarantined[q].message;
        if (strict_identity) {
          const synth::RecordedIdentity& id = fm.records[i].identity;
          const RawIdentity& got = parsed.records[r].identity;
          EXPECT_EQ(got.sex, id.sex == Sex::female ? "2" : "1");
          EXPECT_EQ(got.insurer, id.insurer_number);
          EXPECT_EQ(got.symbol, id.symbol);
          EXPECT_EQ(got.number, id.number);
          EXPECT_EQ(got.branch, id.branch);
          EXPECT_EQ(got.patient_id, id.chart_number);
          if (id.birth_missing) {
            EXPECT_EQ(got.birth, "");
          }
          std::size_t diagnoses = 0;
          std::size_t parsed_diagnoses = 0;
          for (const auto& it : fm.records[i].items) diagnoses += it.kind == ItemKind::diagnosis ? 1 : 0;
          for (const auto& e : parsed.records[r].events) parsed_diagnoses += e.kind == EventKind::diagnosis ? 1 : 0;
          if (file.kind == synth::SourceKind::uke) {
            EXPECT_EQ(parsed_diagnoses, diagnoses);
          }
        }
    }
    (accepted ? r : q) += 1;
  }
  EXPECT_EQ(r, parsed.records.size());
  EXPECT_EQ(q, parsed.quarantined.size());
}

TEST(ClaimsParser, EveryGeneratedClaimAppearsExactlyOnce) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const bool wareki = seed % 3 == 0;
    const synth::FacilityMonth uke_fm = random_month(seed, 60, wareki, false, true);
    const synth::WrittenFile uke = formats::write_uke(uke_fm);
    check_every_claim_once(uke, parse_uke(uke.bytes), true, uke_fm);
    const synth::FacilityMonth cyo_fm = random_month(seed + 1000, 60, wareki, true, true);
    const synth::WrittenFile cyo = formats::write_cyo(cyo_fm);
    check_every_claim_once(cyo, parse_cyo(cyo.bytes), true, cyo_fm);
  }
}

// Random damage (byte flips, cuts, inserted separators and line ends) never crashes or throws and
// keeps the structural invariants; the coverage of the original claims is then not defined.
TEST(ClaimsParser, RandomDamageKeepsTheInvariants) {
  const std::string uke = formats::write_uke(random_month(77, 8, false, false, false)).bytes;
  const std::string cyo = formats::write_cyo(random_month(78, 8, true, true, false)).bytes;
  std::mt19937_64 rng(5);
  const std::string inserts[] = {",", "\r\n", "\n", "\x81", "\x1A", "RE,", "GO,1,1,99\r\n", "\xFF", "SI,", "CZ,1"};
  for (int round = 0; round < 3000; ++round) {
    const bool is_uke = round % 2 == 0;
    std::string bytes = is_uke ? uke : cyo;
    for (int k = std::uniform_int_distribution<int>(1, 4)(rng); k > 0; --k) {
      if (bytes.empty()) break;
      const std::size_t at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng);
      switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0: bytes[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)); break;
        case 1: bytes.resize(at); break;
        case 2: bytes.insert(at, inserts[std::uniform_int_distribution<std::size_t>(0, 9)(rng)]); break;
        default: bytes.erase(at, std::uniform_int_distribution<std::size_t>(1, 40)(rng)); break;
      }
    }
    const ParsedFile parsed = is_uke ? parse_uke(bytes) : parse_cyo(bytes);
    check_invariants(parsed, bytes);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "round " << round;
      return;
    }
  }
}

// Throughput on a generated file (printed, not asserted: the machine is shared).
TEST(ClaimsParser, UkeParseThroughput) {
  // One generated month's claims repeated to about 8 MiB between its IR and GO lines.
  const synth::WrittenFile file = formats::write_uke(random_month(99, 4000, false, false, false));
  const std::size_t body = file.bytes.find("\r\n") + 2;
  const std::size_t go = file.bytes.rfind("GO,");
  std::string bytes = file.bytes.substr(0, body);
  while (bytes.size() < (8U << 20)) bytes.append(file.bytes, body, go - body);
  bytes += "GO,1,1,99\r\n\x1A";
  ParsedFile parsed;
  double seconds = 1e9;
  for (int run = 0; run < 3; ++run) {  // the best of three
    const auto start = std::chrono::steady_clock::now();
    parsed = parse_uke(bytes);
    seconds = std::min(seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  EXPECT_FALSE(parsed.problem);
  EXPECT_GT(parsed.records.size(), 4000U);
  std::cout << "parse_uke: " << bytes.size() / (1 << 20) << " MiB, " << parsed.records_read() << " claims in "
            << seconds << " s = " << static_cast<double>(bytes.size()) / seconds / 1e6 << " MB/s\n";
}

}  // namespace
}  // namespace nayose::parse
