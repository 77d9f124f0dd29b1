#include "src/parse/csv_parsers.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "src/formats/care_csv_writer.hpp"
#include "src/formats/death_csv_writer.hpp"
#include "src/formats/encoding.hpp"
#include "tests/src/formats/fixtures.hpp"

// The 介護 and death CSV parsers: round trips through the src/formats writers (oracle), and a table
// of hand-written malformed files per layout, each asserting its reason code and position.
namespace nayose::parse {
namespace {

using synth::Corruption;
using synth::ItemKind;
using synth::Sex;
namespace fx = formats::testing;

// --- 介護 CSV round trip ------------------------------------------------------------------------------

struct ExpectedCare {
  Corruption corruption = Corruption::none;
  std::string insurer, care_number, kana_name, sex, birth, level_code, level_date;
};

Reason reason_for(Corruption corruption) {
  switch (corruption) {
    case Corruption::truncated_line: return Reason::truncated_record;
    case Corruption::wrong_field_count: return Reason::wrong_field_count;
    case Corruption::bad_byte_sequence: return Reason::bad_byte_sequence;
    default: return Reason::none;
  }
}

synth::FacilityMonth care_month(std::vector<ExpectedCare>& expected) {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::care_provider;
  fm.facility.code = "1370000001";
  fm.facility.prefecture_code = "13";
  fm.year = 2024;
  fm.month = 7;
  const auto add = [&](Corruption corruption, const std::string& kana, Sex sex, synth::Date birth, bool birth_missing,
                       const std::string& care_number, const std::string& municipality, bool has_level,
                       ExpectedCare e) {
    synth::SourceRecord r;
    r.person_id = 500 + fm.records.size();
    r.service_date = fx::date(2024, 7, 1);
    r.identity = fx::identity("佐藤", "花子", "サトウ", "ハナコ", sex, birth);
    r.identity.kana_name = kana;
    r.identity.birth_missing = birth_missing;
    r.identity.care_insured_number = care_number;
    r.identity.insurer_number = municipality;  // a care record's insurer is its 市町村's code
    r.identity.corruption = corruption;
    if (has_level) r.items = {fx::item(ItemKind::care_level, "21", "要介護1", fx::date(2023, 10, 1))};
    r.items.push_back(fx::item(ItemKind::diagnosis, "1234567", "not written", fx::date(2024, 7, 1)));
    fm.records.push_back(r);
    e.corruption = reason_for(corruption) == Reason::none ? Corruption::none : corruption;
    expected.push_back(e);
  };
  add(Corruption::none, "ﾀｶﾊｼ　ハナコ", Sex::female, fx::date(1940, 3, 3), false, "0000000000", "131016", true,
      {Corruption::none, "131016", "0000000000", "ﾀｶﾊｼ　ハナコ", "2", "19400303", "21", "20231001"});
  add(Corruption::truncated_line, "ヤマザキ　ハナコ", Sex::female, fx::date(1940, 3, 3), false, "0000000001", "131016",
      true, {});
  add(Corruption::wrong_field_count, "ヨシダ　ハナコ", Sex::female, fx::date(1940, 3, 3), false, "0000000002",
      "131016", true, {});
  add(Corruption::bad_byte_sequence, "トクナガ　ハナコ", Sex::female, fx::date(1940, 3, 3), false, "0000000003",
      "131016", true, {});
  add(Corruption::impossible_date, "サトウ　ハナコ", Sex::male, fx::date(1940, 2, 30), false, "0000000004", "131016",
      true, {Corruption::none, "131016", "0000000004", "サトウ　ハナコ", "1", "19400230", "21", "20231001"});
  // No birth, no care number, a lost leading zero, no care level, Microsoft's ～ mapping, 𠮷 → ■.
  add(Corruption::none, "ヨシダ～𠮷ハナコ", Sex::male, {}, true, "", "11002", false,
      {Corruption::none, "11002", "", "ヨシダ～■ハナコ", "1", "", "", ""});
  add(Corruption::truncated_line, "ア", Sex::male, fx::date(1950, 1, 1), false, "0000000006", "131016", true, {});
  add(Corruption::bad_check_digit, "イトウ　ジロウ", Sex::male, fx::date(1950, 1, 1), false, "0000000007", "131017",
      true, {Corruption::none, "131017", "0000000007", "イトウ　ジロウ", "1", "19500101", "21", "20231001"});
  return fm;
}

// The byte span of line `number` (1-based, CRLF included).
ByteSpan line_span(const std::string& bytes, std::uint64_t number) {
  std::size_t start = 0;
  for (std::uint64_t n = 1; n < number; ++n) start = bytes.find("\r\n", start) + 2;
  return {start, bytes.find("\r\n", start) + 2 - start};
}

TEST(CareCsvParser, RoundTripsEveryWrittenFieldAndQuarantinesExactlyTheCorruptedLines) {
  std::vector<ExpectedCare> expected;
  const synth::FacilityMonth fm = care_month(expected);
  const synth::WrittenFile file = formats::write_care_csv(fm);
  const ParsedFile parsed = parse_care_csv(file.bytes);
  EXPECT_EQ(parsed.kind, SourceKind::care);
  ASSERT_FALSE(parsed.problem.has_value()) << parsed.problem->message;
  ASSERT_EQ(parsed.records_read(), fm.records.size());
  std::size_t next_record = 0;
  std::size_t next_quarantined = 0;
  for (std::size_t i = 0; i < fm.records.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    const ExpectedCare& e = expected[i];
    const std::uint64_t position = file.records[i].position;
    const ByteSpan span = line_span(file.bytes, position);
    if (e.corruption != Corruption::none) {
      ASSERT_LT(next_quarantined, parsed.quarantined.size());
      const QuarantinedRecord& q = parsed.quarantined[next_quarantined++];
      EXPECT_EQ(q.position, position);
      EXPECT_EQ(q.bytes, span);
      EXPECT_EQ(q.reason, reason_for(e.corruption)) << q.message;
      EXPECT_EQ(q.message.find("ハナコ"), std::string::npos);
      continue;
    }
    ASSERT_LT(next_record, parsed.records.size());
    const ParsedRecord& r = parsed.records[next_record++];
    EXPECT_EQ(r.position, position);
    EXPECT_EQ(r.bytes, span);
    EXPECT_EQ(r.facility, "1370000001");
    EXPECT_EQ(r.service_month, "202407");
    EXPECT_EQ(r.service_date, "");
    const RawIdentity& id = r.identity;
    EXPECT_EQ(id.insurer, e.insurer);
    EXPECT_EQ(id.care_number, e.care_number);
    EXPECT_EQ(id.patient_id, e.care_number);
    EXPECT_EQ(id.kana_name, e.kana_name);
    EXPECT_EQ(id.sex, e.sex);
    EXPECT_EQ(id.birth, e.birth);
    EXPECT_EQ(id.kanji_name + id.kanji_surname + id.kanji_given + id.kana_surname + id.kana_given, "");
    EXPECT_EQ(id.symbol + id.number + id.branch + id.postal_code + id.address + id.municipality, "");
    if (e.level_code.empty()) {
      EXPECT_TRUE(r.events.empty());
      continue;
    }
    ASSERT_EQ(r.events.size(), 1U);
    const ParsedEvent& level = r.events[0];
    EXPECT_EQ(level.kind, EventKind::care_level);
    EXPECT_EQ(level.position, position);
    EXPECT_EQ(level.bytes, span);
    EXPECT_EQ(level.code, e.level_code);
    EXPECT_EQ(level.date, e.level_date);
    EXPECT_EQ(level.name + level.value + level.unit + level.extra, "");
  }
  EXPECT_EQ(next_record, parsed.records.size());
  EXPECT_EQ(next_quarantined, parsed.quarantined.size());
}

// --- 死亡 CSV round trip ------------------------------------------------------------------------------

struct ExpectedDeath {
  Corruption corruption = Corruption::none;
  std::string number, name, sex, birth, date, time, address, municipality, place;
  std::vector<std::string> causes;  // columns 10-14, empty = none
};

synth::FacilityMonth death_month(std::vector<ExpectedDeath>& expected) {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::death_registry;
  fm.facility.code = "D13";
  fm.facility.prefecture_code = "13";
  fm.year = 2024;
  fm.month = 8;
  const auto add = [&](Corruption corruption, const std::string& name, std::vector<synth::ClinicalItem> causes,
                       bool birth_missing, const std::string& municipality, ExpectedDeath e) {
    synth::SourceRecord r;
    r.person_id = 600 + fm.records.size();
    r.sequence = 9000 + fm.records.size();
    r.service_date = fx::date(2024, 8, 10 + static_cast<int>(fm.records.size()));
    r.identity = fx::identity("佐藤", "太郎", "", "", Sex::male, fx::date(1930, 12, 1));
    r.identity.kanji_name = name;
    r.identity.kana_name.clear();
    r.identity.birth_missing = birth_missing;
    r.identity.municipality_code = municipality;
    r.identity.corruption = corruption;
    r.items = std::move(causes);
    fm.records.push_back(r);
    e.corruption = reason_for(corruption) == Reason::none ? Corruption::none : corruption;
    expected.push_back(e);
  };
  const synth::Date day = fx::date(2024, 8, 10);
  const std::vector<synth::ClinicalItem> two = {
      fx::item(ItemKind::death_cause, "I219", "急性心筋梗塞", day, 0, "0530", "1"),
      fx::item(ItemKind::death_cause, "I10", "高血圧症", day)};
  const std::string address = "東京都千代田区千代田1丁目1番1号";
  add(Corruption::none, "𠮷田　太郎", two, false, "131016",
      {Corruption::none, "9000", "𠮷田　太郎", "1", "19301201", "20240810", "0530", address, "131016", "1",
       {"I219", "I10", "", "", ""}});
  add(Corruption::truncated_line, "髙橋　太郎", two, false, "131016", {});
  add(Corruption::wrong_field_count, "山﨑　太郎", two, false, "131016", {});
  add(Corruption::bad_byte_sequence, "德永　太郎", two, false, "131016", {});
  add(Corruption::bad_check_digit, "佐藤　太郎", two, false, "131017",
      {Corruption::none, "9004", "佐藤　太郎", "1", "19301201", "20240814", "0530", address, "131017", "1",
       {"I219", "I10", "", "", ""}});
  // Six causes (the sixth is not written), a time that is not HHMM, no birth.
  add(Corruption::none, "鈴木　一郎",
      {fx::item(ItemKind::death_cause, "J189", "肺炎", day, 0, "5:30", "6"),
       fx::item(ItemKind::death_cause, "J690", "誤嚥性肺炎", day), fx::item(ItemKind::death_cause, "C349", "肺癌", day),
       fx::item(ItemKind::death_cause, "I509", "心不全", day), fx::item(ItemKind::death_cause, "E14", "糖尿病", day),
       fx::item(ItemKind::death_cause, "N189", "慢性腎臓病", day)},
      true, "131016",
      {Corruption::none, "9005", "鈴木　一郎", "1", "", "20240815", "", address, "131016", "6",
       {"J189", "J690", "C349", "I509", "E14"}});
  // No cause at all: the death itself is still an event.
  add(Corruption::none, "高橋一郎", {}, false, "131016",
      {Corruption::none, "9006", "高橋一郎", "1", "19301201", "20240816", "", address, "131016", "", {"", "", "", "", ""}});
  add(Corruption::truncated_line, "髙", two, false, "131016", {});
  return fm;
}

TEST(DeathCsvParser, RoundTripsEveryWrittenFieldAndQuarantinesExactlyTheCorruptedLines) {
  std::vector<ExpectedDeath> expected;
  const synth::FacilityMonth fm = death_month(expected);
  const synth::WrittenFile file = formats::write_death_csv(fm);
  ASSERT_EQ(file.relative_path, "death/13/202408.csv");
  const ParsedFile parsed = parse_death_csv(file.relative_path, file.bytes);
  EXPECT_EQ(parsed.kind, SourceKind::death);
  ASSERT_FALSE(parsed.problem.has_value()) << parsed.problem->message;
  ASSERT_EQ(parsed.records_read(), fm.records.size());
  const char* const slots[] = {"I_ア", "I_イ", "I_ウ", "I_エ", "II"};
  std::size_t next_record = 0;
  std::size_t next_quarantined = 0;
  for (std::size_t i = 0; i < fm.records.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    const ExpectedDeath& e = expected[i];
    const std::uint64_t position = file.records[i].position;
    const ByteSpan span = line_span(file.bytes, position);
    if (e.corruption != Corruption::none) {
      ASSERT_LT(next_quarantined, parsed.quarantined.size());
      const QuarantinedRecord& q = parsed.quarantined[next_quarantined++];
      EXPECT_EQ(q.position, position);
      EXPECT_EQ(q.bytes, span);
      EXPECT_EQ(q.reason, reason_for(e.corruption)) << q.message;
      EXPECT_EQ(q.message.find("太郎"), std::string::npos);
      continue;
    }
    ASSERT_LT(next_record, parsed.records.size());
    const ParsedRecord& r = parsed.records[next_record++];
    EXPECT_EQ(r.position, position);
    EXPECT_EQ(r.bytes, span);
    EXPECT_EQ(r.facility, "13");
    EXPECT_EQ(r.service_month, "");
    EXPECT_EQ(r.service_date, e.date);
    const RawIdentity& id = r.identity;
    EXPECT_EQ(id.patient_id, e.number);
    EXPECT_EQ(id.kanji_name, e.name);
    EXPECT_EQ(id.sex, e.sex);
    EXPECT_EQ(id.birth, e.birth);
    EXPECT_EQ(id.address, e.address);
    EXPECT_EQ(id.municipality, e.municipality);
    EXPECT_EQ(id.kana_name + id.kanji_surname + id.kanji_given + id.kana_surname + id.kana_given, "");
    EXPECT_EQ(id.insurer + id.symbol + id.number + id.branch + id.postal_code + id.care_number, "");
    ASSERT_GE(r.events.size(), 1U);
    const ParsedEvent& death = r.events[0];
    EXPECT_EQ(death.kind, EventKind::death);
    EXPECT_EQ(death.position, position);
    EXPECT_EQ(death.bytes, span);
    EXPECT_EQ(death.date, e.date);
    EXPECT_EQ(death.value, e.time);
    EXPECT_EQ(death.extra, e.place);
    EXPECT_EQ(death.code + death.name + death.unit, "");
    std::size_t next_event = 1;
    for (std::size_t slot = 0; slot < 5; ++slot) {
      if (e.causes[slot].empty()) continue;
      ASSERT_LT(next_event, r.events.size());
      const ParsedEvent& cause = r.events[next_event++];
      EXPECT_EQ(cause.kind, EventKind::death_cause);
      EXPECT_EQ(cause.position, position);
      EXPECT_EQ(cause.bytes, span);
      EXPECT_EQ(cause.code, e.causes[slot]);
      EXPECT_EQ(cause.extra, slots[slot]);
      EXPECT_EQ(cause.date, e.date);
      EXPECT_EQ(cause.name + cause.value + cause.unit, "");
    }
    EXPECT_EQ(next_event, r.events.size());
  }
  EXPECT_EQ(next_record, parsed.records.size());
  EXPECT_EQ(next_quarantined, parsed.quarantined.size());
}

TEST(DeathCsvParser, ThePrefectureComesFromThePath) {
  std::vector<ExpectedDeath> expected;
  const synth::WrittenFile file = formats::write_death_csv(death_month(expected));
  const auto facility = [&](std::string_view path) {
    const ParsedFile f = parse_death_csv(path, file.bytes);
    EXPECT_FALSE(f.problem.has_value());
    EXPECT_EQ(f.records.size(), 4U) << path;  // a bad path still parses
    return f.records.empty() ? std::string("<none>") : f.records[0].facility;
  };
  EXPECT_EQ(facility("death/13/202408.csv"), "13");
  EXPECT_EQ(facility("sources/2024/death/01/202401.csv"), "01");
  EXPECT_EQ(facility("/abs/death/47/202412.csv"), "47");
  EXPECT_EQ(facility("death/13/2024.csv"), "");
  EXPECT_EQ(facility("death/tokyo/202408.csv"), "");
  EXPECT_EQ(facility("death/130/202408.csv"), "");
  EXPECT_EQ(facility("deaths/13/202408.csv"), "");
  EXPECT_EQ(facility("mydeath/13/202408.csv"), "");
  EXPECT_EQ(facility("death/13/x/202408.csv"), "");
  EXPECT_EQ(facility("death/13/202408.txt"), "");
  EXPECT_EQ(facility("13/202408.csv"), "");
  EXPECT_EQ(facility("202408.csv"), "");
  EXPECT_EQ(facility(""), "");
  EXPECT_EQ(facility("/"), "");
}

// --- hand-written files -------------------------------------------------------------------------------

std::string cp932(std::string_view utf8) {
  return formats::encode_cp932(utf8);
}

std::string joined(std::vector<std::string> fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i == 0 ? "" : ",") + fields[i];
  return line;
}

template <std::size_t N>
std::string header_of(const std::array<std::string_view, N>& names) {
  return joined(std::vector<std::string>(names.begin(), names.end()));
}

const std::vector<std::string> kCareFields = {"131016", "0000000001", "ヤマダ　タロウ", "1",         "19400303",
                                              "21",     "20231001",   "202407",         "1370000001"};
const std::vector<std::string> kDeathFields = {"9000",     "山田　太郎", "1",      "19301201", "20240810",
                                               "0530",     "東京都千代田区千代田1丁目1番1号", "131016", "1",
                                               "I219",     "I10",        "",       "",         ""};

// A CP932 care line (with CRLF) from UTF-8 fields, field `column` (0-based) replaced by the raw
// bytes `value` (not encoded: bad bytes stay bad).
std::string care_line(std::size_t column = 99, const std::string& value = {}) {
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < kCareFields.size(); ++i) fields.push_back(i == column ? value : cp932(kCareFields[i]));
  return joined(fields) + "\r\n";
}
std::string death_line(std::size_t column = 99, const std::string& value = {}) {
  std::vector<std::string> fields = kDeathFields;
  if (column < fields.size()) fields[column] = value;
  return joined(fields) + "\r\n";
}

