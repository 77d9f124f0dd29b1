#include "src/formats/cyo_writer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

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
using testing::starts_with;

synth::FacilityMonth cyo_month(bool wareki) {
  synth::FacilityMonth fm;
  fm.facility.id = 9;
  fm.facility.kind = synth::FacilityKind::pharmacy;
  fm.facility.code = "4567890";
  fm.facility.prefecture_code = "27";
  fm.facility.name = "テスト薬局";
  fm.facility.wareki_dates = wareki;
  fm.year = 2019;
  fm.month = 5;

  synth::SourceRecord r1;
  r1.person_id = 201;
  r1.service_date = date(2019, 5, 7);
  r1.identity = testing::identity("髙橋", "翔太", "ﾀｶﾊｼ", "ｼｮｳﾀ", Sex::male, date(1989, 1, 7));
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
  r2.identity = testing::identity("𠮷田", "花子", "ヨシダ", "ハナコ", Sex::female, date(2019, 4, 30));
  r2.identity.chart_number = "R-2";
  r2.identity.error_flags = synth::kEraDigitWrong;
  r2.identity.corruption = Corruption::truncated_line;
  r2.items = {item(ItemKind::drug, "620000001", "薬Ａ", date(2019, 5, 20), 10, "3", "21")};

  synth::SourceRecord r3 = r2;
  r3.person_id = 203;
  r3.identity = testing::identity("山﨑", "一郎", "ヤマザキ", "イチロウ", Sex::male, date(1950, 6, 1));
  r3.identity.insurer_number = "39131008";
  r3.identity.symbol.clear();
  r3.identity.number = "87654321";
  r3.identity.corruption = Corruption::bad_byte_sequence;

  fm.records = {r1, r2, r3};
  return fm;
}

const std::map<std::string, std::size_t> kCyoFieldCounts = {  // DOMAIN §1.5 counts + the record id
    {"YK", 9}, {"RE", 42}, {"HO", 14}, {"SN", 9}, {"SH", 10}, {"CZ", 71}, {"IY", 10}, {"CO", 3}, {"GO", 4}};

TEST(CyoWriter, FileLayoutAndFieldCounts) {
  const synth::FacilityMonth fm = cyo_month(false);
  const synth::WrittenFile file = write_cyo(fm);
  EXPECT_EQ(file.relative_path, "cyo/27/4567890/201905/RECEIPTY.CYO");
  EXPECT_EQ(file.kind, synth::SourceKind::cyo);
  EXPECT_EQ(file.bytes.substr(file.bytes.size() - 3), "\r\n\x1A");
  auto lines = crlf_lines(file.bytes);
  lines.pop_back();
  std::map<std::string, int> seen;
  std::size_t failing = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto utf8 = decode_cp932(lines[i]);
    if (!utf8) {
      ++failing;
      continue;
    }
    const auto fields = split(*utf8, ',');
    ASSERT_TRUE(kCyoFieldCounts.count(fields[0])) << *utf8;
    ++seen[fields[0]];
    if (starts_with(*utf8, "RE,2,")) continue;  // truncated
    EXPECT_EQ(fields.size(), kCyoFieldCounts.at(fields[0])) << *utf8;
  }
  EXPECT_EQ(failing, 1U);
  EXPECT_EQ(seen["SH"], 4);  // 内服 + 外用 Rp for r1, one each for r2 and r3
  EXPECT_EQ(seen["CZ"], 4);
  EXPECT_EQ(seen["IY"], 5);
  EXPECT_EQ(seen["CO"], 1);
  EXPECT_TRUE(starts_with(*decode_cp932(lines.front()), "YK,1,27,4,4567890,テスト薬局,201906,00,"));
}

TEST(CyoWriter, ReHasTheKanaNameLastAndTruthPointsAtIt) {
  const synth::FacilityMonth fm = cyo_month(false);
  const synth::WrittenFile file = write_cyo(fm);
  const auto lines = crlf_lines(file.bytes);
  ASSERT_EQ(file.records.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(starts_with(lines[file.records[i].position - 1], "RE," + std::to_string(i + 1) + ","));
    EXPECT_EQ(file.records[i].person_id, fm.records[i].person_id);
    EXPECT_EQ(file.records[i].corruption, fm.records[i].identity.corruption);
  }
  const auto re1 = split(*decode_cp932(lines[file.records[0].position - 1]), ',');
  EXPECT_EQ(re1[2], "4112");
  EXPECT_EQ(re1[3], "201905");
  EXPECT_EQ(re1[4], "髙橋　翔太");
  EXPECT_EQ(re1[6], "19890107");
  EXPECT_EQ(re1[35], "R-1");
  EXPECT_EQ(re1[41], "ﾀｶﾊｼｼｮｳﾀ");
  const auto ho1 = split(*decode_cp932(lines[file.records[0].position]), ',');
  EXPECT_EQ(ho1[4], "1");
  EXPECT_EQ(ho1[5], std::to_string((10 + 5) * 14 + 24 + 30));
  // SH / CZ / IY of the first Rp.
  const auto sh = split(*decode_cp932(lines[file.records[0].position + 2]), ',');
  EXPECT_EQ(sh[0], "SH");
  EXPECT_EQ(sh[1], "01");
  EXPECT_EQ(sh[2], "1");
  EXPECT_EQ(sh[5], "15");
  const auto cz = split(*decode_cp932(lines[file.records[0].position + 3]), ',');
  EXPECT_EQ(cz[0], "CZ");
  EXPECT_EQ(cz[2], "20190507");
  EXPECT_EQ(cz[5], "14");
  EXPECT_EQ(cz[9], "190000110");
  EXPECT_EQ(cz[10], "24");
  EXPECT_EQ(cz[13], "210");
}

TEST(CyoWriter, CorruptionsAndWarekiDates) {
  const synth::FacilityMonth fm = cyo_month(true);
  const synth::WrittenFile file = write_cyo(fm);
  const auto lines = crlf_lines(file.bytes);
  EXPECT_TRUE(starts_with(*decode_cp932(lines.front()), "YK,1,27,4,4567890,テスト薬局,50106,00,"));
  const auto re1 = split(*decode_cp932(lines[file.records[0].position - 1]), ',');
  EXPECT_EQ(re1[3], "50105");
  EXPECT_EQ(re1[6], "3640107");
  EXPECT_EQ(*decode_cp932(lines[file.records[1].position - 1]), "RE,2,4114,50105,■");  // 𠮷 -> ■, then cut
  const std::string& bad = lines[file.records[2].position - 1];
  EXPECT_FALSE(decode_cp932(bad).has_value());
  EXPECT_NE(bad.find(encode_cp932("山") + std::string(kBadCp932Bytes) + encode_cp932("﨑　一郎")),
            std::string::npos);
  EXPECT_NE(bad.find(",1,3250601,"), std::string::npos);  // 昭和25
}

}  // namespace
}  // namespace nayose::formats
