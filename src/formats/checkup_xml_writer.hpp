#pragma once
// 特定健診 result documents (HL7 CDA R2, namespace urn:hl7-org:v3, UTF-8), one per person-visit, as
// found in the DATA folder of a submission archive (no ZIP, index or claims files). Written with
// libxml2's xmlTextWriter. Header, observations and corruptions: README "特定健診 XML".
#include <vector>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

// One file per record: checkup/<健診機関番号>/DATA/h<機関番号 10><実施日 YYYYMMDD><連番 1><実施区分 1>
// <serial 6>.xml with 連番 = 1, 実施区分 = 1 and serial = sequence mod 10^6. RecordTruth position 1.
std::vector<synth::WrittenFile> write_checkup_xml(const synth::FacilityMonth& month);

}  // namespace nayose::formats
