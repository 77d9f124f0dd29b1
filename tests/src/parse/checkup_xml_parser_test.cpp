#include "src/parse/checkup_xml_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "src/formats/checkup_xml_writer.hpp"
#include "tests/src/formats/fixtures.hpp"

// The 特定健診 XML parser: round trips through formats::write_checkup_xml (the generator's bytes are
// the oracle), and a table of hand-written malformed documents, each asserting its reason code.
namespace nayose::parse {
namespace {

using synth::Corruption;
using synth::ItemKind;
using synth::Sex;
namespace fx = formats::testing;

// --- round trip -------------------------------------------------------------------------------------

struct ExpectedEvent {
  std::string code, name, value, unit, extra;
};
struct ExpectedDocument {
  Corruption corruption = Corruption::none;
  std::string service_date, insurer, symbol, number, branch, postal_code, address, kana_name, sex, birth;
  std::vector<ExpectedEvent> events;
};

synth::FacilityMonth checkup_month(std::vector<ExpectedDocument>& expected) {
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
  r1.service_date = fx::date(2024, 6, 3);
  r1.identity = fx::identity("髙橋", "翔太", "タカハシ", "ショウタ", Sex::male, fx::date(1965, 4, 12));
  r1.identity.branch = "01";
  r1.identity.address = "東京都千代田区千代田1丁目1番1号 <A&B>";
  r1.items = {
      fx::item(ItemKind::checkup, "9N001000000000001", "身長", fx::date(2024, 6, 3), 0, "170.1", "", "cm"),
      fx::item(ItemKind::checkup, "1A020000000191111", "尿糖", fx::date(2024, 6, 3), 0, "1", "1.2.392.200119.6.2102"),
      fx::item(ItemKind::checkup, "9N511000000000049", "医師の判断", fx::date(2024, 6, 3), 0, "異常なし & <良好>"),
      fx::item(ItemKind::lab, "3D046000001906202", "HbA1c", fx::date(2024, 6, 3), 0, "", "", "%"),
      fx::item(ItemKind::checkup, "1A010000000191111", "尿蛋白", fx::date(2024, 6, 3), 0, "", "1.2.392.200119.6.2102"),
      fx::item(ItemKind::diagnosis, "1234567", "not written", fx::date(2024, 6, 3)),
      fx::item(ItemKind::checkup, "9N006000000000001", "体重", fx::date(2024, 6, 3), 0, "65.0", "ignored", "kg"),
  };
  ExpectedDocument e1;
  e1.service_date = "20240603";
  e1.insurer = "01130012";
  e1.symbol = "１２３４５６７";
  e1.number = "８９";
  e1.branch = "01";
  e1.postal_code = "100-0001";
  e1.address = "東京都千代田区千代田1丁目1番1号 <A&B>";
  e1.kana_name = "タカハシショウタ";
  e1.sex = "1";
  e1.birth = "19650412";
  e1.events = {{"9N001000000000001", "身長", "170.1", "cm", ""},
               {"1A020000000191111", "尿糖", "1", "", "1.2.392.200119.6.2102"},
               {"9N511000000000049", "医師の判断", "異常なし & <良好>", "", ""},
               {"3D046000001906202", "HbA1c", "", "%", ""},
               {"1A010000000191111", "尿蛋白", "", "", "1.2.392.200119.6.2102"},
               {"9N006000000000001", "体重", "65.0", "kg", ""}};

  synth::SourceRecord r2 = r1;
  r2.person_id = 402;
  r2.sequence = 13;
  r2.service_date = fx::date(2024, 6, 17);
  r2.identity = fx::identity("山﨑", "花子", "ﾔﾏｻﾞｷ", "ﾊﾅｺ", Sex::female, fx::date(1970, 1, 1));
  r2.identity.kana_name = "ﾔﾏｻﾞｷ ﾊﾅｺ";
  r2.identity.insurer_number = "138016";
  r2.identity.symbol.clear();
  r2.identity.branch.clear();
  r2.identity.postal_code.clear();
  r2.identity.birth_missing = true;
  r2.items.clear();
  ExpectedDocument e2;
  e2.service_date = "20240617";
  e2.insurer = "138016";
  e2.number = "８９";
  e2.address = "東京都千代田区千代田1丁目1番1号";
  e2.kana_name = "ﾔﾏｻﾞｷﾊﾅｺ";
  e2.sex = "2";

  synth::SourceRecord r3 = r2;  // truncated inside the name
  r3.person_id = 403;
  r3.sequence = 14;
  r3.identity.corruption = Corruption::truncated_line;
  ExpectedDocument e3 = e2;
  e3.corruption = Corruption::truncated_line;

  synth::SourceRecord r4 = r1;  // bad byte inside the name
  r4.person_id = 404;
  r4.sequence = 15;
  r4.identity.corruption = Corruption::bad_byte_sequence;
  ExpectedDocument e4 = e1;
  e4.corruption = Corruption::bad_byte_sequence;

  synth::SourceRecord r5 = r1;  // not applicable to XML: written (and parsed) undamaged
  r5.person_id = 405;
  r5.sequence = 16;
  r5.identity.corruption = Corruption::wrong_field_count;
  ExpectedDocument e5 = e1;

  synth::SourceRecord r6 = r1;  // impossible date: in the data, parsed as given
  r6.person_id = 406;
  r6.sequence = 17;
  r6.identity.corruption = Corruption::impossible_date;
  r6.identity.birth = fx::date(1965, 2, 30);
  r6.identity.kana_name = "ア";
  ExpectedDocument e6 = e1;
  e6.birth = "19650230";
  e6.kana_name = "ア";

  synth::SourceRecord r7 = r6;  // a one-character name, truncated: no character of it is kept
  r7.person_id = 407;
  r7.sequence = 18;
  r7.identity.corruption = Corruption::truncated_line;
  ExpectedDocument e7 = e6;
  e7.corruption = Corruption::truncated_line;

  fm.records = {r1, r2, r3, r4, r5, r6, r7};
  expected = {e1, e2, e3, e4, e5, e6, e7};
  return fm;
}

TEST(CheckupXmlParser, RoundTripsEveryWrittenFieldAndEvent) {
  std::vector<ExpectedDocument> expected;
  const synth::FacilityMonth fm = checkup_month(expected);
  const std::vector<synth::WrittenFile> files = formats::write_checkup_xml(fm);
  ASSERT_EQ(files.size(), expected.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE("document " + std::to_string(i));
    const ExpectedDocument& e = expected[i];
    const ParsedFile parsed = parse_checkup_xml(files[i].bytes);
    EXPECT_EQ(parsed.kind, SourceKind::checkup);
    ASSERT_FALSE(parsed.problem.has_value()) << parsed.problem->message;
    ASSERT_EQ(parsed.records_read(), 1U);
    ASSERT_EQ(files[i].records.size(), 1U);
    const ByteSpan whole{0, files[i].bytes.size()};
    if (e.corruption != Corruption::none) {
      ASSERT_EQ(parsed.quarantined.size(), 1U);
      const QuarantinedRecord& q = parsed.quarantined[0];
      EXPECT_EQ(q.position, files[i].records[0].position);
      EXPECT_EQ(q.bytes, whole);
      EXPECT_EQ(q.reason, e.corruption == Corruption::truncated_line ? Reason::truncated_file
                                                                      : Reason::bad_byte_sequence);
      EXPECT_EQ(q.message.find("ﾔ"), std::string::npos);
      continue;
    }
    ASSERT_EQ(parsed.records.size(), 1U) << parsed.quarantined[0].message;
    const ParsedRecord& r = parsed.records[0];
    EXPECT_EQ(r.position, files[i].records[0].position);
    EXPECT_EQ(r.bytes, whole);
    EXPECT_EQ(r.facility, "1311234567");
    EXPECT_EQ(r.service_month, "");
    EXPECT_EQ(r.service_date, e.service_date);
    const RawIdentity& id = r.identity;
    EXPECT_EQ(id.kanji_name, "");
    EXPECT_EQ(id.kana_name, e.kana_name);
    EXPECT_EQ(id.kanji_surname + id.kanji_given + id.kana_surname + id.kana_given, "");
    EXPECT_EQ(id.sex, e.sex);
    EXPECT_EQ(id.birth, e.birth);
    EXPECT_EQ(id.insurer, e.insurer);
    EXPECT_EQ(id.symbol, e.symbol);
    EXPECT_EQ(id.number, e.number);
    EXPECT_EQ(id.branch, e.branch);
    EXPECT_EQ(id.postal_code, e.postal_code);
    EXPECT_EQ(id.address, e.address);
    EXPECT_EQ(id.municipality, "");
    EXPECT_EQ(id.patient_id, "");
    EXPECT_EQ(id.care_number, "");
    ASSERT_EQ(r.events.size(), e.events.size());
    for (std::size_t k = 0; k < e.events.size(); ++k) {
      SCOPED_TRACE("observation " + std::to_string(k + 1));
      const ParsedEvent& ev = r.events[k];
      EXPECT_EQ(ev.kind, EventKind::checkup);
      EXPECT_EQ(ev.position, k + 1);
      EXPECT_EQ(ev.bytes, whole);
      EXPECT_EQ(ev.code, e.events[k].code);
      EXPECT_EQ(ev.name, e.events[k].name);
      EXPECT_EQ(ev.value, e.events[k].value);
      EXPECT_EQ(ev.unit, e.events[k].unit);
      EXPECT_EQ(ev.extra, e.events[k].extra);
      EXPECT_EQ(ev.date, e.service_date);
      EXPECT_EQ(ev.points, 0);
      EXPECT_EQ(ev.count, 1);
    }
  }
}

TEST(CheckupXmlParser, ParsesTheSameInManyThreadsAtOnce) {
  std::vector<ExpectedDocument> expected;
  const std::vector<synth::WrittenFile> files = formats::write_checkup_xml(checkup_month(expected));
  std::vector<std::vector<ParsedFile>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&files, &out = results[t]] {
      for (int round = 0; round < 50; ++round) {
        for (const synth::WrittenFile& f : files) out.push_back(parse_checkup_xml(f.bytes));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& per_thread : results) {
    ASSERT_EQ(per_thread.size(), 50 * files.size());
    for (std::size_t i = 0; i < per_thread.size(); ++i) {
      const ParsedFile& a = per_thread[i];
      const ParsedFile& b = results[0][i];
      ASSERT_EQ(a.records.size(), b.records.size());
      ASSERT_EQ(a.quarantined.size(), b.quarantined.size());
      if (!a.records.empty()) {
        EXPECT_EQ(a.records[0].identity.kana_name, b.records[0].identity.kana_name);
        EXPECT_EQ(a.records[0].events.size(), b.records[0].events.size());
      }
      if (!a.quarantined.empty()) {
        EXPECT_EQ(a.quarantined[0].reason, b.quarantined[0].reason);
      }
    }
  }
}

// --- hand-written documents ---------------------------------------------------------------------------

const std::string kDocument = R"(<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <effectiveTime value="20240603"/>
  <recordTarget>
    <patientRole>
      <id root="1.2.392.200119.6.101" extension="01130012"/>
      <id root="1.2.392.200119.6.204" extension="ABC"/>
      <id root="1.2.392.200119.6.205" extension="12"/>
      <id root="1.2.392.200119.6.211" extension="00"/>
      <addr><postalCode>100-0001</postalCode>東京都千代田区千代田</addr>
      <patient>
        <name>ヤマダタロウ</name>
        <administrativeGenderCode code="1" codeSystem="1.2.392.200119.6.1104"/>
        <birthTime value="19650412"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="20240603"/>
    <assignedAuthor>
      <id nullFlavor="NI"/>
      <representedOrganization>
        <id root="1.2.392.200119.6.102" extension="1311234567"/>
        <name>テスト健診センター</name>
      </representedOrganization>
    </assignedAuthor>
  </author>
  <component>
    <structuredBody>
      <component>
        <section>
          <entry>
            <observation classCode="OBS" moodCode="EVN">
              <code code="9N001000000000001" codeSystem="1.2.392.200119.6.1005" displayName="身長"/>
              <value xsi:type="PQ" value="170.1" unit="cm"/>
            </observation>
          </entry>
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
)";

// kDocument with the first occurrence of `from` replaced by `to`.
std::string with(std::string_view from, std::string_view to, const std::string& base = kDocument) {
  std::string out = base;
  const std::size_t at = out.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << from;
    return out;
  }
  out.replace(at, from.size(), to);
  return out;
}

