#include "src/parse/checkup_xml_parser.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/formats/encoding.hpp"

// One 特定健診 CDA document = one record. The checks run cheapest first, and nothing reaches
// libxml2 that could make it expand entities or open a URL:
//   empty → file_empty; above kMaxMessageBytes → record_too_long; no '<' first → file_not_format;
//   invalid UTF-8 → bad_byte_sequence (an incomplete sequence at the very end → truncated_file);
//   a DOCTYPE anywhere → not_well_formed (our format has none, and refusing it up front is what keeps
//   XXE and billion-laughs documents away from the entity machinery); then libxml2 with NONET and
//   without NOENT/DTDLOAD. A document libxml2 rejects is truncated_file when its bytes are a prefix a
//   push parser still accepts (it only ran out of input), else not_well_formed.
// libxml2's own messages are never copied: they may quote names or values from the document.

namespace nayose::parse {
namespace {

constexpr const char* kHl7Namespace = "urn:hl7-org:v3";
constexpr const char* kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* kInsurerOid = "1.2.392.200119.6.101";
constexpr const char* kSymbolOid = "1.2.392.200119.6.204";
constexpr const char* kNumberOid = "1.2.392.200119.6.205";
constexpr const char* kBranchOid = "1.2.392.200119.6.211";
constexpr const char* kOrganizationOid = "1.2.392.200119.6.102";

// No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR/DTDVALID, no XINCLUDE, no HUGE (libxml2's
// default depth and text-size limits stay on). NOCDATA merges CDATA sections into text nodes.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

const xmlChar* xml(const char* text) noexcept {
  return reinterpret_cast<const xmlChar*>(text);
}

void initialise_libxml2_once() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

// The first error libxml2 reported for one parser context (reached through the context's _private).
struct ErrorCapture {
  int errors = 0;
  int code = 0;
  int line = 0;
  int column = 0;
};

void capture_error(void* /*user_data*/, xmlErrorPtr error) {
  if (error == nullptr || error->level == XML_ERR_WARNING || error->level == XML_ERR_NONE) return;
  auto* context = static_cast<xmlParserCtxtPtr>(error->ctxt);
  if (context == nullptr || context->_private == nullptr) return;
  auto* capture = static_cast<ErrorCapture*>(context->_private);
  if (capture->errors++ == 0) {
    capture->code = error->code;
    capture->line = error->line;
    capture->column = error->int2;
  }
}

struct ContextFree {
  void operator()(xmlParserCtxt* context) const noexcept {
    if (context->myDoc != nullptr) {
      xmlFreeDoc(context->myDoc);
      context->myDoc = nullptr;
    }
    xmlFreeParserCtxt(context);
  }
};
using ContextPtr = std::unique_ptr<xmlParserCtxt, ContextFree>;
struct DocFree {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;
struct XmlStringFree {
  void operator()(xmlChar* text) const noexcept { xmlFree(text); }
};

std::string take(xmlChar* owned) {
  const std::unique_ptr<xmlChar, XmlStringFree> holder(owned);
  if (owned == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(owned));
}

// libxml2 keeps a per-thread copy of the last error; drop it so nothing of the document lingers.
struct LastErrorReset {
  ~LastErrorReset() { xmlResetLastError(); }
};

std::string location(const ErrorCapture& capture) {
  return "libxml2 error " + std::to_string(capture.code) + " at line " + std::to_string(capture.line) +
         " column " + std::to_string(capture.column);
}

// Number of bytes at the end that form an incomplete (cut) UTF-8 sequence; 0 when there is none.
std::size_t incomplete_utf8_tail(std::string_view bytes) {
  const std::size_t look = bytes.size() < 3 ? bytes.size() : 3;
  for (std::size_t tail = 1; tail <= look; ++tail) {
    const auto lead = static_cast<unsigned char>(bytes[bytes.size() - tail]);
    if ((lead & 0xC0U) == 0x80U) continue;  // a continuation byte: look further back
    std::size_t expected = 0;
    if (lead >= 0xC2 && lead <= 0xDF) expected = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) expected = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) expected = 4;
    return expected > tail ? tail : 0;
  }
  return 0;
}

// Offset of the first byte of the first invalid UTF-8 sequence (for the message), by bisection on
// the shared strict validator: valid(prefix) is monotone in the prefix length up to a split sequence,
// so this finds a point at or just before the bad bytes.
std::size_t first_invalid_utf8_offset(std::string_view bytes) {
  std::size_t good = 0;
  std::size_t bad = bytes.size();
  while (bad - good > 4) {
    const std::size_t mid = good + (bad - good) / 2;
    // Move to a character boundary so a valid prefix is not rejected for a cut sequence.
    std::size_t cut = mid;
    while (cut > good && (static_cast<unsigned char>(bytes[cut]) & 0xC0U) == 0x80U) --cut;
    if (cut == good) break;
    if (formats::is_valid_utf8(bytes.substr(0, cut))) {
      good = cut;
    } else {
      bad = cut;
    }
  }
  return good;
}

std::size_t line_of_offset(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') ++line;
  }
  return line;
}

