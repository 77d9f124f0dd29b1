#include "src/formats/uke_writer.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <map>
#include <random>
#include <sstream>
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

// Five claims: 髙/﨑/𠮷/德, half-width and hiragana kana, full-width card digits, the 和暦 switch
// days, and one record per corruption kind.
synth::FacilityMonth uke_month(bool wareki) {
  synth::FacilityMonth fm;
  fm.facility = clinic(wareki);
  fm.year = 2024;
  fm.month = 5;

  synth::SourceRecord r1;
  r1.person_id = 101;
  r1.service_date = date(2024, 5, 2);
  r1.identity = testing::identity("髙橋", "翔太", "タカハシ", "ショウタ", Sex::male, date(1989, 1, 7));
  r1.identity.chart_number = "0001";
  r1.items = {
      item(ItemKind::diagnosis, "8846347", "高血圧症", date(2024, 5, 2), 0, "", "I10"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 2), 75, "", "12"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 16), 75, "", "12"),
      item(ItemKind::drug, "620000001", "薬Ａ", date(2024, 5, 2), 0, "3", "21"),
      item(ItemKind::drug, "620000002", "薬Ｂ", date(2024, 5, 2), 12, "1", "21"),
      item(ItemKind::procedure, "120001210", "調剤料", date(2024, 5, 2), 11, "", "21"),
      item(ItemKind::material, "710010001", "器材", date(2024, 5, 2), 5, "1", "40"),
      item(ItemKind::comment, "810000001", "", date(2024, 5, 2), 0, "テストコメント", ""),
  };
  r1.items[0].main = true;
  r1.items[4].count = 14;

  synth::SourceRecord r2;
  r2.person_id = 102;
  r2.service_date = date(2024, 5, 8);
  r2.identity = testing::identity("山﨑", "花子", "ﾔﾏｻﾞｷ", "ﾊﾅｺ", Sex::female, date(1989, 1, 8));
  r2.identity.kanji_name.clear();  // RE-5 falls back to the (half-width) kana name
  r2.identity.kana_name = "ﾔﾏｻﾞｷ ﾊﾅｺ";
  r2.identity.insurer_number = "138016";
  r2.identity.branch = "01";
  r2.identity.chart_number = "0002";
  r2.identity.error_flags = synth::kHalfWidthKana;
  r2.identity.corruption = Corruption::truncated_line;
  r2.items = {item(ItemKind::procedure, "111000110", "初診料", date(2024, 5, 8), 291, "", "11")};

  synth::SourceRecord r3;
  r3.person_id = 103;
  r3.service_date = date(2024, 5, 3);
  r3.inpatient = true;
  r3.identity = testing::identity("𠮷田", "太郎", "ヨシダ", "タロウ", Sex::male, date(2019, 4, 30));
  r3.identity.insurer_number = "39131008";
  r3.identity.symbol.clear();
  r3.identity.number = "12345678";
  r3.identity.branch.clear();
  r3.identity.chart_number = "0003";
  r3.identity.corruption = Corruption::wrong_field_count;
  r3.items = {item(ItemKind::procedure, "190077410", "入院基本料", date(2024, 5, 3), 1000, "", "90")};

  synth::SourceRecord r4;
  r4.person_id = 104;
  r4.service_date = date(2024, 5, 9);
  r4.identity = testing::identity("德永", "さくら", "とくなが", "さくら", Sex::female, date(2019, 5, 1));
  r4.identity.insurer_number = "1130012";
  r4.identity.chart_number = "0004";
  r4.identity.error_flags = synth::kEraDigitWrong | synth::kHiraganaName | synth::kInsurerLeadingZeroLost;
  r4.identity.corruption = Corruption::bad_byte_sequence;
  r4.items = {item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 9), 75, "", "12")};

  synth::SourceRecord r5;
  r5.person_id = 105;
  r5.service_date = date(2024, 5, 10);
  r5.identity = testing::identity("試験", "花子", "シケン", "ハナコ", Sex::female, date(2023, 2, 30));
  r5.identity.chart_number = "0005";
  r5.identity.corruption = Corruption::impossible_date;

  fm.records = {r1, r2, r3, r4, r5};
  return fm;
}

