#pragma once
// レセ電 claim files: 医科 RECEIPTC.UKE and 調剤 RECEIPTY.CYO (CP932, CRLF, 0x1A; DOMAIN §1,
// src/formats/README.md "UKE", "CYO"). One ParsedRecord per claim (RE up to the next RE/GO).
#include <string_view>

#include "src/parse/record.hpp"

namespace nayose::parse {

ParsedFile parse_uke(std::string_view bytes);
ParsedFile parse_cyo(std::string_view bytes);

}  // namespace nayose::parse