bool starts_like_xml(std::string_view bytes) {
  std::string_view rest = bytes;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  for (const char c : rest) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '<';
  }
  return false;
}

// True when a push parser given `bytes` without the end-of-input mark has found nothing wrong: the
// document only ran out of input. The default SAX2 handler builds the tree as the pull parse did, so
// the same limits apply (libxml2 checks the nesting depth while building).
bool is_well_formed_prefix(std::string_view bytes) {
  ErrorCapture capture;
  ContextPtr context(xmlCreatePushParserCtxt(nullptr, nullptr, nullptr, 0, nullptr));
  if (!context || context->sax == nullptr) return false;
  context->_private = &capture;
  context->sax->serror = capture_error;
  xmlCtxtUseOptions(context.get(), kParseOptions);
  const int status = xmlParseChunk(context.get(), bytes.data(), static_cast<int>(bytes.size()), 0);
  return status == 0 && capture.errors == 0 && context->wellFormed != 0 && context->nsWellFormed != 0;
}

bool is_hl7(const xmlNode* node, const char* local_name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && node->ns != nullptr && node->ns->href != nullptr &&
         xmlStrEqual(node->ns->href, xml(kHl7Namespace)) != 0 && xmlStrEqual(node->name, xml(local_name)) != 0;
}

const xmlNode* child(const xmlNode* parent, const char* local_name) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (is_hl7(c, local_name)) return c;
  }
  return nullptr;
}

template <typename Visit>
void for_each_child(const xmlNode* parent, const char* local_name, Visit&& visit) {
  if (parent == nullptr) return;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (is_hl7(c, local_name)) visit(c);
  }
}

// A namespace-less attribute's value; nullopt when absent.
std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return std::nullopt;
  if (xmlHasNsProp(node, xml(name), nullptr) == nullptr) return std::nullopt;
  return take(xmlGetNoNsProp(node, xml(name)));
}

std::string attribute_or_empty(const xmlNode* node, const char* name) {
  return attribute(node, name).value_or(std::string());
}

std::string text_content(const xmlNode* node) {
  if (node == nullptr) return {};
  return take(xmlNodeGetContent(node));
}

// Removes leading and trailing whitespace runs that contain a line break (the indentation a pretty
// printer adds around mixed content); a run without a line break is data and stays.
std::string without_indentation(std::string text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t end = text.size();
  while (end > 0 && is_space(text[end - 1])) --end;
  if (text.find('\n', end) != std::string::npos) text.erase(end);
  std::size_t begin = 0;
  while (begin < text.size() && is_space(text[begin])) ++begin;
  if (text.substr(0, begin).find('\n') != std::string::npos) text.erase(0, begin);
  return text;
}

// id[@root=oid]/@extension among the children of `parent`.
std::string id_extension(const xmlNode* parent, const char* oid) {
  std::string found;
  bool done = false;
  for_each_child(parent, "id", [&](const xmlNode* id) {
    if (done) return;
    if (attribute_or_empty(id, "root") == oid) {
      found = attribute_or_empty(id, "extension");
      done = true;
    }
  });
  return found;
}

// addr: the mixed content without postalCode, indentation removed.
std::string address_text(const xmlNode* addr) {
  std::string text;
  for (const xmlNode* c = addr->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) text += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE && !is_hl7(c, "postalCode")) {
      text += text_content(c);
    }
  }
  return without_indentation(std::move(text));
}

