#include "src/formats/ssmix2_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/common/error.hpp"
#include "src/formats/encoding.hpp"
#include "tests/src/formats/fixtures.hpp"

namespace nayose::formats {
namespace {

using synth::Corruption;
using synth::ItemKind;
using synth::Sex;
using testing::date;
using testing::item;
using testing::split;
using testing::starts_with;

synth::SourceRecord message(std::uint64_t person, std::string kind, std::uint64_t sequence,
                            synth::RecordedIdentity id) {
  synth::SourceRecord r;
  r.person_id = person;
  r.message_kind = std::move(kind);
  r.sequence = sequence;
  r.service_date = date(2024, 5, 14);
  r.identity = std::move(id);
  return r;
}

synth::FacilityMonth hospital_month() {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::hospital;
  fm.facility.code = "1310001";
  fm.facility.prefecture_code = "13";
  fm.facility.name = "テスト病院";
  fm.facility.has_ssmix2 = true;
  fm.year = 2024;
  fm.month = 5;

  synth::RecordedIdentity taro =
      testing::identity("髙橋", "翔太", "ﾀｶﾊｼ", "ｼｮｳﾀ", Sex::male, date(1989, 1, 7));
  taro.chart_number = "0123456789";
  taro.insurer_number = "1130012";             // leading zero lost in HL7
  taro.address = "東京都千代田区千代田1^2|3";  // HL7 delimiters in data
  synth::RecordedIdentity hanako =
      testing::identity("𠮷田", "花子", "ヨシダ", "ハナコ", Sex::female, date(1990, 2, 3));
  hanako.chart_number = "42";  // short: padded in the path

  std::vector<synth::SourceRecord> records;
  records.push_back(message(301, "ADT-00", 1, taro));
  synth::SourceRecord omp = message(301, "OMP-01", 17, taro);
  omp.items = {item(ItemKind::drug, "620000001", "薬Ａ", date(2024, 5, 14), 10, "3", "21", "錠")};
  omp.items[0].count = 7;
  records.push_back(omp);
  synth::SourceRecord oml = message(301, "OML-11", 18, taro);
  oml.items = {
      item(ItemKind::lab, "3D046000001906202", "HbA1c", date(2024, 5, 14), 0, "6.1", "", "%"),
      item(ItemKind::lab, "2A020000001930101", "赤血球数", date(2024, 5, 14), 0, "450", "", "万/µL")};
  records.push_back(oml);
  synth::SourceRecord ppr = message(301, "PPR-01", 19, taro);
  ppr.items = {item(ItemKind::diagnosis, "8846347", "高血圧症", date(2020, 4, 1), 0, "", "I10"),
               item(ItemKind::diagnosis, "2500013", "糖尿病", date(2021, 6, 1), 0, "8002", "E149")};
  records.push_back(ppr);
  synth::SourceRecord cut = message(302, "ADT-00", 2, hanako);
  cut.identity.corruption = Corruption::truncated_line;
  records.push_back(cut);
  synth::SourceRecord bad = message(302, "OMP-01", 20, hanako);
  bad.identity.corruption = Corruption::bad_byte_sequence;
  records.push_back(bad);
  synth::SourceRecord na = message(302, "PPR-01", 21, hanako);
  na.identity.corruption = Corruption::wrong_field_count;
  records.push_back(na);
  fm.records = records;
  return fm;
}

std::vector<std::string> segments(const std::string& utf8) {
  std::vector<std::string> out = split(utf8, '\r');
  EXPECT_EQ(out.back(), "");  // every segment ends with CR
  out.pop_back();
  return out;
}

std::string segment(const std::string& utf8, const std::string& id) {
  for (const std::string& s : segments(utf8)) {
    if (starts_with(s, id + "|")) return s;
  }
  return {};
}

// ssmix2/<code 7>/<PID[0:3]>/<PID[3:6]>/<PID>/<YYYYMMDD|->/<kind>/
//   <PID>_<YYYYMMDD|->_<kind>_<order 15>_<time 17>_<dept 2|->_1   (no std::regex: GCC 12 + ASan warns in it)
bool follows_standard_storage_naming(const std::string& path) {
  using testing::all_alnum;
  using testing::all_digits;
  const auto dirs = split(path, '/');
  if (dirs.size() != 8 || dirs[0] != "ssmix2" || !all_digits(dirs[1], 7)) return false;
  const std::string& pid = dirs[4];
  if (dirs[2].size() != 3 || dirs[3].size() != 3 || pid.size() < 6 || !all_alnum(pid)) return false;
  if (pid.substr(0, 3) != dirs[2] || pid.substr(3, 3) != dirs[3]) return false;
  const std::string& day = dirs[5];
  if (day != "-" && !all_digits(day, 8)) return false;
  const std::string& kind = dirs[6];
  if (kind != "ADT-00" && kind != "OMP-01" && kind != "OML-11" && kind != "PPR-01") return false;
  const auto parts = split(dirs[7], '_');
  return parts.size() == 7 && parts[0] == pid && parts[1] == day && parts[2] == kind &&
         all_digits(parts[3], 15) && all_digits(parts[4], 17) &&
         (parts[5] == "-" || all_digits(parts[5], 2)) && parts[6] == "1";
}

TEST(Ssmix2Writer, PathsFollowTheStandardStorageNaming) {
  const auto files = write_ssmix2(hospital_month());
  ASSERT_EQ(files.size(), 7U);
  for (const synth::WrittenFile& f : files) {
    EXPECT_TRUE(follows_standard_storage_naming(f.relative_path)) << f.relative_path;
    EXPECT_EQ(f.kind, synth::SourceKind::ssmix2);
    ASSERT_EQ(f.records.size(), 1U);
    EXPECT_EQ(f.records[0].position, 1U);
  }
  EXPECT_EQ(
      files[0].relative_path,
      "ssmix2/1310001/012/345/0123456789/-/ADT-00/0123456789_-_ADT-00_999999999999999_20240514090001000_-_1");
  EXPECT_EQ(files[1].relative_path,
            "ssmix2/1310001/012/345/0123456789/20240514/OMP-01/"
            "0123456789_20240514_OMP-01_000000000000017_20240514090017000_01_1");
  EXPECT_TRUE(starts_with(files[3].relative_path, "ssmix2/1310001/012/345/0123456789/-/PPR-01/"));
  EXPECT_TRUE(starts_with(files[4].relative_path, "ssmix2/1310001/000/042/000042/-/ADT-00/000042_-_ADT-00_"));
  EXPECT_EQ(ssmix2_path_patient_id("１２３"), "000123");
  EXPECT_EQ(ssmix2_path_patient_id("K-0001"), "KX0001");
}

TEST(Ssmix2Writer, MessagesAreSevenBitIso2022JpWithCrSegments) {
  for (const synth::WrittenFile& f : write_ssmix2(hospital_month())) {
    if (f.records[0].corruption == Corruption::bad_byte_sequence) continue;
    EXPECT_EQ(f.bytes.find('\n'), std::string::npos);
    for (const char c : f.bytes) EXPECT_LT(static_cast<unsigned char>(c), 0x80U);
    const auto utf8 = decode_iso2022jp(f.bytes);
    ASSERT_TRUE(utf8.has_value()) << f.relative_path;
    const auto segs = segments(*utf8);
    EXPECT_TRUE(starts_with(segs[0], "MSH|^~\\&|HIS|1310001|GW|RCV|2024051409"));
    const auto msh = split(segs[0], '|');
    EXPECT_EQ(msh[17], "~ISO IR87");     // MSH-18 (MSH-1 is the separator itself)
    EXPECT_EQ(msh[19], "ISO2022-1994");  // MSH-20
  }
}

TEST(Ssmix2Writer, MessageTypeAndPayloadByKind) {
  const auto files = write_ssmix2(hospital_month());
  const auto text = [&](std::size_t i) { return *decode_iso2022jp(files[i].bytes); };
  EXPECT_EQ(split(segment(text(0), "MSH"), '|')[8], "ADT^A08^ADT_A01");
  EXPECT_EQ(split(segment(text(1), "MSH"), '|')[8], "RDE^O11^RDE_O11");
  EXPECT_EQ(split(segment(text(2), "MSH"), '|')[8], "OUL^R22^OUL_R22");
  EXPECT_EQ(split(segment(text(3), "MSH"), '|')[8], "PPR^ZD1^PPR_ZD1");

  const auto in1 = split(segment(text(0), "IN1"), '|');
  EXPECT_EQ(in1[2], "01^全国健康保険協会管掌健康保険^JHSD0001");
  EXPECT_EQ(in1[3], "1130012");
  EXPECT_EQ(in1[10], "１２３４５６７~８９~00");
  EXPECT_EQ(in1[17], "SEL^本人^HL70063");
  EXPECT_EQ(split(segment(text(0), "PID"), '|')[33], "20240514090001");

  const auto rxe = split(segment(text(1), "RXE"), '|');
  EXPECT_EQ(rxe[2], "620000001^薬Ａ");
  EXPECT_EQ(rxe[3], "3");
  EXPECT_EQ(rxe[5], "^錠");
  EXPECT_EQ(split(segment(text(1), "TQ1"), '|')[6], "7^d");
  EXPECT_EQ(segment(text(1), "RXR"), "RXR|PO^口^HL70162");

  const auto spm = split(segment(text(2), "SPM"), '|');
  EXPECT_EQ(spm[4], "019^^JC10");
  std::vector<std::vector<std::string>> obx;
  for (const std::string& s : segments(text(2))) {
    if (starts_with(s, "OBX|")) obx.push_back(split(s, '|'));
  }
  ASSERT_EQ(obx.size(), 2U);
  EXPECT_EQ(obx[0][2], "NM");
  EXPECT_EQ(obx[0][3], "3D046000001906202^HbA1c^JC10");
  EXPECT_EQ(obx[0][5], "6.1");
  EXPECT_EQ(obx[0][6], "%^%^ISO+");
  EXPECT_EQ(obx[1][6], "10*4/uL^10*4/uL^ISO+");
  EXPECT_EQ(obx[1][11], "F");

  std::vector<std::vector<std::string>> prb;
  for (const std::string& s : segments(text(3))) {
    if (starts_with(s, "PRB|")) prb.push_back(split(s, '|'));
  }
  ASSERT_EQ(prb.size(), 2U);  // all diagnoses in one file
  EXPECT_EQ(prb[0][3], "8846347^高血圧症^99RCD");
  EXPECT_EQ(prb[0][7], "20200401");
  EXPECT_EQ(prb[0][10], "I10^^I10");
  EXPECT_EQ(prb[1][13], "1");  // 修飾語 8002 = 疑い
}

TEST(Ssmix2Writer, PidCarriesTheIdentityWithFiveCaretsBeforeL) {
  const auto files = write_ssmix2(hospital_month());
  const std::string pid = segment(*decode_iso2022jp(files[0].bytes), "PID");
  const auto fields = split(pid, '|');
  EXPECT_EQ(fields[1], "0001");
  EXPECT_EQ(fields[3], "0123456789^^^^PI");
  // 髙 is outside JIS X 0208: ■; half-width kana arrive full-width.
  EXPECT_EQ(fields[5], "■橋^翔太^^^^^L^I~タカハシ^ショウタ^^^^^L^P");
  for (const std::string& repetition : split(fields[5], '~')) {
    const auto components = split(repetition, '^');
    ASSERT_EQ(components.size(), 8U);
    EXPECT_EQ(components[6], "L");
  }
  EXPECT_EQ(fields[7], "19890107");
  EXPECT_EQ(fields[8], "M");
  EXPECT_EQ(fields[11], "^^^^100-0001^JPN^H^東京都千代田区千代田1\\S\\2\\F\\3");
  EXPECT_EQ(hl7_escape("a|b^c~d\\e&f\r\n"), "a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f");
}

TEST(Ssmix2Writer, CorruptionsDamageOnlyThePidSegment) {
  const synth::FacilityMonth fm = hospital_month();
  synth::FacilityMonth clean = fm;
  for (auto& r : clean.records) r.identity.corruption = Corruption::none;
  const auto damaged = write_ssmix2(fm);
  const auto intact = write_ssmix2(clean);

  // truncated_line: PID ends after the first character of PID-5 (𠮷 -> ■); the other segments stay.
  const auto cut = decode_iso2022jp(damaged[4].bytes);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(segment(*cut, "PID"), "PID|0001||42^^^^PI||■");
  EXPECT_EQ(split(segment(*cut, "PID"), '|').size(), 6U);
  EXPECT_EQ(segments(*cut).size(), segments(*decode_iso2022jp(intact[4].bytes)).size());
  EXPECT_EQ(segment(*cut, "IN1"), segment(*decode_iso2022jp(intact[4].bytes), "IN1"));
  EXPECT_EQ(damaged[4].records[0].corruption, Corruption::truncated_line);

  // bad_byte_sequence: Shift_JIS bytes of ■ after the first PID-5 character; strict decoding fails,
  // and the two well-formed halves around them decode to the intact message text.
  EXPECT_FALSE(decode_iso2022jp(damaged[5].bytes).has_value());
  const std::string& bytes = damaged[5].bytes;
  const std::size_t at = bytes.find("\x81\xA1");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, bytes.find("\rPV1"));
  EXPECT_GT(at, bytes.find("\rPID|"));
  const auto left = decode_iso2022jp(bytes.substr(0, at));
  const auto right = decode_iso2022jp(bytes.substr(at + 2));
  ASSERT_TRUE(left && right);
  EXPECT_EQ(*left + *right, decode_iso2022jp(intact[5].bytes));
  EXPECT_TRUE(testing::starts_with(*right, "田^花子^^^^^L^I~"));

