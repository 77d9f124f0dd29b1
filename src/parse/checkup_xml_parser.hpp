#pragma once
// 特定健診 CDA R2 XML documents (UTF-8; DOMAIN §3.1-3.3, src/formats/README.md "特定健診 XML"),
// parsed with libxml2. One ParsedRecord per document.
#include <string_view>

#include "src/parse/record.hpp"

namespace nayose::parse {

ParsedFile parse_checkup_xml(std::string_view bytes);

}  // namespace nayose::parse