std::string facility_code(const xmlNode* root) {
  std::string code;
  for_each_child(root, "author", [&](const xmlNode* author) {
    if (!code.empty()) return;
    const xmlNode* organization = child(child(author, "assignedAuthor"), "representedOrganization");
    if (organization != nullptr) code = id_extension(organization, kOrganizationOid);
  });
  return code;
}

std::string service_date(const xmlNode* root) {
  std::string date = attribute_or_empty(child(root, "effectiveTime"), "value");
  if (!date.empty()) return date;
  return attribute_or_empty(child(child(child(root, "documentationOf"), "serviceEvent"), "effectiveTime"), "value");
}

ParsedEvent observation_event(const xmlNode* observation, std::uint64_t position, ByteSpan bytes,
                              const std::string& date) {
  ParsedEvent event;
  event.kind = EventKind::checkup;
  event.position = position;
  event.bytes = bytes;
  event.date = date;
  const xmlNode* code = child(observation, "code");
  event.code = attribute_or_empty(code, "code");
  event.name = attribute_or_empty(code, "displayName");
  const xmlNode* value = child(observation, "value");
  if (value == nullptr) return event;
  std::string type = take(xmlGetNsProp(value, xml("type"), xml(kXsiNamespace)));
  if (const std::size_t colon = type.find(':'); colon != std::string::npos) type.erase(0, colon + 1);
  const bool physical = type == "PQ" || (type.empty() && attribute(value, "value").has_value());
  const bool coded = !physical && (type == "CD" || type == "CE" || type == "CO" ||
                                   (type.empty() && attribute(value, "code").has_value()));
  if (physical) {
    event.value = attribute_or_empty(value, "value");
    event.unit = attribute_or_empty(value, "unit");
  } else if (coded) {
    event.value = attribute_or_empty(value, "code");
    event.extra = attribute_or_empty(value, "codeSystem");
  } else {
    event.value = text_content(value);
  }
  return event;
}

// Every section of the structured body, nested subsections included (iteratively: no recursion on
// input-controlled depth).
std::vector<const xmlNode*> sections(const xmlNode* root) {
  std::vector<const xmlNode*> out;
  std::vector<const xmlNode*> pending;
  for_each_child(child(root, "component"), "structuredBody", [&](const xmlNode* body) {
    for_each_child(body, "component", [&](const xmlNode* component) {
      for_each_child(component, "section", [&](const xmlNode* section) { pending.push_back(section); });
    });
  });
  std::reverse(pending.begin(), pending.end());
  while (!pending.empty()) {
    const xmlNode* section = pending.back();
    pending.pop_back();
    out.push_back(section);
    std::vector<const xmlNode*> nested;
    for_each_child(section, "component", [&](const xmlNode* component) {
      for_each_child(component, "section", [&](const xmlNode* sub) { nested.push_back(sub); });
    });
    pending.insert(pending.end(), nested.rbegin(), nested.rend());
  }
  return out;
}

ParsedFile file_problem(Reason reason, std::string message) {
  ParsedFile file;
  file.kind = SourceKind::checkup;
  file.problem = FileProblem{reason, std::move(message)};
  return file;
}

ParsedFile quarantined(std::string_view bytes, Reason reason, std::string message) {
  ParsedFile file;
  file.kind = SourceKind::checkup;
  file.quarantined.push_back(QuarantinedRecord{1, ByteSpan{0, bytes.size()}, reason, std::move(message)});
  return file;
}