struct Parsed {
  std::vector<std::string> raw;      // lines without CRLF (the trailing 0x1A excluded)
  std::vector<std::string> decoded;  // "" where strict decoding failed
  std::vector<bool> decodes;
};

Parsed parse(const std::string& bytes) {
  Parsed p;
  p.raw = crlf_lines(bytes);
  EXPECT_EQ(p.raw.back(), "\x1A");
  p.raw.pop_back();
  for (const std::string& line : p.raw) {
    const auto utf8 = decode_cp932(line);
    p.decodes.push_back(utf8.has_value());
    p.decoded.push_back(utf8.value_or(""));
  }
  return p;
}

const std::map<std::string, std::size_t> kUkeFieldCounts = {{"IR", 10}, {"RE", 38}, {"HO", 15}, {"SN", 9},
                                                            {"SY", 8},  {"SI", 44}, {"IY", 44}, {"TO", 48},
                                                            {"CO", 5},  {"GO", 4}};

TEST(UkeWriter, FileIsCp932WithCrlfAndAFinalEof) {
  const synth::WrittenFile file = write_uke(uke_month(false));
  EXPECT_EQ(file.relative_path, "uke/13/1234567/202405/RECEIPTC.UKE");
  EXPECT_EQ(file.kind, synth::SourceKind::uke);
  ASSERT_FALSE(file.bytes.empty());
  EXPECT_EQ(file.bytes.back(), '\x1A');
  EXPECT_EQ(file.bytes.substr(file.bytes.size() - 3), "\r\n\x1A");
  for (std::size_t i = 0; i < file.bytes.size(); ++i) {
    if (file.bytes[i] == '\n') {
      EXPECT_EQ(file.bytes[i - 1], '\r') << "bare LF at " << i;
    }
    if (file.bytes[i] == '\r') {
      EXPECT_EQ(file.bytes[i + 1], '\n') << "bare CR at " << i;
    }
  }
  const Parsed p = parse(file.bytes);
  std::size_t failing = 0;
  for (const bool ok : p.decodes) failing += ok ? 0 : 1;
  EXPECT_EQ(failing, 1U);  // only the bad_byte_sequence RE line
  EXPECT_TRUE(starts_with(p.decoded.front(), "IR,1,13,1,1234567,,テスト内科医院,202406,00,"));
}

TEST(UkeWriter, EveryUndamagedRecordHasTheDomainFieldCount) {
  const synth::WrittenFile file = write_uke(uke_month(false));
  const Parsed p = parse(file.bytes);
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < p.raw.size(); ++i) {
    if (!p.decodes[i]) continue;
    const auto fields = split(p.decoded[i], ',');
    const std::string& type = fields[0];
    ASSERT_TRUE(kUkeFieldCounts.count(type)) << type;
    ++seen[type];
    const bool damaged_re = type == "RE" && (fields.size() == 5 || fields.size() == 39);
    if (!damaged_re) {
      EXPECT_EQ(fields.size(), kUkeFieldCounts.at(type)) << p.decoded[i];
    }
  }
  EXPECT_EQ(seen["IR"], 1);
  EXPECT_EQ(seen["GO"], 1);
  EXPECT_EQ(seen["RE"], 4);  // the fifth RE does not decode
  EXPECT_EQ(seen["HO"], 5);
  EXPECT_EQ(seen["SN"], 4);  // no 枝番 for the 後期 claim
  EXPECT_EQ(seen["TO"], 1);
  EXPECT_EQ(seen["CO"], 1);
  EXPECT_TRUE(starts_with(p.decoded.back(), "GO,5,"));
}

