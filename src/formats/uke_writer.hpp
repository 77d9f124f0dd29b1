#pragma once
// RECEIPTC.UKE (医科 claims) from one facility-month: IR, per claim RE HO [SN] SY* (SI|IY|TO|CO)*,
// GO; CP932, CRLF, final 0x1A. Layout, item mapping and corruptions: README "UKE".
#include "kernels/synth/model.hpp"

namespace nayose::formats {

// Path uke/<都道府県>/<医療機関コード>/<診療年月 YYYYMM>/RECEIPTC.UKE. One RecordTruth per RE, its
// position being the 1-based line number of the RE line. Throws nayose::Error only on invalid
// UTF-8 or a date outside 明治..令和99 in a 和暦 facility.
synth::WrittenFile write_uke(const synth::FacilityMonth& month);

}  // namespace nayose::formats