// kDocument cut right after the first occurrence of `marker`.
std::string cut_after(std::string_view marker) {
  const std::size_t at = kDocument.find(marker);
  if (at == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << marker;
    return kDocument;
  }
  return kDocument.substr(0, at + marker.size());
}

TEST(CheckupXmlParser, TheHandWrittenBaseDocumentParses) {
  const ParsedFile f = parse_checkup_xml(kDocument);
  ASSERT_FALSE(f.problem.has_value());
  ASSERT_EQ(f.records.size(), 1U);
  const ParsedRecord& r = f.records[0];
  EXPECT_EQ(r.facility, "1311234567");
  EXPECT_EQ(r.service_date, "20240603");
  EXPECT_EQ(r.identity.kana_name, "ヤマダタロウ");
  EXPECT_EQ(r.identity.symbol, "ABC");
  EXPECT_EQ(r.identity.number, "12");
  EXPECT_EQ(r.identity.branch, "00");
  EXPECT_EQ(r.identity.address, "東京都千代田区千代田");
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events[0].value, "170.1");
}

TEST(CheckupXmlParser, AcceptsOtherProducersLayouts) {
  // Indented mixed content, a BOM, CDATA, a value without xsi:type, nested sections, the service date
  // only in documentationOf, and a null-flavoured birth time.
  std::string doc = with("<addr><postalCode>100-0001</postalCode>東京都千代田区千代田</addr>",
                         "<addr>\n        <postalCode>100-0001</postalCode>\n        東京都 千代田区\n      </addr>");
  doc = with("<name>ヤマダタロウ</name>", "<name><![CDATA[ヤマダ&タロウ]]></name>", doc);
  doc = with("<effectiveTime value=\"20240603\"/>",
             "<documentationOf><serviceEvent><effectiveTime value=\"20240604\"/></serviceEvent></documentationOf>",
             doc);
  doc = with("<birthTime value=\"19650412\"/>", "<birthTime nullFlavor=\"UNK\"/>", doc);
  doc = with("</section>",
             "<component><section><entry><observation><code code=\"X1\"/><value code=\"2\" codeSystem=\"9.9\"/>"
             "</observation></entry><entry><observation><code code=\"X2\"/><value>text</value></observation>"
             "</entry></section></component></section>",
             doc);
  doc = "\xEF\xBB\xBF" + doc;
  const ParsedFile f = parse_checkup_xml(doc);
  ASSERT_FALSE(f.problem.has_value()) << f.problem->message;
  ASSERT_EQ(f.records.size(), 1U) << f.quarantined[0].message;
  const ParsedRecord& r = f.records[0];
  EXPECT_EQ(r.identity.address, "東京都 千代田区");
  EXPECT_EQ(r.identity.postal_code, "100-0001");
  EXPECT_EQ(r.identity.kana_name, "ヤマダ&タロウ");
  EXPECT_EQ(r.identity.birth, "");
  EXPECT_EQ(r.service_date, "20240604");
  ASSERT_EQ(r.events.size(), 3U);
  EXPECT_EQ(r.events[1].code, "X1");
  EXPECT_EQ(r.events[1].value, "2");
  EXPECT_EQ(r.events[1].extra, "9.9");
  EXPECT_EQ(r.events[1].position, 2U);
  EXPECT_EQ(r.events[2].value, "text");
  EXPECT_EQ(r.events[2].date, "20240604");
}

