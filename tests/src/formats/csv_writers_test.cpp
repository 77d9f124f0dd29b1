#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/formats/care_csv_writer.hpp"
#include "src/formats/death_csv_writer.hpp"
#include "src/formats/delimited.hpp"
#include "src/formats/encoding.hpp"
#include "tests/src/formats/fixtures.hpp"

namespace nayose::formats {
namespace {

using synth::Corruption;
using synth::ItemKind;
using synth::Sex;
using testing::crlf_lines;
using testing::date;
using testing::item;
using testing::split;

synth::FacilityMonth care_month() {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::care_provider;
  fm.facility.code = "1370000001";
  fm.facility.prefecture_code = "13";
  fm.year = 2024;
  fm.month = 7;
  const Corruption kinds[] = {Corruption::none, Corruption::truncated_line, Corruption::wrong_field_count,
                              Corruption::bad_byte_sequence, Corruption::impossible_date};
  const char* surnames[][2] = {
      {"髙橋", "ﾀｶﾊｼ"}, {"山﨑", "ヤマザキ"}, {"𠮷田", "ヨシダ"}, {"德永", "トクナガ"}, {"佐藤", "サトウ"}};
  for (int i = 0; i < 5; ++i) {
    synth::SourceRecord r;
    r.person_id = 500 + static_cast<std::uint64_t>(i);
    r.service_date = date(2024, 7, 1);
    r.identity =
        testing::identity(surnames[i][0], "花子", surnames[i][1], "ハナコ", Sex::female, date(1940, 3, 3));
    r.identity.care_insured_number = "000000000" + std::to_string(i);
    r.identity.insurer_number = "131016";  // a care record's insurer is its 市町村 (model convention)
    r.identity.corruption = kinds[i];
    if (kinds[i] == Corruption::impossible_date) r.identity.birth = date(1940, 2, 30);
    r.items = {item(ItemKind::care_level, "21", "要介護1", date(2023, 10, 1))};
    fm.records.push_back(r);
  }
  return fm;
}

TEST(CareCsvWriter, Cp932WithAHeaderAndTheDocumentedColumns) {
  const synth::FacilityMonth fm = care_month();
  const synth::WrittenFile file = write_care_csv(fm);
  EXPECT_EQ(file.relative_path, "care/1370000001/202407.csv");
  EXPECT_EQ(file.kind, synth::SourceKind::care);
  EXPECT_EQ(file.bytes.substr(file.bytes.size() - 2), "\r\n");
  const auto lines = crlf_lines(file.bytes);
  ASSERT_EQ(lines.size(), 6U);
  const auto header = split(*decode_cp932(lines[0]), ',');
  ASSERT_EQ(header.size(), kCareCsvColumns.size());
  for (std::size_t i = 0; i < header.size(); ++i) EXPECT_EQ(header[i], kCareCsvColumns[i]);
  const auto row = split(*decode_cp932(lines[1]), ',');
  EXPECT_EQ(row, (std::vector<std::string>{"131016", "0000000000", "ﾀｶﾊｼ　ハナコ", "2", "19400303", "21",
                                           "20231001", "202407", "1370000001"}));
  const auto impossible = split(*decode_cp932(lines[5]), ',');
  EXPECT_EQ(impossible.size(), 9U);
  EXPECT_EQ(impossible[4], "19400230");
  for (std::size_t i = 0; i < fm.records.size(); ++i) {
    EXPECT_EQ(file.records[i].position, i + 2);  // header = line 1
    EXPECT_EQ(file.records[i].person_id, fm.records[i].person_id);
    EXPECT_EQ(file.records[i].corruption, fm.records[i].identity.corruption);
  }
}

TEST(CareCsvWriter, CorruptionsDamageTheirLineOnly) {
  const synth::WrittenFile file = write_care_csv(care_month());
  const auto lines = crlf_lines(file.bytes);
  EXPECT_EQ(*decode_cp932(lines[2]), "131016,0000000001,ヤ");  // truncated inside カナ氏名
  const auto extra = split(*decode_cp932(lines[3]), ',');
  EXPECT_EQ(extra.size(), 10U);
  EXPECT_EQ(extra[2], "ヨシダ　ハナコ");
  EXPECT_EQ(extra[3], "");
  EXPECT_FALSE(decode_cp932(lines[4]).has_value());
  EXPECT_NE(lines[4].find(encode_cp932("ト") + std::string(kBadCp932Bytes) + encode_cp932("クナガ")),
            std::string::npos);
  for (const std::size_t ok : {0U, 1U, 2U, 3U, 5U}) EXPECT_TRUE(decode_cp932(lines[ok]).has_value()) << ok;
}

synth::FacilityMonth death_month() {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::death_registry;
  fm.facility.code = "D13";
  fm.facility.prefecture_code = "13";
  fm.year = 2024;
  fm.month = 8;
  const Corruption kinds[] = {Corruption::none, Corruption::truncated_line, Corruption::wrong_field_count,
                              Corruption::bad_byte_sequence, Corruption::bad_check_digit};
  const char* surnames[] = {"𠮷田", "髙橋", "山﨑", "德永", "佐藤"};
  for (int i = 0; i < 5; ++i) {
    synth::SourceRecord r;
    r.person_id = 600 + static_cast<std::uint64_t>(i);
    r.sequence = 9000 + static_cast<std::uint64_t>(i);
    r.service_date = date(2024, 8, 10 + i);
    r.identity = testing::identity(surnames[i], "太郎", "", "", Sex::male, date(1930, 12, 1));
    r.identity.kana_name.clear();
    r.identity.corruption = kinds[i];
    if (kinds[i] == Corruption::bad_check_digit) r.identity.municipality_code = "131017";
    r.items = {item(ItemKind::death_cause, "I219", "急性心筋梗塞", date(2024, 8, 10), 0, "0530", "1"),
               item(ItemKind::death_cause, "I10", "高血圧症", date(2024, 8, 10))};
    fm.records.push_back(r);
  }
  return fm;
}

TEST(DeathCsvWriter, Utf8WithTheExactRegisteredCharacters) {
  const synth::FacilityMonth fm = death_month();
  const synth::WrittenFile file = write_death_csv(fm);
  EXPECT_EQ(file.relative_path, "death/13/202408.csv");
  EXPECT_EQ(file.kind, synth::SourceKind::death);
  const auto lines = crlf_lines(file.bytes);
  ASSERT_EQ(lines.size(), 6U);
  const auto header = split(lines[0], ',');
  ASSERT_EQ(header.size(), kDeathCsvColumns.size());
  for (std::size_t i = 0; i < header.size(); ++i) EXPECT_EQ(header[i], kDeathCsvColumns[i]);
  EXPECT_EQ(split(lines[1], ','), (std::vector<std::string>{"9000", "𠮷田　太郎", "1", "19301201", "20240810",
                                                            "0530", "東京都千代田区千代田1丁目1番1号",
                                                            "131016", "1", "I219", "I10", "", "", ""}));
  EXPECT_EQ(split(lines[5], ',').size(), 14U);
  EXPECT_EQ(split(lines[5], ',')[7], "131017");  // bad check digit, as given
  for (std::size_t i = 0; i < fm.records.size(); ++i) {
    EXPECT_EQ(file.records[i].position, i + 2);
    EXPECT_EQ(file.records[i].corruption, fm.records[i].identity.corruption);
  }
}

TEST(DeathCsvWriter, CorruptionsDamageTheirLineOnly) {
  const synth::WrittenFile file = write_death_csv(death_month());
  const auto lines = crlf_lines(file.bytes);
  EXPECT_EQ(lines[2], "9001,髙");
  EXPECT_EQ(split(lines[3], ',').size(), 15U);
  EXPECT_EQ(split(lines[3], ',')[2], "");
  EXPECT_FALSE(is_valid_utf8(lines[4]));
  EXPECT_EQ(lines[4].substr(0, lines[4].find(',', 5) + 1), "9003,德\xFF永　太郎,");
  for (const std::size_t ok : {0U, 1U, 2U, 3U, 5U}) EXPECT_TRUE(is_valid_utf8(lines[ok])) << ok;
}

}  // namespace
}  // namespace nayose::formats