const std::string kCareHeader = cp932(header_of(formats::kCareCsvColumns)) + "\r\n";
const std::string kDeathHeader = header_of(formats::kDeathCsvColumns) + "\r\n";

// header + a good line 2 + `bad` as line 3
std::string care_file(const std::string& bad) {
  return kCareHeader + care_line() + bad;
}
std::string death_file(const std::string& bad) {
  return kDeathHeader + death_line() + bad;
}

struct Malformed {
  const char* name;
  std::string bytes;
  Reason reason;
  std::uint64_t position;  // 0: a whole-file problem; else the quarantined line
  std::size_t records = 1; // lines parsed despite it
};

void expect_malformed(const Malformed& c, const ParsedFile& f) {
  SCOPED_TRACE(c.name);
  if (c.position == 0) {
    ASSERT_TRUE(f.problem.has_value());
    EXPECT_EQ(f.problem->reason, c.reason) << reason_name(f.problem->reason) << ": " << f.problem->message;
    EXPECT_TRUE(f.records.empty());
    EXPECT_TRUE(f.quarantined.empty());
    return;
  }
  ASSERT_FALSE(f.problem.has_value()) << f.problem->message;
  ASSERT_EQ(f.quarantined.size(), 1U);
  const QuarantinedRecord& q = f.quarantined[0];
  EXPECT_EQ(q.reason, c.reason) << reason_name(q.reason) << ": " << q.message;
  EXPECT_EQ(q.position, c.position);
  EXPECT_FALSE(q.message.empty());
  EXPECT_EQ(q.message.find("ヤマダ"), std::string::npos) << q.message;
  EXPECT_EQ(q.message.find("山田"), std::string::npos) << q.message;
  EXPECT_EQ(f.records.size(), c.records);
  // The quarantined bytes are exactly the line.
  ASSERT_LE(q.bytes.offset + q.bytes.size, c.bytes.size());
  const std::string_view line = std::string_view(c.bytes).substr(q.bytes.offset, q.bytes.size);
  EXPECT_TRUE(q.bytes.offset == 0 || c.bytes[q.bytes.offset - 1] == '\n');
  EXPECT_TRUE(line.empty() || line.back() == '\n' || q.bytes.offset + q.bytes.size == c.bytes.size());
}