  // wrong_field_count has no HL7 form: written intact and reported as none.
  EXPECT_EQ(damaged[6].bytes, intact[6].bytes);
  EXPECT_EQ(damaged[6].records[0].corruption, Corruption::none);
  EXPECT_EQ(damaged[6].records[0].person_id, 302U);
}

TEST(Ssmix2Writer, ABrokenInsurerCheckDigitCountsOnlyWhereIn1IsWritten) {
  synth::FacilityMonth fm = hospital_month();
  for (auto& r : fm.records) {
    r.identity.corruption = Corruption::bad_check_digit;
    r.identity.insurer_number = "01130013";  // check digit 2 broken
  }
  const auto files = write_ssmix2(fm);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const bool adt = fm.records[i].message_kind == "ADT-00";
    EXPECT_EQ(files[i].records[0].corruption, adt ? Corruption::bad_check_digit : Corruption::none) << i;
    const auto text = decode_iso2022jp(files[i].bytes);
    if (text) {
      EXPECT_EQ(text->find("01130013") != std::string::npos, adt) << i;
    }
  }
}

TEST(Ssmix2Writer, UnknownKindThrows) {
  synth::FacilityMonth fm = hospital_month();
  fm.records[0].message_kind = "ADT-52";
  EXPECT_THROW(write_ssmix2(fm), Error);
}

}  // namespace
}  // namespace nayose::formats