TEST(UkeWriter, RecordTruthPointsAtTheReLines) {
  const synth::FacilityMonth fm = uke_month(false);
  const synth::WrittenFile file = write_uke(fm);
  const Parsed p = parse(file.bytes);
  ASSERT_EQ(file.records.size(), fm.records.size());
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < file.records.size(); ++i) {
    const synth::RecordTruth& truth = file.records[i];
    EXPECT_GT(truth.position, previous);
    previous = truth.position;
    ASSERT_LE(truth.position, p.raw.size());
    EXPECT_TRUE(starts_with(p.raw[truth.position - 1], "RE," + std::to_string(i + 1) + ","))
        << truth.position;
    EXPECT_EQ(truth.person_id, fm.records[i].person_id);
    EXPECT_EQ(truth.error_flags, fm.records[i].identity.error_flags);
    EXPECT_EQ(truth.corruption, fm.records[i].identity.corruption);
  }
  EXPECT_EQ(file.records[0].position, 2U);
}

TEST(UkeWriter, ReCarriesTheRecordedIdentity) {
  const synth::WrittenFile file = write_uke(uke_month(false));
  const Parsed p = parse(file.bytes);
  const auto re1 = split(p.decoded[file.records[0].position - 1], ',');
  EXPECT_EQ(re1[2], "1112");
  EXPECT_EQ(re1[3], "202405");
  EXPECT_EQ(re1[4], "髙橋　翔太");
  EXPECT_EQ(re1[5], "1");
  EXPECT_EQ(re1[6], "19890107");
  EXPECT_EQ(re1[13], "0001");
  EXPECT_EQ(re1[36], "タカハシショウタ");
  const auto ho1 = split(p.decoded[file.records[0].position], ',');
  EXPECT_EQ(ho1[0], "HO");
  EXPECT_EQ(ho1[1], "01130012");
  EXPECT_EQ(ho1[2], "１２３４５６７");
  EXPECT_EQ(ho1[3], "８９");
  EXPECT_EQ(ho1[4], "2");  // 診療実日数: the 2nd and the 16th
  EXPECT_EQ(ho1[5], std::to_string(75 * 2 + 12 * 14 + 11 + 5));
  const auto sn1 = split(p.decoded[file.records[0].position + 1], ',');
  EXPECT_EQ(sn1[0], "SN");
  EXPECT_EQ(sn1[6], "00");

  // The wrong-field-count line still decodes: 𠮷 became ■, 入院 fields are there.
  const auto re3 = split(p.decoded[file.records[2].position - 1], ',');
  EXPECT_EQ(re3[4], "■田　太郎");
  EXPECT_EQ(re3[2], "1317");      // 後期, 入院
  EXPECT_EQ(re3[9], "20240503");  // 入院年月日, shifted by the extra field
  // The impossible birth date is written as given.
  const auto re5 = split(p.decoded[file.records[4].position - 1], ',');
  EXPECT_EQ(re5[6], "20230230");
  // 6-digit 国保 and the lost leading zero are written as given.
  EXPECT_NE(file.bytes.find("HO,138016,"), std::string::npos);
  EXPECT_NE(file.bytes.find("HO,1130012,"), std::string::npos);
}

