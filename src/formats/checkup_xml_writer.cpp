#include "src/formats/checkup_xml_writer.hpp"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <memory>
#include <string>

#include "src/common/error.hpp"
#include "src/formats/delimited.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

using synth::ClinicalItem;
using synth::Corruption;
using synth::ItemKind;

constexpr const char* kInsurerOid = "1.2.392.200119.6.101";
constexpr const char* kSymbolOid = "1.2.392.200119.6.204";
constexpr const char* kNumberOid = "1.2.392.200119.6.205";
constexpr const char* kBranchOid = "1.2.392.200119.6.211";
constexpr const char* kOrganizationOid = "1.2.392.200119.6.102";
constexpr const char* kReportKindOid = "1.2.392.200119.6.1001";
constexpr const char* kSectionOid = "1.2.392.200119.6.1010";
constexpr const char* kItemOid = "1.2.392.200119.6.1005";
constexpr const char* kGenderOid = "1.2.392.200119.6.1104";

const xmlChar* xml(const char* text) {
  return reinterpret_cast<const xmlChar*>(text);
}
const xmlChar* xml(const std::string& text) {
  return xml(text.c_str());
}

struct BufferFree {
  void operator()(xmlBuffer* buffer) const noexcept { xmlBufferFree(buffer); }
};
struct WriterFree {
  void operator()(xmlTextWriter* writer) const noexcept { xmlFreeTextWriter(writer); }
};

// Thin checked wrapper: every libxml2 failure becomes nayose::Error.
class XmlWriter {
 public:
  XmlWriter() : buffer_(xmlBufferCreate()) {
    if (!buffer_) throw Error("libxml2: cannot create a buffer");
    writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
    if (!writer_) throw Error("libxml2: cannot create a text writer");
    check(xmlTextWriterSetIndent(writer_.get(), 1));
    check(xmlTextWriterSetIndentString(writer_.get(), xml("  ")));
    check(xmlTextWriterStartDocument(writer_.get(), "1.0", "UTF-8", nullptr));
  }

  void start(const char* element) { check(xmlTextWriterStartElement(writer_.get(), xml(element))); }
  void end() { check(xmlTextWriterEndElement(writer_.get())); }
  void attribute(const char* name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(writer_.get(), xml(name), xml(value)));
  }
  // Indentation would add whitespace text nodes inside mixed content (<addr>): switch it off there.
  void indent(bool on) { check(xmlTextWriterSetIndent(writer_.get(), on ? 1 : 0)); }
  void raw(const char* bytes) { check(xmlTextWriterWriteRaw(writer_.get(), xml(bytes))); }
  void text(const std::string& value) { check(xmlTextWriterWriteString(writer_.get(), xml(value))); }
  void element(const char* name, const std::string& value) {
    check(xmlTextWriterWriteElement(writer_.get(), xml(name), xml(value)));
  }
  // <name a1="v1" a2="v2"/>
  void empty(const char* name, std::initializer_list<std::pair<const char*, std::string>> attributes) {
    start(name);
    for (const auto& [key, value] : attributes) attribute(key, value);
    end();
  }
  void id(const char* root, const std::string& extension) {
    empty("id", {{"root", root}, {"extension", extension}});
  }

  std::string finish() {
    check(xmlTextWriterEndDocument(writer_.get()));
    writer_.reset();  // flushes into the buffer
    return {reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
            static_cast<std::size_t>(xmlBufferLength(buffer_.get()))};
  }

 private:
  static void check(int result) {
    if (result < 0) throw Error("libxml2: xmlTextWriter call failed");
  }
  std::unique_ptr<xmlBuffer, BufferFree> buffer_;
  std::unique_ptr<xmlTextWriter, WriterFree> writer_;
};

std::string postal_with_hyphen(const std::string& postal) {
  if (postal.size() == 7 && postal.find_first_not_of("0123456789") == std::string::npos) {
    return postal.substr(0, 3) + "-" + postal.substr(3);
  }
  return postal;
}

void write_observation(XmlWriter& w, const ClinicalItem& item) {
  w.start("entry");
  w.start("observation");
  w.attribute("classCode", "OBS");
  w.attribute("moodCode", "EVN");
  w.empty("code", {{"code", item.code}, {"codeSystem", kItemOid}, {"displayName", item.name}});
  w.start("value");
  if (!item.unit.empty()) {
    w.attribute("xsi:type", "PQ");
    if (item.value.empty()) {
      w.attribute("nullFlavor", "NI");
    } else {
      w.attribute("value", item.value);
    }
    w.attribute("unit", item.unit);
  } else if (!item.extra.empty()) {
    w.attribute("xsi:type", "CD");
    if (item.value.empty()) {
      w.attribute("nullFlavor", "NI");
    } else {
      w.attribute("code", item.value);
    }
    w.attribute("codeSystem", item.extra);
  } else {
    w.attribute("xsi:type", "ST");
    w.text(item.value);
  }
  w.end();  // value
  w.end();  // observation
  w.end();  // entry
}