std::vector<Malformed> malformed_care_files() {
  const std::string good = care_line();
  const std::string no_crlf = good.substr(0, good.size() - 2);
  return {
      // whole-file problems
      {"empty", "", Reason::file_empty, 0},
      {"only CRLF", "\r\n", Reason::file_not_format, 0},
      {"header in UTF-8", header_of(formats::kCareCsvColumns) + "\r\n" + good, Reason::file_not_format, 0},
      {"header without the last column", cp932("保険者番号,被保険者番号,被保険者氏名カナ,性別,生年月日,"
                                               "要介護状態区分コード,認定有効期間開始日,サービス提供年月\r\n") + good,
       Reason::file_not_format, 0},
      {"header with an extra column", cp932(header_of(formats::kCareCsvColumns) + ",備考\r\n") + good,
       Reason::file_not_format, 0},
      {"the death CSV header", cp932(header_of(formats::kDeathCsvColumns) + "\r\n") + good, Reason::file_not_format, 0},
      {"BOM before the header", "\xEF\xBB\xBF" + kCareHeader + good, Reason::file_not_format, 0},
      {"no header line", good + good, Reason::file_not_format, 0},
      {"header with a trailing blank", cp932(header_of(formats::kCareCsvColumns) + " \r\n") + good,
       Reason::file_not_format, 0},
      {"header with a bad byte", "\x81\x20" + kCareHeader + good, Reason::file_not_format, 0},
      // field counts
      {"cut after the first name character", care_file(cp932("131016,0000000001,ヤ") + "\r\n"),
       Reason::truncated_record, 3},
      {"cut with an empty name", care_file("131016,0000000001,\r\n"), Reason::truncated_record, 3},
      {"8 fields", care_file(cp932(joined({kCareFields.begin(), kCareFields.end() - 1})) + "\r\n"),
       Reason::truncated_record, 3},
      {"1 field", care_file("131016\r\n"), Reason::truncated_record, 3},
      {"empty field after the name", care_file(care_line(2, cp932("ヤマダ　タロウ,"))), Reason::wrong_field_count, 3},
      {"trailing comma", care_file(no_crlf + ",\r\n"), Reason::wrong_field_count, 3},
      {"20 fields", care_file(no_crlf + ",,,,,,,,,,,\r\n"), Reason::wrong_field_count, 3},
      // encoding
      {"81 20 after the first name character", care_file(care_line(2, cp932("ヤ") + "\x81\x20" + cp932("マダ"))), Reason::bad_byte_sequence, 3},
      {"a lead byte before a comma", care_file(care_line(2, cp932("ヤマダ") + "\x81")), Reason::bad_byte_sequence, 3},
      {"trail byte 7F", care_file(care_line(2, cp932("ヤ") + "\x9F\x7F")), Reason::bad_byte_sequence, 3},
      {"a lead byte at the end of the line", care_file(care_line(8, "137000000\x81")), Reason::bad_byte_sequence, 3},
      {"a lead byte before CR", care_file(no_crlf + "\x81\r\n"), Reason::bad_byte_sequence, 3},
      // line structure
      {"empty line between records", kCareHeader + good + "\r\n" + good, Reason::truncated_record, 3, 2},
      {"last line without CRLF", care_file(no_crlf), Reason::truncated_record, 3},
      {"line above 64 KiB", care_file(care_line(2, std::string(kMaxLineBytes, 'A'))), Reason::record_too_long, 3},
      // field syntax
      {"sex M", care_file(care_line(3, "M")), Reason::bad_field, 3},
      {"full-width sex", care_file(care_line(3, cp932("１"))), Reason::bad_field, 3},
      {"one-digit care level", care_file(care_line(5, "2")), Reason::bad_field, 3},
      {"letters as care level", care_file(care_line(5, "AB")), Reason::bad_field, 3},
      {"7-digit certification date", care_file(care_line(6, "2023101")), Reason::bad_field, 3},
      {"slashed certification date", care_file(care_line(6, "2023/10/01")), Reason::bad_field, 3},
      {"no service month", care_file(care_line(7, "")), Reason::bad_field, 3},
      {"hyphenated service month", care_file(care_line(7, "2024-7")), Reason::bad_field, 3},
      {"9-digit office number", care_file(care_line(8, "137000000")), Reason::bad_field, 3},
      {"letters in the office number", care_file(care_line(8, "13700000AB")), Reason::bad_field, 3},
      {"CR before CRLF", care_file(no_crlf + "\r\r\n"), Reason::bad_field, 3},
      {"NUL in the office number", care_file(care_line(8, std::string("137000000\0", 10))), Reason::bad_field, 3},
      {"all fields empty", care_file(",,,,,,,,\r\n"), Reason::bad_field, 3},
  };
}