TEST(CheckupXmlParser, AnAddressSpaceWithoutALineBreakIsData) {
  const ParsedFile f = parse_checkup_xml(with("東京都千代田区千代田</addr>", " 東京都千代田区千代田 </addr>"));
  ASSERT_EQ(f.records.size(), 1U);
  EXPECT_EQ(f.records[0].identity.address, " 東京都千代田区千代田 ");
}

struct Malformed {
  const char* name;
  std::string bytes;
  Reason reason;
  std::uint64_t position;  // 0: a whole-file problem
};

std::string billion_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [\n  <!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    doc += "  <!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    doc += "\">\n";
  }
  doc += "]>\n";
  return doc + with("<name>ヤマダタロウ</name>", "<name>&lol9;</name>").substr(39);
}

std::string deep_nesting(int depth) {
  std::string inner;
  for (int i = 0; i < depth; ++i) inner += "<x>";
  for (int i = 0; i < depth; ++i) inner += "</x>";
  return with("<name>ヤマダタロウ</name>", "<name>" + inner + "</name>");
}

std::vector<Malformed> malformed_documents() {
  const std::string xxe_header = "<?xml version=\"1.0\"?>\n";
  const std::string body = kDocument.substr(39);  // without the XML declaration line
  return {
      // whole-file problems
      {"empty", "", Reason::file_empty, 0},
      {"only blanks", " \r\n\t\n", Reason::file_not_format, 0},
      {"plain text", "ヤマダタロウ,1,19650412\r\n", Reason::file_not_format, 0},
      {"a care CSV", "保険者番号,被保険者番号\r\n131016,0000000001\r\n", Reason::file_not_format, 0},
      {"binary", std::string("\x89PNG\r\n\x1A\n\0\0", 10), Reason::file_not_format, 0},
      {"another root element", "<?xml version=\"1.0\"?><Foo xmlns=\"urn:hl7-org:v3\"/>", Reason::file_not_format, 0},
      {"root without namespace", with(" xmlns=\"urn:hl7-org:v3\"", ""), Reason::file_not_format, 0},
      {"root in another namespace", with("xmlns=\"urn:hl7-org:v3\"", "xmlns=\"urn:hl7-org:v2\""),
       Reason::file_not_format, 0},
      {"html", "<html><body><p>ヤマダ</p></body></html>", Reason::file_not_format, 0},
      // the document ends early
      {"cut after the first name character", cut_after("<name>ヤ") + "\n", Reason::truncated_file, 1},
      {"cut inside a start tag", cut_after("<patientRo"), Reason::truncated_file, 1},
      {"cut inside an attribute value", cut_after("extension=\"0113"), Reason::truncated_file, 1},
      {"cut inside a UTF-8 sequence", cut_after("<name>ヤ").substr(0, cut_after("<name>ヤ").size() - 1),
       Reason::truncated_file, 1},
      {"cut before the last '>'", kDocument.substr(0, kDocument.rfind('>')), Reason::truncated_file, 1},
      {"only the XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", Reason::truncated_file, 1},
      // bytes that are not UTF-8
      {"byte FF in the name", with("<name>ヤ", "<name>ヤ\xFF"), Reason::bad_byte_sequence, 1},
      {"overlong encoding of '/'", with("<name>ヤ", "<name>ヤ\xC0\xAF"), Reason::bad_byte_sequence, 1},
      {"UTF-16 surrogate", with("<name>ヤ", "<name>ヤ\xED\xA0\x80"), Reason::bad_byte_sequence, 1},
      {"Latin-1 e-acute", with("千代田</addr>", "千代田\xE9</addr>"), Reason::bad_byte_sequence, 1},
      {"Shift_JIS name", with("<name>ヤマダタロウ", "<name>\x83\x84\x83\x7D\x83\x5F"), Reason::bad_byte_sequence, 1},
      {"lone continuation byte", with("<patient>", "<patient>\x80"), Reason::bad_byte_sequence, 1},
      {"code point above U+10FFFF", with("<name>ヤ", "<name>ヤ\xF4\x90\x80\x80"), Reason::bad_byte_sequence, 1},
      // not well-formed
      {"mismatched end tag", with("</patient>", "</patientRole>"), Reason::not_well_formed, 1},
      {"unquoted attribute", with("code=\"1\"", "code=1"), Reason::not_well_formed, 1},
      {"second root element", kDocument + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>\n", Reason::not_well_formed, 1},
      {"text after the root", kDocument + "ヤマダ\n", Reason::not_well_formed, 1},
      {"undeclared entity", with("<name>ヤマダタロウ", "<name>&yamada;"), Reason::not_well_formed, 1},
      {"character reference to NUL", with("<name>ヤ", "<name>&#0;"), Reason::not_well_formed, 1},
      {"raw NUL byte", with("<name>ヤ", std::string("<name>\0", 7)), Reason::not_well_formed, 1},
      {"'<' in an attribute value", with("value=\"170.1\"", "value=\"<170\""), Reason::not_well_formed, 1},
      {"duplicate attribute", with("code=\"1\"", "code=\"1\" code=\"2\""), Reason::not_well_formed, 1},
      {"undeclared namespace prefix", with("<name>", "<foo:name>"), Reason::not_well_formed, 1},
      {"'--' inside a comment", with("<patient>", "<patient><!-- a -- b -->"), Reason::not_well_formed, 1},
      {"a second XML declaration", with("<patient>", "<patient><?xml version=\"1.0\"?>"), Reason::not_well_formed, 1},
      {"nesting deeper than libxml2's limit", deep_nesting(5000), Reason::not_well_formed, 1},
      // DTDs and entities are refused before libxml2 sees them
      {"billion laughs", billion_laughs(), Reason::not_well_formed, 1},
      {"XXE: local file",
       xxe_header + "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" +
           with("<name>ヤマダタロウ</name>", "<name>&x;</name>").substr(39),
       Reason::not_well_formed, 1},
      {"XXE: network",
       xxe_header + "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://198.51.100.1/x\">]>\n" +
           with("<name>ヤマダタロウ</name>", "<name>&x;</name>").substr(39),
       Reason::not_well_formed, 1},
      {"external DTD", xxe_header + "<!DOCTYPE ClinicalDocument SYSTEM \"http://198.51.100.1/cda.dtd\">\n" + body,
       Reason::not_well_formed, 1},
      {"parameter entity", xxe_header + "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://198.51.100.1/p\"> %p;]>\n" + body,
       Reason::not_well_formed, 1},
      // mandatory elements
      {"no recordTarget", with("<recordTarget>", "<recordTargetX>", with("</recordTarget>", "</recordTargetX>")),
       Reason::missing_element, 1},
      {"no patientRole", with("<patientRole>", "<patientRol>", with("</patientRole>", "</patientRol>")),
       Reason::missing_element, 1},
      {"no patient", with("<patient>", "<person>", with("</patient>", "</person>")), Reason::missing_element, 1},
      {"recordTarget in another namespace", with("<recordTarget>", "<recordTarget xmlns=\"urn:other\">"),
       Reason::missing_element, 1},
      // size
      {"above 16 MiB", with("千代田</addr>", "千代田" + std::string(kMaxMessageBytes, 'a') + "</addr>"),
       Reason::record_too_long, 1},
  };
}

TEST(CheckupXmlParser, EveryMalformedDocumentGetsItsReason) {
  const std::vector<Malformed> cases = malformed_documents();
  EXPECT_GE(cases.size(), 30U);
  for (const Malformed& c : cases) {
    SCOPED_TRACE(c.name);
    ::testing::internal::CaptureStderr();
    const auto start = std::chrono::steady_clock::now();
    const ParsedFile f = parse_checkup_xml(c.bytes);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed, "") << "libxml2 printed to stderr";
    EXPECT_LT(elapsed, std::chrono::seconds(2));
    EXPECT_EQ(f.kind, SourceKind::checkup);
    EXPECT_TRUE(f.records.empty());
    if (c.position == 0) {
      ASSERT_TRUE(f.problem.has_value());
      EXPECT_EQ(f.problem->reason, c.reason) << reason_name(f.problem->reason) << ": " << f.problem->message;
      EXPECT_TRUE(f.quarantined.empty());
      EXPECT_EQ(f.problem->message.find("ヤマダ"), std::string::npos);
      continue;
    }
    ASSERT_FALSE(f.problem.has_value()) << f.problem->message;
    ASSERT_EQ(f.quarantined.size(), 1U);
    const QuarantinedRecord& q = f.quarantined[0];
    EXPECT_EQ(q.reason, c.reason) << reason_name(q.reason) << ": " << q.message;
    EXPECT_EQ(q.position, c.position);
    EXPECT_EQ(q.bytes, (ByteSpan{0, c.bytes.size()}));
    EXPECT_FALSE(q.message.empty());
    EXPECT_EQ(q.message.find("ヤマダ"), std::string::npos);
    EXPECT_EQ(q.message.find("passwd"), std::string::npos);
  }
}