std::string document(const synth::FacilityMonth& fm, const synth::SourceRecord& record) {
  const synth::RecordedIdentity& id = record.identity;
  const std::string day = yyyymmdd(record.service_date);
  XmlWriter w;
  w.start("ClinicalDocument");
  w.attribute("xmlns", "urn:hl7-org:v3");
  w.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  w.attribute("xsi:schemaLocation", "urn:hl7-org:v3 ../XSD/hc08_V08.xsd");
  w.empty("typeId", {{"root", "2.16.840.1.113883.1.3"}, {"extension", "POCD_HD000040"}});
  // Document id: root = 機関番号 OID + "1" + 健診機関番号 (the form used by the eCheckup examples).
  const std::string document_root = std::string(kOrganizationOid) + ".1" + fm.facility.code;
  w.id(document_root.c_str(), zero_padded(record.sequence, 10));
  w.empty("code", {{"code", "10"}, {"codeSystem", kReportKindOid}});
  w.element("title", "特定健診情報ファイル");
  w.empty("effectiveTime", {{"value", day}});
  w.empty("confidentialityCode", {{"code", "N"}, {"codeSystem", "2.16.840.1.113883.5.25"}});

  w.start("recordTarget");
  w.start("patientRole");
  w.id(kInsurerOid, id.insurer_number);
  w.id(kSymbolOid, id.symbol);
  w.id(kNumberOid, id.number);
  w.id(kBranchOid, id.branch);
  w.start("addr");
  w.indent(false);
  w.element("postalCode", postal_with_hyphen(id.postal_code));
  w.text(id.address);
  w.end();  // addr
  w.indent(true);
  w.raw("\n");  // the line break libxml2 omits after an unindented element
  w.start("patient");
  w.element("name", without_spaces(id.kana_name));
  w.empty("administrativeGenderCode",
          {{"code", id.sex == synth::Sex::female ? "2" : "1"}, {"codeSystem", kGenderOid}});
  if (id.birth_missing || id.birth.empty()) {
    w.empty("birthTime", {{"nullFlavor", "UNK"}});
  } else {
    w.empty("birthTime", {{"value", yyyymmdd(id.birth)}});
  }
  w.end();  // patient
  w.end();  // patientRole
  w.end();  // recordTarget

  w.start("author");
  w.empty("time", {{"value", day}});
  w.start("assignedAuthor");
  w.empty("id", {{"nullFlavor", "NI"}});
  w.start("representedOrganization");
  w.id(kOrganizationOid, fm.facility.code);
  w.element("name", fm.facility.name);
  w.end();  // representedOrganization
  w.end();  // assignedAuthor
  w.end();  // author

  w.start("custodian");
  w.start("assignedCustodian");
  w.start("representedCustodianOrganization");
  w.id(kOrganizationOid, fm.facility.code);
  w.end();
  w.end();
  w.end();  // custodian

  w.start("documentationOf");
  w.start("serviceEvent");
  w.attribute("classCode", "PCPR");
  w.empty("effectiveTime", {{"value", day}});
  w.end();
  w.end();  // documentationOf

  w.start("component");
  w.start("structuredBody");
  w.start("component");
  w.start("section");
  w.empty("code", {{"code", "01010"}, {"codeSystem", kSectionOid}, {"displayName", "特定健診・問診結果"}});
  w.element("title", "特定健診・問診結果");
  w.element("text", "");
  for (const ClinicalItem& item : record.items) {
    if (item.kind == ItemKind::checkup || item.kind == ItemKind::lab) write_observation(w, item);
  }
  w.end();  // section
  w.end();  // component
  w.end();  // structuredBody
  w.end();  // component
  w.end();  // ClinicalDocument
  return w.finish();
}

std::string xml_escaped_text(const std::string& character) {
  if (character == "&") return "&amp;";
  if (character == "<") return "&lt;";
  if (character == ">") return "&gt;";
  if (character == "\r") return "&#13;";
  return character;
}

// Applies truncated_line / bad_byte_sequence inside patient/name (README "特定健診 XML").
std::string damaged(std::string bytes, const synth::RecordedIdentity& id) {
  if (id.corruption != Corruption::truncated_line && id.corruption != Corruption::bad_byte_sequence)
    return bytes;
  const std::size_t patient = bytes.find("<patient>");
  const std::size_t name = bytes.find("<name>", patient);
  if (patient == std::string::npos || name == std::string::npos)
    throw Error("write_checkup_xml: no patient name");
  const std::size_t cut = name + std::string("<name>").size() +
                          xml_escaped_text(split_first_code_point(without_spaces(id.kana_name)).first).size();
  if (id.corruption == Corruption::truncated_line) return bytes.substr(0, cut) + "\n";
  return bytes.insert(cut, kBadUtf8Bytes);
}

}  // namespace

std::vector<synth::WrittenFile> write_checkup_xml(const synth::FacilityMonth& fm) {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;

  std::vector<synth::WrittenFile> files;
  files.reserve(fm.records.size());
  for (const synth::SourceRecord& record : fm.records) {
    const synth::RecordedIdentity& id = record.identity;
    synth::WrittenFile file;
    file.kind = synth::SourceKind::checkup;
    file.relative_path = "checkup/" + fm.facility.code + "/DATA/h" + fm.facility.code +
                         yyyymmdd(record.service_date) + "11" + zero_padded(record.sequence % 1'000'000, 6) +
                         ".xml";
    file.bytes = damaged(document(fm, record), id);
    // A wrong field count has no XML equivalent: such a record is written undamaged (README).
    const Corruption written =
        id.corruption == Corruption::wrong_field_count ? Corruption::none : id.corruption;
    file.records.push_back({1, record.person_id, id.error_flags, written});
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace nayose::formats