std::vector<Malformed> malformed_death_files() {
  const std::string good = death_line();
  const std::string no_crlf = good.substr(0, good.size() - 2);
  return {
      // whole-file problems
      {"empty", "", Reason::file_empty, 0},
      {"only CRLF", "\r\n", Reason::file_not_format, 0},
      {"header in CP932", cp932(header_of(formats::kDeathCsvColumns)) + "\r\n" + good, Reason::file_not_format, 0},
      {"BOM before the header", "\xEF\xBB\xBF" + kDeathHeader + good, Reason::file_not_format, 0},
      {"the care CSV header", header_of(formats::kCareCsvColumns) + "\r\n" + good, Reason::file_not_format, 0},
      {"header with a trailing comma", header_of(formats::kDeathCsvColumns) + ",\r\n" + good,
       Reason::file_not_format, 0},
      {"no header line", good + good, Reason::file_not_format, 0},
      {"an XML document", "<?xml version=\"1.0\"?>\n<ClinicalDocument/>\n", Reason::file_not_format, 0},
      // field counts
      {"cut after the first name character", death_file("9001,山\r\n"), Reason::truncated_record, 3},
      {"cut with an empty name", death_file("9001,\r\n"), Reason::truncated_record, 3},
      {"13 fields", death_file(joined({kDeathFields.begin(), kDeathFields.end() - 1}) + "\r\n"),
       Reason::truncated_record, 3},
      {"empty field after the name", death_file(death_line(1, "山田　太郎,")), Reason::wrong_field_count, 3},
      {"trailing comma", death_file(no_crlf + ",\r\n"), Reason::wrong_field_count, 3},
      // encoding
      {"FF after the first name character", death_file(death_line(1, "山\xFF田　太郎")), Reason::bad_byte_sequence, 3},
      {"overlong '/'", death_file(death_line(6, "東京都\xC0\xAF")), Reason::bad_byte_sequence, 3},
      {"surrogate", death_file(death_line(1, "\xED\xA0\x80")), Reason::bad_byte_sequence, 3},
      {"above U+10FFFF", death_file(death_line(1, "\xF5\x80\x80\x80")), Reason::bad_byte_sequence, 3},
      {"a sequence cut by a comma", death_file(death_line(1, "山田\xE3\x81")), Reason::bad_byte_sequence, 3},
      {"CP932 name", death_file(death_line(1, cp932("山田　太郎"))), Reason::bad_byte_sequence, 3},
      // line structure
      {"empty line between records", kDeathHeader + good + "\r\n" + good, Reason::truncated_record, 3, 2},
      {"last line without CRLF", death_file(no_crlf), Reason::truncated_record, 3},
      {"line above 64 KiB", death_file(death_line(6, std::string(kMaxLineBytes, 'A'))), Reason::record_too_long, 3},
      // field syntax
      {"no 受理番号", death_file(death_line(0, "")), Reason::bad_field, 3},
      {"letters in 受理番号", death_file(death_line(0, "A9000")), Reason::bad_field, 3},
      {"full-width 受理番号", death_file(death_line(0, "９０００")), Reason::bad_field, 3},
      {"sex F", death_file(death_line(2, "F")), Reason::bad_field, 3},
      {"no date of death", death_file(death_line(4, "")), Reason::bad_field, 3},
      {"7-digit date of death", death_file(death_line(4, "2024081")), Reason::bad_field, 3},
      {"ISO date of death", death_file(death_line(4, "2024-08-10")), Reason::bad_field, 3},
      {"time with a colon", death_file(death_line(5, "5:30")), Reason::bad_field, 3},
      {"5-digit time", death_file(death_line(5, "05300")), Reason::bad_field, 3},
      {"place 10", death_file(death_line(8, "10")), Reason::bad_field, 3},
      {"place letter", death_file(death_line(8, "A")), Reason::bad_field, 3},
      {"lower-case ICD-10", death_file(death_line(9, "i219")), Reason::bad_field, 3},
      {"short ICD-10", death_file(death_line(10, "I2")), Reason::bad_field, 3},
      {"ICD-10 without a letter", death_file(death_line(13, "1219")), Reason::bad_field, 3},
      {"full-width ICD-10", death_file(death_line(11, "Ｉ２１９")), Reason::bad_field, 3},
      {"CR before CRLF", death_file(no_crlf + "\r\r\n"), Reason::bad_field, 3},
  };
}

