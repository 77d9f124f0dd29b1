#pragma once
// SS-MIX2 standardized-storage message files (HL7 v2.5, ISO-2022-JP, CR after every segment), one
// per SourceRecord: ADT-00 (ADT^A08), OMP-01 (RDE^O11), OML-11 (OUL^R22), PPR-01 (PPR^ZD1).
// Naming, segment layouts, item mapping and corruptions: README "SS-MIX2".
#include <string>
#include <string_view>
#include <vector>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

// One file per record, path
//   ssmix2/<医療機関コード>/<PID[0:3]>/<PID[3:6]>/<PID>/<診療日|->/<データ種別>/
//     <PID>_<診療日|->_<データ種別>_<オーダNo 15>_<発生日時 17>_<診療科|->_1
// (PID = ssmix2_path_patient_id(chart number)); RecordTruth position 1. Throws nayose::Error for a
// message_kind other than the four above.
std::vector<synth::WrittenFile> write_ssmix2(const synth::FacilityMonth& month);

// HL7 escaping of a data value: | -> \F\, ^ -> \S\, ~ -> \R\, \ -> \E\, & -> \T\; CR and LF removed.
std::string hl7_escape(std::string_view utf8);

// The patient ID used in folder and file names: the chart number after NFKC, every character
// outside [0-9A-Za-z] replaced by 'X', left-padded with '0' to 6 characters (so that the two folder
// levels PID[0:3] and PID[3:6] always exist). PID-3 inside the message keeps the chart number as
// recorded.
std::string ssmix2_path_patient_id(std::string_view chart_number);

// OBX-6 unit in ASCII as NHO requires: NFKC, then µ/μ -> u and 万 -> 10*4 (万/µL -> 10*4/uL).
std::string ascii_unit(std::string_view unit);

}  // namespace nayose::formats