TEST(UkeWriter, TreatmentLinesCarryDiagnosisGroupAndPointsOnlyWhereRequired) {
  const synth::WrittenFile file = write_uke(uke_month(false));
  const Parsed p = parse(file.bytes);
  std::vector<std::vector<std::string>> lines;
  for (std::size_t i = file.records[0].position; i + 1 < file.records[1].position; ++i) {
    const auto fields = split(p.decoded[i], ',');
    if (fields[0] == "SI" || fields[0] == "IY" || fields[0] == "TO" || fields[0] == "CO")
      lines.push_back(fields);
  }
  ASSERT_EQ(lines.size(), 6U);
  // 再診料 on the 2nd and the 16th: one line, 回数 2, days 2 and 16 (fields 15 and 29).
  EXPECT_EQ(lines[0][0], "SI");
  EXPECT_EQ(lines[0][1], "12");
  EXPECT_EQ(lines[0][5], "75");
  EXPECT_EQ(lines[0][6], "2");
  EXPECT_EQ(lines[0][14], "1");
  EXPECT_EQ(lines[0][28], "1");
  // 内服 group: two IY lines then 調剤料; 診療識別 only on the first, 点数 only on unit ends.
  EXPECT_EQ(lines[1][0], "IY");
  EXPECT_EQ(lines[1][1], "21");
  EXPECT_EQ(lines[1][4], "3");
  EXPECT_EQ(lines[1][5], "");
  EXPECT_EQ(lines[1][6], "");
  EXPECT_EQ(lines[1][14], "");
  EXPECT_EQ(lines[2][0], "IY");
  EXPECT_EQ(lines[2][1], "");
  EXPECT_EQ(lines[2][5], "12");
  EXPECT_EQ(lines[2][6], "14");
  EXPECT_EQ(lines[2][14], "14");
  EXPECT_EQ(lines[3][0], "SI");
  EXPECT_EQ(lines[3][1], "");
  EXPECT_EQ(lines[3][5], "11");
  EXPECT_EQ(lines[4][0], "TO");
  EXPECT_EQ(lines[4][1], "40");
  EXPECT_EQ(lines[5][0], "CO");
  EXPECT_EQ(lines[5][1], "");
  EXPECT_EQ(lines[5][4], "テストコメント");

  // Carry-forward reconstruction: every line has a 診療識別 after carrying it forward, and SI day
  // counts sum to 回数 wherever 点数 is written.
  std::string carried;
  for (const auto& fields : lines) {
    if (!fields[1].empty()) carried = fields[1];
    EXPECT_FALSE(carried.empty());
    if (fields[0] == "SI" && !fields[5].empty()) {
      long sum = 0;
      for (std::size_t d = 13; d < 44; ++d) sum += fields[d].empty() ? 0 : std::stol(fields[d]);
      EXPECT_EQ(std::to_string(sum), fields[6]);
    }
  }
}

TEST(UkeWriter, GoTotalsAreTheSumOfTheClaims) {
  const synth::WrittenFile file = write_uke(uke_month(false));
  const Parsed p = parse(file.bytes);
  long total = 0;
  long claims = 0;
  for (const std::string& line : p.decoded) {
    const auto fields = split(line, ',');
    if (fields[0] == "HO") total += std::stol(fields[5]);
  }
  claims = static_cast<long>(file.records.size());
  EXPECT_EQ(p.decoded.back(), "GO," + std::to_string(claims) + "," + std::to_string(total) + ",99");
}

TEST(UkeWriter, WarekiFacilitiesWriteLegacyDatesWithTheEraFromTheFullDate) {
  const synth::WrittenFile file = write_uke(uke_month(true));
  const Parsed p = parse(file.bytes);
  EXPECT_TRUE(starts_with(p.decoded.front(), "IR,1,13,1,1234567,,テスト内科医院,50606,00,"));
  const auto re = [&](std::size_t i) { return split(p.decoded[file.records[i].position - 1], ','); };
  EXPECT_EQ(re(0)[3], "50605");
  EXPECT_EQ(re(0)[6], "3640107");  // 1989-01-07 昭和64
  EXPECT_EQ(re(2)[7], "4310430");  // 2019-04-30 平成31 (shifted by the extra field after 氏名)
  EXPECT_EQ(re(2)[9], "5060503");  // 入院年月日 2024-05-03
  EXPECT_EQ(re(4)[6], "5050230");  // impossible date, as given
  // 1989-01-08 平成元 is on the truncated line: check the SY-free claim via its raw bytes instead.
  EXPECT_EQ(p.decoded[file.records[1].position - 1], "RE,2,1116,50605,ﾔ");
  // kEraDigitWrong on 2019-05-01 (令和元 = 5010501) writes era 4.
  const std::string bad_line = p.raw[file.records[3].position - 1];
  EXPECT_NE(bad_line.find(",2,4010501,"), std::string::npos);
  const auto sy = split(p.decoded[file.records[0].position + 2], ',');
  EXPECT_EQ(sy[0], "SY");
  EXPECT_EQ(sy[2], "5060502");
}