TEST(CareCsvParser, EveryMalformedFileGetsItsReason) {
  const std::vector<Malformed> cases = malformed_care_files();
  EXPECT_GE(cases.size(), 30U);
  for (const Malformed& c : cases) expect_malformed(c, parse_care_csv(c.bytes));
}

TEST(DeathCsvParser, EveryMalformedFileGetsItsReason) {
  const std::vector<Malformed> cases = malformed_death_files();
  EXPECT_GE(cases.size(), 30U);
  for (const Malformed& c : cases) expect_malformed(c, parse_death_csv("death/13/202408.csv", c.bytes));
}

TEST(CsvParsers, LineEndsAndEmptyTails) {
  // Header only, with or without CRLF: no records, no problem.
  for (const std::string& bytes : {kCareHeader, kCareHeader.substr(0, kCareHeader.size() - 2)}) {
    const ParsedFile f = parse_care_csv(bytes);
    EXPECT_FALSE(f.problem.has_value());
    EXPECT_EQ(f.records_read(), 0U);
  }
  // Empty trailing lines are not records.
  {
    const ParsedFile f = parse_care_csv(kCareHeader + care_line() + care_line() + "\r\n\r\n");
    EXPECT_FALSE(f.problem.has_value());
    EXPECT_EQ(f.records.size(), 2U);
    EXPECT_TRUE(f.quarantined.empty());
    EXPECT_EQ(f.records[1].position, 3U);
  }
  // A bare LF also ends a line (split_crlf_lines); the record's bytes keep it.
  {
    const std::string line = death_line();
    const std::string lf = line.substr(0, line.size() - 2) + "\n";
    const ParsedFile f = parse_death_csv("death/13/202408.csv", kDeathHeader + lf + line);
    ASSERT_EQ(f.records.size(), 2U);
    EXPECT_EQ(f.records[0].bytes, (ByteSpan{kDeathHeader.size(), lf.size()}));
    EXPECT_EQ(f.records[1].bytes, (ByteSpan{kDeathHeader.size() + lf.size(), line.size()}));
  }
  // Several bad lines: each quarantined on its own, good lines around them kept, in order.
  {
    const std::string bytes = kCareHeader + care_line() + "x\r\n" + care_line() + care_line(3, "M") + care_line();
    const ParsedFile f = parse_care_csv(bytes);
    ASSERT_EQ(f.records.size(), 3U);
    ASSERT_EQ(f.quarantined.size(), 2U);
    EXPECT_EQ(f.records[0].position, 2U);
    EXPECT_EQ(f.records[1].position, 4U);
    EXPECT_EQ(f.records[2].position, 6U);
    EXPECT_EQ(f.quarantined[0].position, 3U);
    EXPECT_EQ(f.quarantined[0].reason, Reason::truncated_record);
    EXPECT_EQ(f.quarantined[1].position, 5U);
    EXPECT_EQ(f.quarantined[1].reason, Reason::bad_field);
  }
}

