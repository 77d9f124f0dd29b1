#pragma once
// Death certificate (死亡診断書) monthly CSV per registry: our own layout following the MHLW form's
// identity and cause fields (DOMAIN §3.5; README "死亡 CSV": every column, encoding and why).
#include <array>
#include <string_view>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

inline constexpr std::array<std::string_view, 14> kDeathCsvColumns = {"受理番号",
                                                                      "氏名",
                                                                      "性別",
                                                                      "生年月日",
                                                                      "死亡年月日",
                                                                      "死亡時刻",
                                                                      "住所",
                                                                      "住所地市区町村コード",
                                                                      "死亡したところの種別",
                                                                      "死因I_ア_ICD10",
                                                                      "死因I_イ_ICD10",
                                                                      "死因I_ウ_ICD10",
                                                                      "死因I_エ_ICD10",
                                                                      "死因II_ICD10"};

// Path death/<都道府県>/<YYYYMM>.csv; UTF-8 without BOM, CRLF, header line; one data line per record;
// RecordTruth position = line number counting the header as line 1.
synth::WrittenFile write_death_csv(const synth::FacilityMonth& month);

}  // namespace nayose::formats