TEST(CheckupXmlParser, EveryPrefixOfADocumentIsHandled) {
  // Each proper prefix either is not XML yet (file-level), or is quarantined whole; none crashes.
  for (std::size_t size = 0; size < kDocument.size(); size += 7) {
    const ParsedFile f = parse_checkup_xml(std::string_view(kDocument).substr(0, size));
    EXPECT_TRUE(f.records.empty()) << size;
    EXPECT_EQ(f.records_read() + (f.problem ? 1U : 0U), 1U) << size;
    if (!f.quarantined.empty() && size > 40) {
      EXPECT_EQ(f.quarantined[0].reason, Reason::truncated_file) << size << ": " << f.quarantined[0].message;
    }
  }
}


TEST(CheckupXmlParser, ArbitraryBytesNeverCrash) {
  // A cheap deterministic stand-in for the fuzzer: mutate the written documents byte by byte.
  std::vector<ExpectedDocument> expected;
  const std::vector<synth::WrittenFile> files = formats::write_checkup_xml(checkup_month(expected));
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  const auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const char* const snippets[] = {"<", ">", "&", "&amp;", "<!DOCTYPE x>", "]]>", "<![CDATA[", "\"", "</", "xmlns:a=\"\""};
  for (int round = 0; round < 1500; ++round) {
    std::string bytes = files[static_cast<std::size_t>(next() % files.size())].bytes;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = next() % bytes.size();
      switch (next() % 4) {
        case 0: bytes[at] = static_cast<char>(next() & 0xFF); break;
        case 1: bytes.erase(at, 1 + next() % 16); break;
        case 2: bytes.insert(at, snippets[next() % 10]); break;
        default: bytes.insert(at, 1, static_cast<char>(next() & 0x7F)); break;
      }
      if (bytes.empty()) bytes = "<";
    }
    const ParsedFile f = parse_checkup_xml(bytes);
    ASSERT_EQ(f.records_read() + (f.problem ? 1U : 0U), 1U);
    for (const QuarantinedRecord& q : f.quarantined) {
      ASSERT_EQ(q.bytes, (ByteSpan{0, bytes.size()}));
      ASSERT_NE(q.reason, Reason::none);
    }
  }
}

}  // namespace
}  // namespace nayose::parse