TEST(CsvParsers, ArbitraryBytesNeverCrash) {
  // A cheap deterministic stand-in for the fuzzer: mutate valid files byte by byte.
  std::vector<ExpectedCare> care_expected;
  std::vector<ExpectedDeath> death_expected;
  const std::string care = formats::write_care_csv(care_month(care_expected)).bytes;
  const std::string death = formats::write_death_csv(death_month(death_expected)).bytes;
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  const auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 2000; ++round) {
    for (const std::string* base : {&care, &death}) {
      std::string bytes = *base;
      const int edits = 1 + static_cast<int>(next() % 4);
      for (int k = 0; k < edits; ++k) {
        const std::size_t at = next() % bytes.size();
        switch (next() % 3) {
          case 0: bytes[at] = static_cast<char>(next() & 0xFF); break;
          case 1: bytes.erase(at, 1 + next() % 8); break;
          default: bytes.insert(at, 1, static_cast<char>(next() & 0xFF)); break;
        }
        if (bytes.empty()) bytes = "x";
      }
      const ParsedFile f = base == &care ? parse_care_csv(bytes) : parse_death_csv("death/13/202408.csv", bytes);
      for (const QuarantinedRecord& q : f.quarantined) {
        ASSERT_LE(q.bytes.offset + q.bytes.size, bytes.size());
        ASSERT_NE(q.reason, Reason::none);
      }
      for (const ParsedRecord& r : f.records) ASSERT_LE(r.bytes.offset + r.bytes.size, bytes.size());
    }
  }
}

}  // namespace
}  // namespace nayose::parse