TEST(UkeWriter, WarekiBirthDayAfterTheSwitchIsHeisei) {
  synth::FacilityMonth fm = uke_month(true);
  fm.records[1].identity.corruption = Corruption::none;
  const synth::WrittenFile file = write_uke(fm);
  const Parsed p = parse(file.bytes);
  const auto re2 = split(p.decoded[file.records[1].position - 1], ',');
  EXPECT_EQ(re2[4], "ﾔﾏｻﾞｷ ﾊﾅｺ");
  EXPECT_EQ(re2[6], "4010108");
  EXPECT_EQ(re2[36], "ﾔﾏｻﾞｷﾊﾅｺ");
}

TEST(UkeWriter, EachCorruptionDoesExactlyTheDocumentedDamage) {
  const synth::FacilityMonth fm = uke_month(false);
  synth::FacilityMonth clean = fm;
  for (auto& record : clean.records) record.identity.corruption = Corruption::none;
  const Parsed damaged = parse(write_uke(fm).bytes);
  const Parsed intact = parse(write_uke(clean).bytes);
  ASSERT_EQ(damaged.raw.size(), intact.raw.size());
  const synth::WrittenFile file = write_uke(fm);
  for (std::size_t i = 0; i < damaged.raw.size(); ++i) {
    const bool is_re = starts_with(intact.raw[i], "RE,");
    const auto fields = split(intact.decoded[i], ',');
    const Corruption c = is_re ? fm.records[std::stoul(fields[1]) - 1].identity.corruption : Corruption::none;
    switch (c) {
      case Corruption::truncated_line: {
        // Cut after the first character of 氏名: 5 fields instead of 38.
        EXPECT_EQ(damaged.decoded[i], "RE,2,1116,202405,ﾔ");
        EXPECT_EQ(split(damaged.decoded[i], ',').size(), 5U);
        break;
      }
      case Corruption::wrong_field_count: {
        auto expected = fields;
        expected.insert(expected.begin() + 5, "");
        EXPECT_EQ(split(damaged.decoded[i], ','), expected);
        break;
      }
      case Corruption::bad_byte_sequence: {
        EXPECT_FALSE(damaged.decodes[i]);
        std::string name_bytes = encode_cp932("德");
        EXPECT_NE(damaged.raw[i].find(name_bytes + std::string(kBadCp932Bytes) + encode_cp932("永　さくら")),
                  std::string::npos);
        // Removing the two bad bytes gives back the intact line.
        std::string repaired = damaged.raw[i];
        repaired.erase(repaired.find(kBadCp932Bytes), kBadCp932Bytes.size());
        EXPECT_EQ(repaired, intact.raw[i]);
        break;
      }
      default:
        EXPECT_EQ(damaged.raw[i], intact.raw[i]) << "line " << i + 1;
        EXPECT_TRUE(damaged.decodes[i]);
    }
  }
  (void)file;
}

// DOMAIN §1.4: the constructed example file, with the model's 枝番 convention ("00" = the card
// holder, so SN-7 is 00 where the page shows 01) and no telephone number in the model (IR-10).
TEST(UkeWriter, TheDomainExampleRoundTrips) {
  synth::FacilityMonth fm;
  fm.facility = clinic(false);
  fm.year = 2024;
  fm.month = 5;
  synth::SourceRecord r;
  r.person_id = 1;
  r.service_date = date(2024, 5, 2);
  r.identity = testing::identity("試験", "花子", "シケン", "ハナコ", Sex::female, date(1965, 4, 12));
  r.identity.chart_number = "K000123";
  r.items = {
      item(ItemKind::diagnosis, "0000999", "テスト病名", date(2024, 5, 2)),
      item(ItemKind::diagnosis, "0000999", "テスト病名", date(2024, 5, 2), 0, "2056"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 2), 75, "", "12"),
      item(ItemKind::procedure, "112007410", "再診料", date(2024, 5, 16), 75, "", "12"),
      item(ItemKind::comment, "810000001", "", date(2024, 5, 2), 0, "テストコメント"),
  };
  r.items[0].main = true;
  fm.records = {r};
  const synth::WrittenFile file = write_uke(fm);
  const std::vector<std::string> expected = {
      "IR,1,13,1,1234567,,テスト内科医院,202406,00,",
      "RE,1,1112,202405,試験　花子,2,19650412,,,,,,,K000123,,,,,,,,,,,,,,,,,,,,,,,シケンハナコ,",
      "HO,01130012,１２３４５６７,８９,2,150,,,,,,,,,",
      "SN,1,01,,,,00,,",
      "SY,0000999,20240502,1,,テスト病名,01,",
      "SY,0000999,20240502,1,2056,テスト病名,,",
      "SI,12,1,112007410,,75,2,,,,,,,,1,,,,,,,,,,,,,,1,,,,,,,,,,,,,,,",
      "CO,,1,810000001,テストコメント",
      "GO,1,150,99",
  };
  const Parsed p = parse(file.bytes);
  EXPECT_EQ(p.decoded, expected);
  // The RE line byte for byte, as the page would be saved in CP932.
  EXPECT_EQ(p.raw[1], encode_cp932(expected[1]));
  EXPECT_EQ(file.bytes, [&] {
    std::string all;
    for (const std::string& line : expected) all += encode_cp932(line) + "\r\n";
    return all + "\x1A";
  }());
}

