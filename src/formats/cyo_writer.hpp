#pragma once
// RECEIPTY.CYO (調剤 claims) from one pharmacy-month: YK, per claim RE HO [SN] (SH CZ IY+)* CO*, GO;
// CP932, CRLF, final 0x1A. Layout, item mapping and corruptions: README "CYO".
#include "kernels/synth/model.hpp"

namespace nayose::formats {

// Path cyo/<都道府県>/<薬局コード>/<調剤年月 YYYYMM>/RECEIPTY.CYO. One RecordTruth per RE, its position
// being the 1-based line number of the RE line.
synth::WrittenFile write_cyo(const synth::FacilityMonth& month);

}  // namespace nayose::formats