ParsedFile parse_document(std::string_view bytes) {
  initialise_libxml2_once();
  const LastErrorReset reset_last_error;
  if (bytes.empty()) return file_problem(Reason::file_empty, "document: the file has zero bytes");
  if (bytes.size() > kMaxMessageBytes) {
    return quarantined(bytes, Reason::record_too_long,
                       "document: " + std::to_string(bytes.size()) + " bytes, above the limit of " +
                           std::to_string(kMaxMessageBytes));
  }
  if (!starts_like_xml(bytes)) {
    return file_problem(Reason::file_not_format, "document: the first non-blank byte is not '<': not an XML document");
  }
  if (!formats::is_valid_utf8(bytes)) {
    const std::size_t tail = incomplete_utf8_tail(bytes);
    const std::string_view head = bytes.substr(0, bytes.size() - tail);
    if (tail != 0 && formats::is_valid_utf8(head)) {
      const bool prefix = head.find("<!DOCTYPE") == std::string_view::npos && is_well_formed_prefix(head);
      return quarantined(bytes, prefix ? Reason::truncated_file : Reason::not_well_formed,
                         prefix ? "document: the file ends inside a UTF-8 sequence before the root element is closed"
                                : "document: the file ends inside a UTF-8 sequence and is not well-formed before it");
    }
    const std::size_t offset = first_invalid_utf8_offset(bytes);
    return quarantined(bytes, Reason::bad_byte_sequence,
                       "document: invalid UTF-8 near byte offset " + std::to_string(offset) + " (line " +
                           std::to_string(line_of_offset(bytes, offset)) + ")");
  }
  if (bytes.find("<!DOCTYPE") != std::string_view::npos) {
    return quarantined(bytes, Reason::not_well_formed,
                       "document: a document type declaration (DOCTYPE) is not allowed: no DTD, no entities");
  }

  ContextPtr context(xmlNewParserCtxt());
  if (!context || context->sax == nullptr) {
    return quarantined(bytes, Reason::not_well_formed, "document: libxml2 could not create a parser context");
  }
  ErrorCapture capture;
  context->_private = &capture;
  context->sax->serror = capture_error;
  DocPtr doc(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()), "checkup.xml", "UTF-8",
                               kParseOptions));
  const bool well_formed = doc && context->wellFormed != 0 && context->nsWellFormed != 0 && capture.errors == 0;
  if (!well_formed) {
    if (is_well_formed_prefix(bytes)) {
      return quarantined(bytes, Reason::truncated_file,
                         "document: the file ends before the root element is closed (" + location(capture) + ")");
    }
    return quarantined(bytes, Reason::not_well_formed, "document: not well-formed XML (" + location(capture) + ")");
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return quarantined(bytes, Reason::not_well_formed,
                       "document: a document type declaration (DOCTYPE) is not allowed: no DTD, no entities");
  }

  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is_hl7(root, "ClinicalDocument")) {
    return file_problem(Reason::file_not_format,
                        "document: the root element is not ClinicalDocument in namespace urn:hl7-org:v3");
  }
  const xmlNode* record_target = child(root, "recordTarget");
  const xmlNode* patient_role = child(record_target, "patientRole");
  const xmlNode* patient = child(patient_role, "patient");
  if (patient == nullptr) {
    const char* missing = record_target == nullptr   ? "ClinicalDocument/recordTarget"
                          : patient_role == nullptr ? "ClinicalDocument/recordTarget/patientRole"
                                                    : "ClinicalDocument/recordTarget/patientRole/patient";
    return quarantined(bytes, Reason::missing_element, std::string("document: element ") + missing + " is missing");
  }

  const ByteSpan whole{0, bytes.size()};
  ParsedRecord record;
  record.position = 1;
  record.bytes = whole;
  record.facility = facility_code(root);
  record.service_date = service_date(root);
  RawIdentity& id = record.identity;
  id.insurer = id_extension(patient_role, kInsurerOid);
  id.symbol = id_extension(patient_role, kSymbolOid);
  id.number = id_extension(patient_role, kNumberOid);
  id.branch = id_extension(patient_role, kBranchOid);
  if (const xmlNode* addr = child(patient_role, "addr"); addr != nullptr) {
    id.postal_code = without_indentation(text_content(child(addr, "postalCode")));
    id.address = address_text(addr);
  }
  id.kana_name = without_indentation(text_content(child(patient, "name")));
  id.sex = attribute_or_empty(child(patient, "administrativeGenderCode"), "code");
  id.birth = attribute_or_empty(child(patient, "birthTime"), "value");

  std::uint64_t ordinal = 0;
  for (const xmlNode* section : sections(root)) {
    for_each_child(section, "entry", [&](const xmlNode* entry) {
      for_each_child(entry, "observation", [&](const xmlNode* observation) {
        record.events.push_back(observation_event(observation, ++ordinal, whole, record.service_date));
      });
    });
  }

  ParsedFile file;
  file.kind = SourceKind::checkup;
  file.records.push_back(std::move(record));
  return file;
}

}  // namespace

ParsedFile parse_checkup_xml(std::string_view bytes) {
  return parse_document(bytes);
}

}  // namespace nayose::parse
