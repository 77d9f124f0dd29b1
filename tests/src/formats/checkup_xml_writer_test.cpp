#include "src/formats/checkup_xml_writer.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>
#include <string>

#include "src/formats/delimited.hpp"
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

const xmlChar* xml(const char* text) {
  return reinterpret_cast<const xmlChar*>(text);
}

struct DocFree {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
struct ContextFree {
  void operator()(xmlXPathContext* context) const noexcept { xmlXPathFreeContext(context); }
};
struct ObjectFree {
  void operator()(xmlXPathObject* object) const noexcept { xmlXPathFreeObject(object); }
};

std::unique_ptr<xmlDoc, DocFree> parse(const std::string& bytes) {
  return std::unique_ptr<xmlDoc, DocFree>(
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "checkup.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

class XPath {
 public:
  explicit XPath(xmlDoc* doc) : context_(xmlXPathNewContext(doc)) {
    xmlXPathRegisterNs(context_.get(), xml("h"), xml("urn:hl7-org:v3"));
    xmlXPathRegisterNs(context_.get(), xml("xsi"), xml("http://www.w3.org/2001/XMLSchema-instance"));
  }
  std::string string(const std::string& expression) {
    std::unique_ptr<xmlXPathObject, ObjectFree> result(
        xmlXPathEvalExpression(xml(("string(" + expression + ")").c_str()), context_.get()));
    if (!result || result->stringval == nullptr) return "<no result>";
    return reinterpret_cast<const char*>(result->stringval);
  }
  double number(const std::string& expression) {
    std::unique_ptr<xmlXPathObject, ObjectFree> result(
        xmlXPathEvalExpression(xml(expression.c_str()), context_.get()));
    return result ? result->floatval : -1;
  }

 private:
  std::unique_ptr<xmlXPathContext, ContextFree> context_;
};

synth::FacilityMonth checkup_month() {
  synth::FacilityMonth fm;
  fm.facility.kind = synth::FacilityKind::checkup_center;
  fm.facility.code = "1311234567";
  fm.facility.prefecture_code = "13";
  fm.facility.name = "テスト健診センター";
  fm.year = 2024;
  fm.month = 6;

  synth::SourceRecord r1;
  r1.person_id = 401;
  r1.sequence = 12;
  r1.service_date = date(2024, 6, 3);
  r1.identity = testing::identity("髙橋", "翔太", "タカハシ", "ショウタ", Sex::male, date(1965, 4, 12));
  r1.identity.branch = "01";
  r1.identity.address = "東京都千代田区千代田1丁目1番1号 <A&B>";
  r1.items = {
      item(ItemKind::checkup, "9N001000000000001", "身長", date(2024, 6, 3), 0, "170.1", "", "cm"),
      item(ItemKind::checkup, "1A020000000191111", "尿糖", date(2024, 6, 3), 0, "1", "1.2.392.200119.6.2102"),
      item(ItemKind::checkup, "9N511000000000049", "医師の判断", date(2024, 6, 3), 0, "異常なし"),
  };

  synth::SourceRecord r2 = r1;
  r2.person_id = 402;
  r2.sequence = 13;
  r2.identity = testing::identity("山﨑", "花子", "ﾔﾏｻﾞｷ", "ﾊﾅｺ", Sex::female, date(1970, 1, 1));
  r2.identity.kana_name = "ﾔﾏｻﾞｷ ﾊﾅｺ";
  r2.identity.insurer_number = "138016";
  r2.identity.corruption = Corruption::truncated_line;

  synth::SourceRecord r3 = r2;
  r3.person_id = 403;
  r3.sequence = 14;
  r3.identity.corruption = Corruption::bad_byte_sequence;

  synth::SourceRecord r4 = r2;
  r4.person_id = 404;
  r4.sequence = 15;
  r4.identity.corruption = Corruption::wrong_field_count;

  fm.records = {r1, r2, r3, r4};
  return fm;
}

TEST(CheckupXmlWriter, OneDataFilePerVisitNamedPerTheArchiveSpec) {
  const auto files = write_checkup_xml(checkup_month());
  ASSERT_EQ(files.size(), 4U);
  for (const synth::WrittenFile& f : files) {
    // checkup/<機関番号 10>/DATA/h<機関番号 10><YYYYMMDD><連番 1><実施区分 1><serial 6>.xml
    const auto dirs = split(f.relative_path, '/');
    ASSERT_EQ(dirs.size(), 4U) << f.relative_path;
    EXPECT_EQ(dirs[0], "checkup");
    EXPECT_TRUE(testing::all_digits(dirs[1], 10));
    EXPECT_EQ(dirs[2], "DATA");
    ASSERT_EQ(dirs[3].size(), 1 + 10 + 8 + 1 + 1 + 6 + 4);
    EXPECT_EQ(dirs[3].substr(0, 1), "h");
    EXPECT_EQ(dirs[3].substr(1, 10), dirs[1]);
    EXPECT_TRUE(testing::all_digits(dirs[3].substr(11, 16), 16));
    EXPECT_EQ(dirs[3].substr(27), ".xml");
    EXPECT_EQ(f.kind, synth::SourceKind::checkup);
    ASSERT_EQ(f.records.size(), 1U);
    EXPECT_EQ(f.records[0].position, 1U);
  }
  EXPECT_EQ(files[0].relative_path, "checkup/1311234567/DATA/h13112345672024060311000012.xml");
}

TEST(CheckupXmlWriter, HeaderIdentityIsFoundByXPath) {
  const auto files = write_checkup_xml(checkup_month());
  ASSERT_TRUE(is_valid_utf8(files[0].bytes));
  EXPECT_TRUE(testing::starts_with(files[0].bytes, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  auto doc = parse(files[0].bytes);
  ASSERT_TRUE(doc);
  XPath x(doc.get());
  const std::string role = "/h:ClinicalDocument/h:recordTarget/h:patientRole";
  EXPECT_EQ(x.string(role + "/h:id[@root='1.2.392.200119.6.101']/@extension"), "01130012");
  EXPECT_EQ(x.string(role + "/h:id[@root='1.2.392.200119.6.204']/@extension"), "１２３４５６７");
  EXPECT_EQ(x.string(role + "/h:id[@root='1.2.392.200119.6.205']/@extension"), "８９");
  EXPECT_EQ(x.string(role + "/h:id[@root='1.2.392.200119.6.211']/@extension"), "01");
  EXPECT_EQ(x.string(role + "/h:addr/h:postalCode"), "100-0001");
  EXPECT_EQ(x.string(role + "/h:addr/text()"), "東京都千代田区千代田1丁目1番1号 <A&B>");
  EXPECT_EQ(x.string(role + "/h:patient/h:name"), "タカハシショウタ");
  EXPECT_EQ(x.string(role + "/h:patient/h:administrativeGenderCode/@code"), "1");
  EXPECT_EQ(x.string(role + "/h:patient/h:administrativeGenderCode/@codeSystem"), "1.2.392.200119.6.1104");
  EXPECT_EQ(x.string(role + "/h:patient/h:birthTime/@value"), "19650412");
  EXPECT_EQ(x.string("/h:ClinicalDocument/h:code/@code"), "10");
  EXPECT_EQ(x.string("/h:ClinicalDocument/h:author/h:assignedAuthor/h:representedOrganization/"
                     "h:id[@root='1.2.392.200119.6.102']/@extension"),
            "1311234567");
  EXPECT_EQ(x.string("/h:ClinicalDocument/h:documentationOf/h:serviceEvent/h:effectiveTime/@value"),
            "20240603");
  EXPECT_EQ(x.string("/h:ClinicalDocument/h:effectiveTime/@value"), "20240603");
}

TEST(CheckupXmlWriter, ObservationsAreInSection01010WithTypedValues) {
  const auto files = write_checkup_xml(checkup_month());
  auto doc = parse(files[0].bytes);
  ASSERT_TRUE(doc);
  XPath x(doc.get());
  const std::string section = "/h:ClinicalDocument/h:component/h:structuredBody/h:component/h:section";
  EXPECT_EQ(x.string(section + "/h:code/@code"), "01010");
  EXPECT_EQ(x.number("count(" + section + "/h:entry/h:observation)"), 3.0);
  const std::string height = section + "/h:entry/h:observation[h:code/@code='9N001000000000001']";
  EXPECT_EQ(x.string(height + "/h:code/@codeSystem"), "1.2.392.200119.6.1005");
  EXPECT_EQ(x.string(height + "/h:value/@xsi:type"), "PQ");
  EXPECT_EQ(x.string(height + "/h:value/@value"), "170.1");
  EXPECT_EQ(x.string(height + "/h:value/@unit"), "cm");
  const std::string sugar = section + "/h:entry/h:observation[h:code/@code='1A020000000191111']";
  EXPECT_EQ(x.string(sugar + "/h:value/@xsi:type"), "CD");
  EXPECT_EQ(x.string(sugar + "/h:value/@code"), "1");
  EXPECT_EQ(x.string(sugar + "/h:value/@codeSystem"), "1.2.392.200119.6.2102");
  const std::string doctor = section + "/h:entry/h:observation[h:code/@code='9N511000000000049']";
  EXPECT_EQ(x.string(doctor + "/h:value/@xsi:type"), "ST");
  EXPECT_EQ(x.string(doctor + "/h:value"), "異常なし");
}

TEST(CheckupXmlWriter, CorruptionsBreakTheDocumentInsideTheName) {
  const synth::FacilityMonth fm = checkup_month();
  synth::FacilityMonth clean = fm;
  for (auto& r : clean.records) r.identity.corruption = Corruption::none;
  const auto damaged = write_checkup_xml(fm);
  const auto intact = write_checkup_xml(clean);

  // Undamaged half-width kana name: written as given, spaces removed.
  {
    auto doc = parse(intact[1].bytes);
    ASSERT_TRUE(doc);
    XPath x(doc.get());
    EXPECT_EQ(x.string("//h:patient/h:name"), "ﾔﾏｻﾞｷﾊﾅｺ");
    EXPECT_EQ(x.string("//h:patientRole/h:id[@root='1.2.392.200119.6.101']/@extension"), "138016");
  }
  // truncated_line: the document stops after the first character of the name.
  EXPECT_FALSE(parse(damaged[1].bytes));
  const std::string tail = "<name>ﾔ\n";
  ASSERT_GT(damaged[1].bytes.size(), tail.size());
  EXPECT_EQ(damaged[1].bytes.substr(damaged[1].bytes.size() - tail.size()), tail);
  EXPECT_EQ(damaged[1].bytes.substr(0, damaged[1].bytes.size() - 1),
            intact[1].bytes.substr(0, damaged[1].bytes.size() - 1));
  // bad_byte_sequence: 0xFF after the first character of the name.
  EXPECT_FALSE(is_valid_utf8(damaged[2].bytes));
  EXPECT_FALSE(parse(damaged[2].bytes));
  EXPECT_NE(damaged[2].bytes.find("<name>ﾔ\xFFﾏｻﾞｷﾊﾅｺ</name>"), std::string::npos);
  std::string repaired = damaged[2].bytes;
  repaired.erase(repaired.find(kBadUtf8Bytes), 1);
  EXPECT_EQ(repaired, intact[2].bytes);
  // wrong_field_count: not applicable, written intact and reported as none.
  EXPECT_EQ(damaged[3].bytes, intact[3].bytes);
  EXPECT_EQ(damaged[3].records[0].corruption, Corruption::none);
  EXPECT_EQ(damaged[1].records[0].corruption, Corruption::truncated_line);
  EXPECT_EQ(damaged[2].records[0].corruption, Corruption::bad_byte_sequence);
}

}  // namespace
}  // namespace nayose::formats