// ---- Differential check: an independent, slow RE formatter (glibc iconv, std::chrono) ----

std::string iconv_cp932(const std::string& utf8_char) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  std::string in = utf8_char;
  char out[16];
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  char* out_ptr = out;
  std::size_t out_left = sizeof out;
  const std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (result == static_cast<std::size_t>(-1)) return "\x81\xA1";  // ■
  return std::string(out, sizeof out - out_left);
}

std::string slow_cp932(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out += iconv_cp932(utf8.substr(i, n));
    i += n;
  }
  return out;
}

std::string slow_kind(const synth::RecordedIdentity& id, bool inpatient, int y, int m) {
  using namespace std::chrono;
  std::string digits;
  for (char c : id.insurer_number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  while (digits.size() < 8 && digits.size() > 6) digits = "0" + digits;
  const bool kouki = digits.size() == 8 && digits.substr(0, 2) == "39";
  const sys_days first_of_month = year{y} / m / 1;
  const year_month_day birth{year{id.birth.year}, month{static_cast<unsigned>(id.birth.month)},
                             day{static_cast<unsigned>(id.birth.day)}};
  const year_month_day seventieth = (birth.year() + years{70}) / birth.month() / birth.day();
  const sys_days elderly_from = birth.day() == day{1}
                                    ? sys_days{seventieth.year() / seventieth.month() / 1}
                                    : sys_days{(seventieth.year() / seventieth.month() + months{1}) / 1};
  const bool early = birth.month() < April || (birth.month() == April && birth.day() == day{1});
  const sys_days school = (birth.year() + years{early ? 6 : 7}) / April / 1;
  int cls = 0;
  if (kouki || first_of_month >= elderly_from) {
    cls = 8;
  } else if (first_of_month < school) {
    cls = 4;
  } else if (id.branch.empty() || id.branch == "00") {
    cls = 2;
  } else {
    cls = 6;
  }
  std::ostringstream kind;
  kind << '1' << (kouki ? '3' : '1') << '1' << (inpatient ? cls - 1 : cls);
  return kind.str();
}

std::string slow_re_line(const synth::SourceRecord& r, int number, int y, int m, bool wareki) {
  const synth::RecordedIdentity& id = r.identity;
  std::vector<std::string> f(38);
  f[0] = "RE";
  f[1] = std::to_string(number);
  f[2] = slow_kind(id, r.inpatient, y, m);
  char month[16];
  if (wareki) {
    f[3] = testing::oracle_wareki_date(y, m, 28).substr(0, 5);
  } else {
    std::snprintf(month, sizeof month, "%04d%02d", y, m);
    f[3] = month;
  }
  f[4] = id.kanji_name.empty() ? id.kana_name : id.kanji_name;
  f[5] = id.sex == Sex::female ? "2" : "1";
  if (wareki) {
    std::string w = testing::oracle_wareki_date(id.birth.year, id.birth.month, id.birth.day);
    if (id.error_flags & synth::kEraDigitWrong) {
      const char wrong[] = {'0', '2', '3', '4', '3', '4'};
      w[0] = wrong[w[0] - '0'];
    }
    f[6] = w;
  } else {
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d%02d%02d", id.birth.year, id.birth.month, id.birth.day);
    f[6] = birth;
  }
  if (r.inpatient) {
    char admitted[16];
    std::snprintf(admitted, sizeof admitted, "%04d%02d%02d", r.service_date.year, r.service_date.month,
                  r.service_date.day);
    f[8] = wareki ? testing::oracle_wareki_date(r.service_date.year, r.service_date.month, r.service_date.day)
                  : std::string(admitted);
  }
  f[13] = id.chart_number;
  std::string kana;
  for (std::size_t i = 0; i < id.kana_name.size();) {
    if (id.kana_name[i] == ' ') {
      ++i;
    } else if (id.kana_name.compare(i, 3, "\u3000") == 0) {
      i += 3;
    } else {
      kana += id.kana_name[i++];
    }
  }
  f[36] = kana;
  std::string line;
  for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + slow_cp932(f[i]);
  return line;
}

TEST(UkeWriter, ReLinesAgreeWithAnIndependentSlowFormatter) {
  const std::vector<std::pair<std::string, std::string>> surnames = {
      {"髙橋", "タカハシ"}, {"山﨑", "ヤマザキ"}, {"𠮷田", "ヨシダ"},   {"德永", "トクナガ"},
      {"斎藤", "サイトウ"}, {"", "ｽｽﾞｷ"},         {"渡邊", "わたなべ"}, {"佐藤", "ｻﾄｳ"}};
  const std::vector<std::pair<std::string, std::string>> given = {
      {"翔太", "ショウタ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"さくら", "ｻｸﾗ"}};
  const std::vector<std::string> insurers = {"01130012", "138016",   "39131008",
                                             "1130012",  "06132013", "38016"};
  std::mt19937_64 rng(20240501);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int round = 0; round < 40; ++round) {
    const bool wareki = round % 2 == 1;
    synth::FacilityMonth fm;
    fm.facility = clinic(wareki);
    fm.year = 2015 + static_cast<int>(pick(10));
    fm.month = 1 + static_cast<int>(pick(12));
    for (int k = 0; k < 8; ++k) {
      synth::SourceRecord r;
      r.person_id = static_cast<std::uint64_t>(round * 100 + k);
      const auto& [sk, sr] = surnames[pick(surnames.size())];
      const auto& [gk, gr] = given[pick(given.size())];
      const int by = 1900 + static_cast<int>(pick(static_cast<std::size_t>(fm.year - 1900 + 1)));
      const auto birth = date(by, 1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)));
      r.identity = testing::identity(sk, gk, sr, gr, pick(2) ? Sex::female : Sex::male, birth);
      if (sk.empty()) r.identity.kanji_name.clear();
      if (pick(3) == 0) r.identity.kana_name = sr + " " + gr;
      if (pick(4) == 0) r.identity.kanji_name = sk + gk;  // no space
      r.identity.insurer_number = insurers[pick(insurers.size())];
      r.identity.branch = pick(3) == 0 ? "01" : (pick(2) ? "00" : "");
      r.identity.chart_number = "C" + std::to_string(pick(100000));
      if (pick(4) == 0) r.identity.error_flags |= synth::kEraDigitWrong;
      r.inpatient = pick(5) == 0;
      r.service_date = date(fm.year, fm.month, 1 + static_cast<int>(pick(28)));
      fm.records.push_back(r);
    }
    const synth::WrittenFile file = write_uke(fm);
    const auto raw = crlf_lines(file.bytes);
    for (std::size_t k = 0; k < fm.records.size(); ++k) {
      const std::string& written = raw[file.records[k].position - 1];
      ASSERT_EQ(written, slow_re_line(fm.records[k], static_cast<int>(k + 1), fm.year, fm.month, wareki))
          << "round " << round << " record " << k << ": " << decode_cp932(written).value_or("?");
    }
  }
}

}  // namespace
}  // namespace nayose::formats
